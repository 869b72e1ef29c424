using System.Security.Cryptography;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Administration;

/// <summary>
/// Creating, editing, deactivating and resetting users. Users are never deleted: history and reports keep
/// pointing at them by id and name. Every change is in the user's own history (<see cref="UserHistory"/>),
/// written in the same save. Authorization is the controller's; these methods trust the id.
/// </summary>
public sealed class UserCommands(AppDbContext db, UserManager<AppUser> users, UserQueries queries, UserHistory history, ILogger<UserCommands> logger)
{
    public const string StaleMessage =
        "Någon annan har ändrat användaren medan du redigerade. Uppgifterna nedan är dina men har inte sparats; kontrollera och spara igen.";

    public const string OwnRightsMessage =
        "Du kan inte ändra dina egna roller, avdelningar eller enheter. Be en annan administratör att göra ändringen.";

    public async Task ValidateAsync(UserScope admin, UserForm form, string? id, ModelStateDictionary modelState, CancellationToken ct)
    {
        if (form.Roles.Count == 0)
        {
            modelState.AddModelError(nameof(UserForm.Roles), "Välj minst en roll.");
        }
        else if (form.Roles.Any(r => !Authorization.Roles.All.Contains(r)))
        {
            modelState.AddModelError(nameof(UserForm.Roles), "Välj roller i listan.");
        }
        form.ValidateRoleNeeds(modelState);
        if (form.OrganisationId is not { } org || !admin.Covers(org) || !await db.Organisations.AnyAsync(o => o.Id == org, ct))
        {
            modelState.AddModelError(nameof(UserForm.OrganisationId), "Välj användarens förvaltning i listan.");
            return;
        }
        var current = id is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { Departments = u.Departments.Select(d => d.DepartmentId).ToList(), Units = u.Units.Select(x => x.UnitId).ToList() })
            .SingleAsync(ct);
        var departments = form.DepartmentIds.Distinct().ToList();
        var validDepartments = await db.Departments
            .Where(d => departments.Contains(d.Id) && d.OrganisationId == org)
            .Select(d => new { d.Id, d.ClosedOn }).ToListAsync(ct);
        if (validDepartments.Count != departments.Count
            || validDepartments.Any(d => d.ClosedOn != null && current?.Departments.Contains(d.Id) != true))
        {
            modelState.AddModelError(nameof(UserForm.DepartmentIds), "Välj avdelningar i användarens förvaltning som inte är stängda.");
        }
        var units = form.UnitIds.Distinct().ToList();
        var validUnits = await db.Units.Where(u => units.Contains(u.Id) && u.OrganisationId == org)
            .Select(u => new { u.Id, u.ClosedOn }).ToListAsync(ct);
        if (validUnits.Count != units.Count || validUnits.Any(u => u.ClosedOn != null && current?.Units.Contains(u.Id) != true))
        {
            modelState.AddModelError(nameof(UserForm.UnitIds), "Välj enheter i användarens förvaltning som inte är stängda.");
        }
        var email = form.Email?.Trim();
        if (!string.IsNullOrEmpty(email) && await users.FindByEmailAsync(email) is { } other && other.Id != id)
        {
            modelState.AddModelError(nameof(UserForm.Email), $"E-postadressen ”{email}” används redan av {other.DisplayName}.");
        }
        if (id is not null && !form.Roles.Contains(Authorization.Roles.Administrator)
            && (await queries.RolesAsync(id, ct)).Contains(Authorization.Roles.Administrator))
        {
            if (id == admin.UserId)
            {
                modelState.AddModelError(nameof(UserForm.Roles), "Du kan inte ta bort rollen Administratör från dig själv.");
            }
            else if (!await AnotherActiveAdministratorAsync(id, ct))
            {
                modelState.AddModelError(nameof(UserForm.Roles), "Användaren är den sista aktiva administratören och måste behålla rollen.");
            }
        }
        // Separation of duties: nobody raises (or changes) their own rights; another administrator must.
        if (id is not null && id == admin.UserId && current is not null && modelState[nameof(UserForm.Roles)]?.Errors.Count is null or 0
            && (!form.Roles.ToHashSet().SetEquals(await queries.RolesAsync(id, ct))
                || !departments.ToHashSet().SetEquals(current.Departments) || !units.ToHashSet().SetEquals(current.Units)))
        {
            modelState.AddModelError(nameof(UserForm.Roles), OwnRightsMessage);
        }
    }

    /// <returns>The new user's id and the password to show once (generated when the form left it empty).</returns>
    public async Task<(string? Id, string? Password)> CreateAsync(UserForm form, ModelStateDictionary modelState, CancellationToken ct)
    {
        var password = string.IsNullOrEmpty(form.Password) ? GeneratePassword() : form.Password;
        var email = form.Email!.Trim();
        var user = new AppUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = form.DisplayName!.Trim(),
            Title = Archiving.Clean(form.Title), OrganisationId = form.OrganisationId,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            AddErrors(modelState, created, nameof(UserForm.Password));
            return (null, null);
        }
        var roles = await users.AddToRolesAsync(user, form.Roles.Distinct());
        if (!roles.Succeeded)
        {
            AddErrors(modelState, roles, nameof(UserForm.Roles));
            return (null, null);
        }
        SetScope(user.Id, [], [], form);
        await db.SaveChangesAsync(ct);
        history.Created(user.Id, await history.SnapshotAsync(user.Id, ct));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("User {UserId} created with roles {Roles}", user.Id, string.Join(",", form.Roles));
        return (user.Id, string.IsNullOrEmpty(form.Password) ? password : null);
    }

    /// <returns>False when the form was stale or Identity refused the change (the messages are in the model state).</returns>
    public async Task<bool> UpdateAsync(string id, UserForm form, ModelStateDictionary modelState, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id) ?? throw new InvalidOperationException("The user was authorized but is gone.");
        if (user.ConcurrencyStamp != form.ConcurrencyStamp)
        {
            modelState.AddModelError("", StaleMessage);
            // The form comes back with the current stamp, so that saving again after checking goes through.
            modelState.Remove(nameof(UserForm.ConcurrencyStamp));
            form.ConcurrencyStamp = user.ConcurrencyStamp;
            return false;
        }
        var email = form.Email!.Trim();
        var before = await history.SnapshotAsync(id, ct);
        user.DisplayName = form.DisplayName!.Trim();
        user.Title = Archiving.Clean(form.Title);
        user.Email = email;
        user.UserName = email;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            AddErrors(modelState, updated, "");
            return false;
        }
        var current = await queries.RolesAsync(id, ct);
        var removed = current.Except(form.Roles).ToList();
        var added = form.Roles.Distinct().Except(current).ToList();
        if (removed.Count > 0 && await users.RemoveFromRolesAsync(user, removed) is { Succeeded: false } r1)
        {
            AddErrors(modelState, r1, nameof(UserForm.Roles));
            return false;
        }
        if (added.Count > 0 && await users.AddToRolesAsync(user, added) is { Succeeded: false } r2)
        {
            AddErrors(modelState, r2, nameof(UserForm.Roles));
            return false;
        }
        var departments = await db.UserDepartments.Where(d => d.UserId == id).ToListAsync(ct);
        var units = await db.UserUnits.Where(u => u.UserId == id).ToListAsync(ct);
        SetScope(id, departments, units, form);
        await db.SaveChangesAsync(ct);
        history.Changes(id, before, await history.SnapshotAsync(id, ct));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        // Roles and scope are cookie claims; the user's session picks them up at the next security stamp
        // validation (Features/Account/IdentityServices.cs), without being signed out.
        logger.LogInformation("User {UserId} edited: roles now {Roles}", id, string.Join(",", form.Roles));
        return true;
    }

    /// <returns>A Swedish message when the change is refused; null when done.</returns>
    public async Task<string?> SetActiveAsync(UserScope admin, string id, bool active, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id) ?? throw new InvalidOperationException("The user was authorized but is gone.");
        if (user.IsActive == active)
        {
            return null;
        }
        if (!active)
        {
            if (id == admin.UserId)
            {
                return "Du kan inte inaktivera dig själv.";
            }
            if ((await queries.RolesAsync(id, ct)).Contains(Authorization.Roles.Administrator) && !await AnotherActiveAdministratorAsync(id, ct))
            {
                return "Användaren är den sista aktiva administratören och kan inte inaktiveras.";
            }
        }
        user.IsActive = active;
        // Saved with the stamp below, in the same SaveChanges.
        history.Record(id, UserHistory.Status, UserHistory.StatusName(!active), UserHistory.StatusName(active));
        // A new security stamp makes an existing session fail its next validation, so a deactivated user's
        // cookie stops working (AppSignInManager refuses new sign-ins).
        var result = await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded)
        {
            return string.Join(" ", result.Errors.Select(e => e.Description));
        }
        logger.LogInformation("User {UserId} {Change} by {AdminId}", id, active ? "reactivated" : "deactivated", admin.UserId);
        return null;
    }

    /// <returns>False when the user has no link to that issuer.</returns>
    public async Task<bool> RemoveProviderLinkAsync(string id, string? issuer, CancellationToken ct)
    {
        var link = await db.UserLogins.SingleOrDefaultAsync(l => l.UserId == id && l.LoginProvider == issuer, ct);
        if (link is null)
        {
            return false;
        }
        // The link row goes (Identity's table has no archive); what it was stays in the user's history.
        db.UserLogins.Remove(link);
        history.Record(id, Account.ProviderSignInController.LinkField, $"{link.LoginProvider} ({link.ProviderKey})", "Borttagen av administratören");
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Provider link of user {UserId} to {Issuer} removed by an administrator", id, link.LoginProvider);
        return true;
    }

    /// <returns>The password to show once when it was generated; null when the administrator typed it.</returns>
    public async Task<(bool Done, string? Generated)> ResetPasswordAsync(string id, string? password, ModelStateDictionary modelState)
    {
        var user = await users.FindByIdAsync(id) ?? throw new InvalidOperationException("The user was authorized but is gone.");
        var chosen = string.IsNullOrEmpty(password) ? GeneratePassword() : password;
        var token = await users.GeneratePasswordResetTokenAsync(user);
        await using var transaction = await db.Database.BeginTransactionAsync();
        // ResetPasswordAsync validates the password policy and renews the security stamp: old sessions end.
        var result = await users.ResetPasswordAsync(user, token, chosen);
        if (!result.Succeeded)
        {
            AddErrors(modelState, result, nameof(PasswordResetForm.Password));
            return (false, null);
        }
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        history.Record(id, UserHistory.Password, null,
            string.IsNullOrEmpty(password) ? "Nytt lösenord genererat av administratören" : "Nytt lösenord satt av administratören");
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        logger.LogInformation("Password of user {UserId} reset by an administrator", id);
        return (true, string.IsNullOrEmpty(password) ? chosen : null);
    }

    private Task<bool> AnotherActiveAdministratorAsync(string exceptId, CancellationToken ct) =>
        db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .Where(x => x.Name == Authorization.Roles.Administrator && x.UserId != exceptId)
            .Join(db.Users, x => x.UserId, u => u.Id, (x, u) => u)
            .AnyAsync(u => u.IsActive, ct);

    private void SetScope(string userId, List<UserDepartment> departments, List<UserUnit> units, UserForm form)
    {
        var wantedDepartments = form.DepartmentIds.ToHashSet();
        db.UserDepartments.RemoveRange(departments.Where(d => !wantedDepartments.Contains(d.DepartmentId)));
        db.UserDepartments.AddRange(wantedDepartments.Except(departments.Select(d => d.DepartmentId))
            .Select(d => new UserDepartment { UserId = userId, DepartmentId = d }));
        var wantedUnits = form.UnitIds.ToHashSet();
        db.UserUnits.RemoveRange(units.Where(u => !wantedUnits.Contains(u.UnitId)));
        db.UserUnits.AddRange(wantedUnits.Except(units.Select(u => u.UnitId)).Select(u => new UserUnit { UserId = userId, UnitId = u }));
    }

    private static void AddErrors(ModelStateDictionary modelState, IdentityResult result, string key)
    {
        foreach (var error in result.Errors)
        {
            var field = error.Code.StartsWith("Password", StringComparison.Ordinal) ? key
                : error.Code is "DuplicateEmail" or "InvalidEmail" or "DuplicateUserName" or "InvalidUserName" ? nameof(UserForm.Email)
                : error.Code == "ConcurrencyFailure" ? "" : key;
            modelState.AddModelError(field, error.Code == "ConcurrencyFailure" ? StaleMessage : error.Description);
        }
    }

    /// <summary>Sixteen letters and digits without look-alikes (0/O, 1/l), in groups of four: 19 characters,
    /// well over the 12 the policy asks, and easy to read out over the phone.</summary>
    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        var raw = RandomNumberGenerator.GetString(alphabet, 16);
        return string.Join("-", Enumerable.Range(0, 4).Select(i => raw.Substring(i * 4, 4)));
    }
}
