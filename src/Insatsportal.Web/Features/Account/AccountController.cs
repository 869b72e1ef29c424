using Insatsportal.Web.Features.Shared;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Home;
using Insatsportal.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using Microsoft.Extensions.Options;

namespace Insatsportal.Web.Features.Account;

public sealed class SignInForm
{
    [Required(ErrorMessage = "Ange din e-postadress.")]
    [EmailAddress(ErrorMessage = "Ange en giltig e-postadress.")]
    [StringLength(256, ErrorMessage = "E-postadressen är för lång.")]
    [Display(Name = "E-postadress")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Ange ditt lösenord.")]
    [StringLength(256, ErrorMessage = "Lösenordet är för långt.")]
    [DataType(DataType.Password)]
    [Display(Name = "Lösenord")]
    public string? Password { get; set; }

    /// <summary>A checkbox posts "true" or nothing. It is bound as text so that a tampered value becomes a
    /// validation message; a bool would make the checkbox tag helper throw when the form is shown again.</summary>
    [RegularExpression("^(true|false)$", ErrorMessage = "Värdet för ”Kom ihåg mig” är inte giltigt.")]
    [Display(Name = "Kom ihåg mig på den här datorn")]
    public string? RememberMe { get; set; }

    public bool Remember => RememberMe == "true";

    /// <summary>Where the user asked to go, carried in the forms' addresses; the sign-in checks it is local before
    /// going there.</summary>
    [BindNever, ValidateNever] public string? ReturnUrl { get; set; }

    /// <summary>Whether the page shows the password form (off when local passwords are off, except for the
    /// break-glass address).</summary>
    [BindNever, ValidateNever] public bool PasswordForm { get; set; } = true;
}

public sealed class ChangePasswordForm
{
    [Required(ErrorMessage = "Ange ditt nuvarande lösenord.")]
    [StringLength(256, ErrorMessage = "Lösenordet är för långt.")]
    [DataType(DataType.Password)]
    [Display(Name = "Nuvarande lösenord")]
    public string? CurrentPassword { get; set; }

    [Required(ErrorMessage = "Ange ett nytt lösenord.")]
    [StringLength(256, ErrorMessage = "Det nya lösenordet får ha högst 256 tecken.")]
    [DataType(DataType.Password)]
    [Display(Name = "Nytt lösenord")]
    public string? NewPassword { get; set; }

