using System.Security.Claims;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Insatsportal.Web.Security;

/// <summary>
/// Makes a sign-in cookie useless the moment its user's security stamp changes (sign-out, password change) or
/// the user is deactivated (OWASP ASVS 4.0.3 V3.3.1, V3.3.3). Identity's own validator would rebuild the whole
/// principal, scope claims included, on every request if its interval were zero; this one compares the stamp in
/// the cookie with the database's in one query by primary key, and leaves the periodic rebuild of the scope
/// claims to Identity's validator at its usual interval.
/// </summary>
public sealed class SessionValidator(
    IOptions<SecurityStampValidatorOptions> options, SignInManager<AppUser> signInManager, ILoggerFactory logger,
    AppDbContext db, IOptions<IdentityOptions> identity)
    : SecurityStampValidator<AppUser>(options, signInManager, logger)
{
    public override async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var userId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = context.Principal?.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        var current = userId is null ? null : await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.SecurityStamp, u.IsActive })
            .SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (current is null || !current.IsActive || stamp is null || current.SecurityStamp != stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        await base.ValidateAsync(context);
    }
}
