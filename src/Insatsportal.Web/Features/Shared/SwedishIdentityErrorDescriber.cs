using Microsoft.AspNetCore.Identity;

namespace Insatsportal.Web.Features.Shared;

/// <summary>Identity's error messages in Swedish (they are shown to users on password and user forms).</summary>
public sealed class SwedishIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => E(nameof(DefaultError), "Ett okänt fel inträffade.");
    public override IdentityError ConcurrencyFailure() => E(nameof(ConcurrencyFailure), "Någon annan har ändrat uppgifterna. Försök igen.");
    public override IdentityError PasswordMismatch() => E(nameof(PasswordMismatch), "Fel lösenord.");
    public override IdentityError InvalidToken() => E(nameof(InvalidToken), "Länken är ogiltig eller har gått ut.");
    public override IdentityError LoginAlreadyAssociated() => E(nameof(LoginAlreadyAssociated), "Inloggningen är redan kopplad till en användare.");
    public override IdentityError InvalidUserName(string? userName) => E(nameof(InvalidUserName), $"Användarnamnet ”{userName}” är inte giltigt.");
    public override IdentityError InvalidEmail(string? email) => E(nameof(InvalidEmail), $"E-postadressen ”{email}” är inte giltig.");
    public override IdentityError DuplicateUserName(string userName) => E(nameof(DuplicateUserName), $"Användarnamnet ”{userName}” används redan.");
    public override IdentityError DuplicateEmail(string email) => E(nameof(DuplicateEmail), $"E-postadressen ”{email}” används redan.");
    public override IdentityError InvalidRoleName(string? role) => E(nameof(InvalidRoleName), $"Rollen ”{role}” är inte giltig.");
    public override IdentityError DuplicateRoleName(string role) => E(nameof(DuplicateRoleName), $"Rollen ”{role}” finns redan.");
    public override IdentityError UserAlreadyHasPassword() => E(nameof(UserAlreadyHasPassword), "Användaren har redan ett lösenord.");
    public override IdentityError UserLockoutNotEnabled() => E(nameof(UserLockoutNotEnabled), "Spärr är inte aktiverad för användaren.");
    public override IdentityError UserAlreadyInRole(string role) => E(nameof(UserAlreadyInRole), $"Användaren har redan rollen ”{role}”.");
    public override IdentityError UserNotInRole(string role) => E(nameof(UserNotInRole), $"Användaren har inte rollen ”{role}”.");
    public override IdentityError PasswordTooShort(int length) => E(nameof(PasswordTooShort), $"Lösenordet måste ha minst {length} tecken.");
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => E(nameof(PasswordRequiresUniqueChars), $"Lösenordet måste ha minst {uniqueChars} olika tecken.");
    public override IdentityError PasswordRequiresNonAlphanumeric() => E(nameof(PasswordRequiresNonAlphanumeric), "Lösenordet måste innehålla ett specialtecken.");
    public override IdentityError PasswordRequiresDigit() => E(nameof(PasswordRequiresDigit), "Lösenordet måste innehålla en siffra.");
    public override IdentityError PasswordRequiresLower() => E(nameof(PasswordRequiresLower), "Lösenordet måste innehålla en liten bokstav.");
    public override IdentityError PasswordRequiresUpper() => E(nameof(PasswordRequiresUpper), "Lösenordet måste innehålla en stor bokstav.");
    public override IdentityError RecoveryCodeRedemptionFailed() => E(nameof(RecoveryCodeRedemptionFailed), "Återställningskoden godtogs inte.");

    private static IdentityError E(string code, string description) => new() { Code = code, Description = description };
}
