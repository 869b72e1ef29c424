using Insatsportal.Web.Features.Shared;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Administration;
using Insatsportal.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Insatsportal.Web.Features.Home;

namespace Insatsportal.Web.Features.Account;

/// <summary>
/// The two ends of a sign-in through the provider: the button's POST starts the flow, and the provider's answer,
/// once the OpenID Connect handler has validated it into the external cookie, comes back here to become an ordinary
/// session. Nobody gets in without a user an administrator made: the first sign-in links the provider's identity to
/// the active user with the token's e-mail address, and from then on only the link counts (docs/sso.md).
/// </summary>
// Sign-in through the provider: never from the output cache.
[NoPageCache]
[AllowAnonymous]
public sealed class ProviderSignInController(
    SignInManager<AppUser> signInManager, IOptions<SignInSettings> settings, UserHistory history, ILoggerFactory loggers) : Controller
{
    public const string LinkField = "Inloggning via identitetsleverantör";

    private readonly ILogger _security = loggers.CreateLogger(SecurityEvents.Category);

    [HttpPost("/logga-in/extern", Name = AccountRoutes.ProviderStart)]
    public IActionResult Start(string? returUrl = null)
    {
        if (!settings.Value.OpenIdConnect.IsConfigured)
        {
            return NotFound();
        }
        var done = Url.RouteUrl(AccountRoutes.ProviderDone, Url.IsLocalUrl(returUrl) ? new { returUrl } : null);
        return Challenge(new AuthenticationProperties { RedirectUri = done }, ProviderSignIn.Scheme);
    }

    [HttpGet("/logga-in/extern/klar", Name = AccountRoutes.ProviderDone)]
    public async Task<IActionResult> Done(string? returUrl = null)
    {
        var external = await HttpContext.AuthenticateAsync(IdentityConstants.ExternalScheme);
        // The external cookie has done its work either way; it must not linger.
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        if (!external.Succeeded || ProviderSignIn.Identity(external.Principal, settings.Value.OpenIdConnect.DisplayName) is not { } login)
        {
            return RedirectToRoute(AccountRoutes.SignIn);
        }
        var users = signInManager.UserManager;
        var email = ProviderSignIn.Email(external.Principal);
        var user = await users.FindByLoginAsync(login.LoginProvider, login.ProviderKey);
        if (user is null)
        {
            // The first sign-in: the active user an administrator created with this address, if they are not already
            // linked to another identity at this provider (then the link decides, not the address).
            var candidate = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email);
            if (candidate is null || !await signInManager.CanSignInAsync(candidate))
            {
                return Refused(candidate?.Id, email);
            }
            if ((await users.GetLoginsAsync(candidate)).Any(l => l.LoginProvider == login.LoginProvider))
            {
                return Refused(candidate.Id, email);
            }
            // Saved by AddLoginAsync's own SaveChanges: the link is never made without its history entry.
            history.Record(candidate.Id, LinkField, null, $"Kopplad vid första inloggningen ({login.LoginProvider})");
            var linked = await users.AddLoginAsync(candidate, login);
            if (!linked.Succeeded)
            {
                return Refused(candidate.Id, email);
            }
            _security.LogSecurityEvent(SecurityEvents.ProviderLinked, HttpContext, candidate.Id, email);
            user = candidate;
        }
        else if (!await signInManager.CanSignInAsync(user))
        {
            return Refused(user.Id, email);
        }

        var properties = new AuthenticationProperties { IsPersistent = false };
        if (external.Properties?.GetTokenValue("id_token") is { } idToken)
        {
            // Kept in the session cookie for the provider's sign-out (id_token_hint); the access token is not kept.
            properties.StoreTokens([new AuthenticationToken { Name = "id_token", Value = idToken }]);
        }
        await signInManager.SignInAsync(user, properties, ProviderSignIn.AuthenticationMethod);
        _security.LogSecurityEvent(SecurityEvents.SignInSucceeded, HttpContext, user.Id, user.Email);
        return LocalRedirect(Url.IsLocalUrl(returUrl) ? returUrl : Url.RouteUrl(HomeRoutes.Index)!);
    }

    [HttpGet("/logga-in/misslyckades", Name = AccountRoutes.ProviderFailed)]
    public IActionResult Failed() => View("/Features/Account/ProviderFailed.cshtml");

    private ViewResult Refused(string? userId, string? email)
    {
        _security.LogSecurityEvent(SecurityEvents.ProviderSignInRefused, HttpContext, userId, email);
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View("/Features/Account/ProviderRefused.cshtml");
    }
}
