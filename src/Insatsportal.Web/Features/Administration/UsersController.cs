using Insatsportal.Web.Features.Shared;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Features.Account;
using Insatsportal.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Insatsportal.Web.Features.Administration;

public sealed record PasswordShownPage(string UserId, string DisplayName, string Email, string Password, bool Created);

/// <summary>
/// Users, for administrators of the user's förvaltning (docs/authorization.md). A user outside the
/// administrator's förvaltning is a 404, like one that does not exist.
/// </summary>
// Administration is not cached: a user's page shows a lockout that ends with time, not with a write.
[NoPageCache]
[Authorize(Roles = Roles.Administrator)]
public sealed class UsersController(
    UserQueries queries, UserCommands commands, Handover handover, UserHistory history, IOptions<SignInSettings> signIn,
    ILoggerFactory loggers) : Controller
{
    private readonly ILogger _security = loggers.CreateLogger(SecurityEvents.Category);

    [HttpGet("/admin", Name = AdminRoutes.Home)]
    public IActionResult Home() => View("Home");

    [HttpGet("/admin/anvandare", Name = AdminRoutes.Users)]
    public async Task<IActionResult> Index(string? sok, int inaktiva = 0, int sida = 1, CancellationToken ct = default) =>
        View("Users", await queries.ListAsync(User.Scope(), sok, inaktiva == 1, sida, ct));

    [HttpGet("/admin/anvandare/ny", Name = AdminRoutes.NewUser)]
    public async Task<IActionResult> Create(CancellationToken ct)
    {
        var form = new UserForm { OrganisationId = User.Scope().OrganisationId };
        return await FormView(form, ct);
    }

    [HttpPost("/admin/anvandare/ny", Name = AdminRoutes.NewUser)]
    public async Task<IActionResult> Create(UserForm form, CancellationToken ct)
    {
        var admin = User.Scope();
        form.OrganisationId = admin.OrganisationId ?? form.OrganisationId;
        await commands.ValidateAsync(admin, form, null, ModelState, ct);
        if (ModelState.IsValid)
        {
            var (id, password) = await commands.CreateAsync(form, ModelState, ct);
            if (id is not null)
            {
                if (password is not null)
                {
                    return PasswordShown(new PasswordShownPage(id, form.DisplayName!.Trim(), form.Email!.Trim(), password, Created: true));
                }
                TempData["Bekraftelse"] = "Användaren är skapad.";
                return RedirectToRoute(AdminRoutes.User, new { id });
            }
        }
        form.Password = null;
        return await FormView(form, ct);
    }

    [HttpGet("/admin/anvandare/{id}", Name = AdminRoutes.User)]
    public async Task<IActionResult> Details(string id, int historik = 1, CancellationToken ct = default) =>
        await queries.DetailsAsync(User.Scope(), id, ct) is { } details ? await DetailsView(details, historik, ct) : NotFound();

    /// <summary>The user's page with a page of their history (newest first; <c>?historik=2</c> for older).</summary>
    private async Task<ViewResult> DetailsView(UserDetails details, int historyPage, CancellationToken ct) =>
        View("UserDetails", details with
        {
            History = await history.PageAsync(details.Id, historyPage, ct),
            ProviderLinks = await queries.ProviderLinksAsync(details.Id, ct),
            MayUsePassword = signIn.Value.MayUsePassword(details.Email),
        });

    /// <summary>Removes the user's link to the provider: the next sign-in there links again by e-mail address (for a
    /// person who got a new account at the provider). Kept in the user's history and the security log.</summary>
    [HttpPost("/admin/anvandare/{id}/koppling/ta-bort", Name = AdminRoutes.RemoveProviderLink)]
    public async Task<IActionResult> RemoveProviderLink(string id, string? issuer, CancellationToken ct)
    {
        if (!(await queries.FindAsync(User.Scope(), id, ct)).Found)
        {
            return NotFound();
        }
        if (!await commands.RemoveProviderLinkAsync(id, issuer, ct))
        {
            // Removed already (by another administrator, say): nothing to do, and the page says so.
            TempData["Bekraftelse"] = "Användaren har ingen sådan koppling till inloggningstjänsten.";
            return RedirectToRoute(AdminRoutes.User, new { id });
        }
        _security.LogSecurityEvent(SecurityEvents.ProviderLinkRemoved, HttpContext, id, "-");
        TempData["Bekraftelse"] = "Kopplingen till inloggningstjänsten är borttagen. Nästa inloggning där kopplas på nytt via e-postadressen.";
        return RedirectToRoute(AdminRoutes.User, new { id });
    }

    [HttpGet("/admin/anvandare/{id}/redigera", Name = AdminRoutes.EditUser)]
    public async Task<IActionResult> Edit(string id, CancellationToken ct) =>
        await queries.LoadFormAsync(User.Scope(), id, ct) is { } form ? await FormView(form, ct) : NotFound();

    [HttpPost("/admin/anvandare/{id}/redigera", Name = AdminRoutes.EditUser)]
    public async Task<IActionResult> Edit(string id, UserForm form, CancellationToken ct)
    {
        var admin = User.Scope();
        var (found, organisationId) = await queries.FindAsync(admin, id, ct);
        if (!found)
        {
            return NotFound();
        }
        // The förvaltning is fixed once the user exists: their history and responsibilities belong to it.
        form.Id = id;
        form.OrganisationId = organisationId;
        form.Password = null;
        var rolesBefore = await queries.RolesAsync(id, ct);
        await commands.ValidateAsync(admin, form, id, ModelState, ct);
        if (ModelState[nameof(UserForm.Roles)]?.Errors.Any(e => e.ErrorMessage == UserCommands.OwnRightsMessage) == true)
        {
            _security.LogSecurityEvent(SecurityEvents.OwnRightsRefused, HttpContext);
        }
        if (ModelState.IsValid && await commands.UpdateAsync(id, form, ModelState, ct))
        {
            if (!rolesBefore.ToHashSet().SetEquals(form.Roles))
            {
                // The event names the user whose roles changed; the request's own log context names who did it.
                _security.LogSecurityEvent(SecurityEvents.RolesChanged, HttpContext, id, "-");
            }
            TempData["Bekraftelse"] = "Användaren är sparad.";
            return RedirectToRoute(AdminRoutes.User, new { id });
        }
        return await FormView(form, ct);
    }

    [HttpPost("/admin/anvandare/{id}/inaktivera", Name = AdminRoutes.Deactivate)]
    public Task<IActionResult> Deactivate(string id, CancellationToken ct) => SetActive(id, false, ct);

    [HttpPost("/admin/anvandare/{id}/aktivera", Name = AdminRoutes.Reactivate)]
    public Task<IActionResult> Reactivate(string id, CancellationToken ct) => SetActive(id, true, ct);

    [HttpGet("/admin/anvandare/{id}/losenord", Name = AdminRoutes.ResetPassword)]
    public async Task<IActionResult> ResetPassword(string id, CancellationToken ct) =>
        await queries.DetailsAsync(User.Scope(), id, ct) is { } user && signIn.Value.MayUsePassword(user.Email)
            ? View("PasswordReset", new PasswordResetForm { Id = id, DisplayName = user.DisplayName })
            : NotFound();

    [HttpPost("/admin/anvandare/{id}/losenord", Name = AdminRoutes.ResetPassword)]
    public async Task<IActionResult> ResetPassword(string id, PasswordResetForm form, CancellationToken ct)
    {
        if (await queries.DetailsAsync(User.Scope(), id, ct) is not { } user)
        {
            return NotFound();
        }
        if (!signIn.Value.MayUsePassword(user.Email))
        {
            // Local passwords are off: only a break-glass administrator has a password to reset (docs/sso.md).
            _security.LogSecurityEvent(SecurityEvents.PasswordRefused, HttpContext, id, "-");
            return NotFound();
        }
        form.Id = id;
        form.DisplayName = user.DisplayName;
        if (ModelState.IsValid)
        {
            var (done, generated) = await commands.ResetPasswordAsync(id, form.Password, ModelState);
            if (done && generated is not null)
            {
                return PasswordShown(new PasswordShownPage(id, user.DisplayName, user.Email ?? "", generated, Created: false));
            }
            if (done)
            {
                TempData["Bekraftelse"] = "Lösenordet är bytt. Användarens pågående inloggningar upphör.";
                return RedirectToRoute(AdminRoutes.User, new { id });
            }
        }
        form.Password = null;
        return View("PasswordReset", form);
    }

    [HttpGet("/admin/anvandare/{id}/overlamna", Name = AdminRoutes.Handover)]
    public async Task<IActionResult> Handover(string id, string? eftertradare, CancellationToken ct)
    {
        if (await queries.DetailsAsync(User.Scope(), id, ct) is not { } user)
        {
            return NotFound();
        }
        return View("Handover", await HandoverPageAsync(user, eftertradare, deactivate: true, error: null, ct));
    }

    [HttpPost("/admin/anvandare/{id}/overlamna", Name = AdminRoutes.Handover)]
    public async Task<IActionResult> Handover(string id, string? successorId, string? deactivate, CancellationToken ct)
    {
        var admin = User.Scope();
        if (await queries.DetailsAsync(admin, id, ct) is not { } user)
        {
            return NotFound();
        }
        var error = await handover.TransferAsync(admin, id, successorId, deactivate == "true", ct);
        if (error is not null)
        {
            return View("Handover", await HandoverPageAsync(user, successorId, deactivate == "true", error, ct));
        }
        TempData["Bekraftelse"] = deactivate == "true"
            ? "Överlämningen är klar och användaren är inaktiverad."
            : "Överlämningen är klar.";
        return RedirectToRoute(AdminRoutes.User, new { id });
    }

    private async Task<HandoverPage> HandoverPageAsync(UserDetails user, string? successorId, bool deactivate, string? error, CancellationToken ct)
    {
        var candidates = await handover.CandidatesAsync(user.Id, ct);
        var successor = candidates.FirstOrDefault(c => c.Id == successorId);
        if (successorId is not null && successor is null && error is null)
        {
            error = "Välj en efterträdare i listan: en aktiv användare i samma förvaltning med samma slags roll.";
        }
        return new HandoverPage(user.Id, user.DisplayName, user.IsActive, candidates, successor?.Id, successor?.DisplayName,
            await handover.PreviewAsync(user.Id, ct), deactivate && user.IsActive, error);
    }

    private async Task<IActionResult> SetActive(string id, bool active, CancellationToken ct)
    {
        var admin = User.Scope();
        if (!(await queries.FindAsync(admin, id, ct)).Found)
        {
            return NotFound();
        }
        if (await commands.SetActiveAsync(admin, id, active, ct) is { } refusal)
        {
            return await DetailsView((await queries.DetailsAsync(admin, id, ct))! with { Error = refusal }, 1, ct);
        }
        TempData["Bekraftelse"] = active
            ? "Användaren är aktiverad och kan logga in igen."
            : "Användaren är inaktiverad. Hen kan inte logga in, och en pågående inloggning upphör.";
        return RedirectToRoute(AdminRoutes.User, new { id });
    }

    private ViewResult PasswordShown(PasswordShownPage page)
    {
        // The password is shown once and must not be kept by the browser's or a proxy's cache.
        Response.Headers.CacheControl = "no-store";
        return View("PasswordShown", page);
    }

    private async Task<ViewResult> FormView(UserForm form, CancellationToken ct)
    {
        await queries.FillOptionsAsync(User.Scope(), form, ct);
        return View("UserForm", form);
    }
}
