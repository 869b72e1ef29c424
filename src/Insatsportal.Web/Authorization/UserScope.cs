using System.Globalization;
using System.Security.Claims;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Insatsportal.Web.Authorization;

/// <summary>Where a user may act: their förvaltning, departments and units, read from the sign-in cookie's
/// claims so that no request needs a query to know it.</summary>
public sealed record UserScope(
    string UserId, string DisplayName, int? OrganisationId, IReadOnlySet<int> DepartmentIds, IReadOnlySet<int> UnitIds,
    IReadOnlySet<string> Roles)
{
    public bool IsIn(string role) => Roles.Contains(role);

    /// <summary>Roles that write plan content (within their scope).</summary>
    public bool IsPlanner => IsIn(Authorization.Roles.DirectorOfEducation) || IsIn(Authorization.Roles.DepartmentHead)
        || IsIn(Authorization.Roles.Official);

    public static UserScope From(ClaimsPrincipal principal) => new(
        principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
        principal.FindFirstValue(ScopeClaims.DisplayName) ?? principal.Identity?.Name ?? "",
        int.TryParse(principal.FindFirstValue(ScopeClaims.Organisation), CultureInfo.InvariantCulture, out var org) ? org : null,
        Ids(principal, ScopeClaims.Department),
        Ids(principal, ScopeClaims.Unit),
        principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet());

    private static HashSet<int> Ids(ClaimsPrincipal principal, string type) =>
        principal.FindAll(type).Select(c => int.Parse(c.Value, CultureInfo.InvariantCulture)).ToHashSet();
}

public static class ScopeClaims
{
    public const string DisplayName = "insatsportal:name";
    public const string Organisation = "insatsportal:org";
    public const string Department = "insatsportal:dept";
    public const string Unit = "insatsportal:unit";
}

public static class UserScopeExtensions
{
    public static UserScope Scope(this ClaimsPrincipal principal) => UserScope.From(principal);
}

/// <summary>Puts the user's scope into the cookie at sign-in (and when the security stamp is revalidated).</summary>
public sealed class AppClaimsPrincipalFactory(
    UserManager<AppUser> userManager, RoleManager<IdentityRole> roleManager, IOptions<IdentityOptions> options,
    AppDbContext db)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ScopeClaims.DisplayName, user.DisplayName));
        if (user.OrganisationId is { } org)
        {
            identity.AddClaim(new Claim(ScopeClaims.Organisation, org.ToString(CultureInfo.InvariantCulture)));
        }
        var departments = await db.UserDepartments.Where(d => d.UserId == user.Id).Select(d => d.DepartmentId).ToListAsync();
        var units = await db.UserUnits.Where(u => u.UserId == user.Id).Select(u => u.UnitId).ToListAsync();
        identity.AddClaims(departments.Select(d => new Claim(ScopeClaims.Department, d.ToString(CultureInfo.InvariantCulture))));
        identity.AddClaims(units.Select(u => new Claim(ScopeClaims.Unit, u.ToString(CultureInfo.InvariantCulture))));
        return identity;
    }
}
