using System.ComponentModel.DataAnnotations;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

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
}

public sealed class AccountController(SignInManager<AppUser> signInManager, ILogger<AccountController> logger) : Controller
{
    private const string FailedMessage = "Fel e-postadress eller lösenord.";

    [AllowAnonymous]
    [HttpGet("/logga-in")]
    public IActionResult Login(string? returUrl = null)
    {
        ViewData["ReturnUrl"] = returUrl;
        return View(new SignInForm());
    }

    [AllowAnonymous]
    [HttpPost("/logga-in")]
    public async Task<IActionResult> Login(SignInForm form, string? returUrl = null)
    {
        ViewData["ReturnUrl"] = returUrl;
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var result = await signInManager.PasswordSignInAsync(form.Email!, form.Password!, form.Remember, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("Sign-in succeeded for {Email}", form.Email);
            return LocalRedirect(Url.IsLocalUrl(returUrl) ? returUrl : "/");
        }
        if (result.IsLockedOut)
        {
            logger.LogWarning("Sign-in refused: {Email} is locked out", form.Email);
            ModelState.AddModelError("", "Kontot är tillfälligt spärrat efter för många misslyckade inloggningar. Försök igen om en stund.");
        }
        else
        {
            logger.LogWarning("Sign-in failed for {Email}", form.Email);
            ModelState.AddModelError("", FailedMessage);
        }
        form.Password = null;
        return View(form);
    }

    [HttpPost("/logga-ut")]
    public async Task<IActionResult> Logout()
    {
        await signInManager.SignOutAsync();
        return Redirect("/logga-in");
    }

    [AllowAnonymous]
    [HttpGet("/atkomst-nekad")]
    public IActionResult AccessDenied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }
}