    [Required(ErrorMessage = "Skriv det nya lösenordet en gång till.")]
    [Compare(nameof(NewPassword), ErrorMessage = "Lösenorden är inte lika.")]
    [DataType(DataType.Password)]
    [Display(Name = "Nytt lösenord igen")]
    public string? ConfirmPassword { get; set; }
}

// Sign-in, sign-out and the password: never from the output cache.
[NoPageCache]
public sealed class AccountController(
    SignInManager<AppUser> signInManager, IOptions<SignInSettings> settings, IOptionsMonitor<OpenIdConnectOptions> oidcOptions,
    ILoggerFactory loggers) : Controller
{
    private readonly ILogger _security = loggers.CreateLogger(SecurityEvents.Category);

    // One answer for every refusal (unknown address, wrong password, locked, deactivated), so that nobody can tell
    // from the page which addresses have accounts; the security log keeps the real cause.
    private const string FailedMessage =
        "Fel e-postadress eller lösenord. Efter flera misslyckade försök spärras inloggningen i 15 minuter.";

    /// <summary>Only for a signed-in user changing their password: they know their account exists.</summary>
    private const string LockedOutMessage = "Kontot är tillfälligt spärrat efter för många misslyckade försök. Försök igen om en stund.";

    /// <summary>A hash of a random password, made once with the app's own hasher, so that a refusal that never
    /// reached a real password check costs as much as one that did.</summary>
    private static string? _decoyHash;

    [AllowAnonymous]
    [HttpGet("/logga-in", Name = AccountRoutes.SignIn)]
    public IActionResult Login(string? returUrl = null) =>
        View(new SignInForm { ReturnUrl = returUrl, PasswordForm = settings.Value.LocalPasswords });

    /// <summary>The password form for the break-glass administrators when local passwords are off; not linked from
    /// anywhere (docs/sso.md).</summary>
    [AllowAnonymous]
    [HttpGet("/logga-in/reserv", Name = AccountRoutes.BreakGlass)]
    public IActionResult BreakGlass(string? returUrl = null) => View("Login", new SignInForm { ReturnUrl = returUrl });

    [AllowAnonymous]
    [HttpPost("/logga-in", Name = AccountRoutes.SignIn)]
    public async Task<IActionResult> Login(SignInForm form, string? returUrl = null)
    {
        form.ReturnUrl = returUrl;
        if (!settings.Value.MayUsePassword(form.Email))
        {
            // Local passwords are off and this is no break-glass administrator: the form does not exist for them.
            _security.LogSecurityEvent(SecurityEvents.PasswordRefused, HttpContext, null, form.Email);
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var user = await signInManager.UserManager.FindByEmailAsync(form.Email!);
        var result = await signInManager.PasswordSignInAsync(form.Email!, form.Password!, form.Remember, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            _security.LogSecurityEvent(SecurityEvents.SignInSucceeded, HttpContext, user?.Id, form.Email);
            return LocalRedirect(Url.IsLocalUrl(returUrl) ? returUrl : Url.RouteUrl(HomeRoutes.Index)!);
        }
        // Identity checks the password only for an existing, active, unlocked user; every other refusal hashes the
        // password against a decoy, so that the answer takes as long whether the address has an account or not.
        if (user is null || result.IsLockedOut || result.IsNotAllowed)
        {
            var hasher = signInManager.UserManager.PasswordHasher;
            var decoy = new AppUser { DisplayName = "", UserName = "" };
            _decoyHash ??= hasher.HashPassword(decoy, Guid.NewGuid().ToString());
            hasher.VerifyHashedPassword(decoy, _decoyHash, form.Password!);
        }
        _security.LogSecurityEvent(result.IsLockedOut ? SecurityEvents.LockedOut : SecurityEvents.SignInFailed, HttpContext, user?.Id, form.Email);
        ModelState.AddModelError("", FailedMessage);
        form.Password = null;
        return View(form);
    }

    [HttpPost("/logga-ut", Name = AccountRoutes.SignOut)]
    public async Task<IActionResult> Logout()
    {
        // A session that came through the provider carries its ID token: the provider's session is ended too.
        var idToken = (await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Properties?.GetTokenValue("id_token");
        // A new security stamp makes every copy of this user's cookie useless (SessionValidator), not only the
        // one the browser deletes now: sign-out ends all of the user's sessions.
        if (await signInManager.UserManager.GetUserAsync(User) is { } user)
        {
            await signInManager.UserManager.UpdateSecurityStampAsync(user);
        }
        _security.LogSecurityEvent(SecurityEvents.SignedOut, HttpContext);
        await signInManager.SignOutAsync();
        if (idToken is not null && await ProviderEndsSessionsAsync())
        {
            var properties = new AuthenticationProperties { RedirectUri = Url.RouteUrl(AccountRoutes.SignIn) };
            properties.SetParameter(ProviderSignIn.IdTokenHintParameter, idToken);
            return SignOut(properties, ProviderSignIn.Scheme);
        }
        return RedirectToRoute(AccountRoutes.SignIn);
    }

    /// <summary>Whether a provider is configured and its discovery document names an end_session_endpoint.</summary>
    private async Task<bool> ProviderEndsSessionsAsync()
    {
        if (!settings.Value.OpenIdConnect.IsConfigured)
        {
            return false;
        }
        try
        {
            var options = oidcOptions.Get(ProviderSignIn.Scheme);
            var configuration = await options.ConfigurationManager!.GetConfigurationAsync(HttpContext.RequestAborted);
            return !string.IsNullOrEmpty(configuration.EndSessionEndpoint);
        }
        catch (InvalidOperationException)
        {
            // The provider cannot be reached: the local session has ended all the same.
            return false;
        }
    }

    /// <summary>Whether the signed-in user may change their own password (docs/sso.md).</summary>
    private bool MayChangePassword() => settings.Value.MayUsePassword(User.FindFirstValue(ClaimTypes.Email));

    [HttpGet("/konto/byt-losenord", Name = AccountRoutes.ChangePassword)]
    public IActionResult ChangePassword() => MayChangePassword() ? View(new ChangePasswordForm()) : NotFound();

    [HttpPost("/konto/byt-losenord", Name = AccountRoutes.ChangePassword)]
    public async Task<IActionResult> ChangePassword(ChangePasswordForm form)
    {
        if (!MayChangePassword())
        {
            _security.LogSecurityEvent(SecurityEvents.PasswordRefused, HttpContext);
            return NotFound();
        }
        var users = signInManager.UserManager;
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (ModelState.IsValid)
        {
            // The current password is checked like a sign-in, so that this form cannot be used to guess it
            // past the lockout.
            var check = await signInManager.CheckPasswordSignInAsync(user, form.CurrentPassword!, lockoutOnFailure: true);
            if (check.IsLockedOut)
            {
                _security.LogSecurityEvent(SecurityEvents.LockedOut, HttpContext, user.Id);
                ModelState.AddModelError("", LockedOutMessage);
            }
            else if (!check.Succeeded)
            {
                _security.LogSecurityEvent(SecurityEvents.PasswordChangeFailed, HttpContext, user.Id);
                ModelState.AddModelError(nameof(form.CurrentPassword), "Det nuvarande lösenordet stämmer inte.");
            }
            else
            {
                var changed = await users.ChangePasswordAsync(user, form.CurrentPassword!, form.NewPassword!);
                if (changed.Succeeded)
                {
                    // The password change gave the user a new security stamp: other sessions end, this one gets
                    // a new cookie.
                    _security.LogSecurityEvent(SecurityEvents.PasswordChanged, HttpContext, user.Id);
                    await signInManager.RefreshSignInAsync(user);
                    TempData["Bekraftelse"] = "Ditt lösenord är bytt. Du är utloggad på andra datorer.";
                    return RedirectToRoute(HomeRoutes.Index);
                }
                foreach (var error in changed.Errors)
                {
                    ModelState.AddModelError(nameof(form.NewPassword), error.Description);
                }
            }
        }
        form.CurrentPassword = form.NewPassword = form.ConfirmPassword = null;
        return View(form);
    }

    [AllowAnonymous]
    [HttpGet("/atkomst-nekad", Name = AccountRoutes.AccessDenied)]
    public IActionResult AccessDenied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }
}
