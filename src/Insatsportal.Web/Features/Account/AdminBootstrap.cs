using Insatsportal.Web.Authorization;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Identity;

namespace Insatsportal.Web.Features.Account;

/// <summary>
/// Creates the first administrator from the command line, so that a production installation never has a
/// default password: <c>dotnet run --project src/Insatsportal.Web -- --create-admin e-post "Namn"</c>.
/// The password is read from the environment variable INSATSPORTAL_ADMIN_PASSWORD or from standard input.
/// </summary>
public sealed class AdminBootstrap(UserManager<AppUser> users)
{
    public const string Option = "--create-admin";
    public const string PasswordVariable = "INSATSPORTAL_ADMIN_PASSWORD";

    public static bool IsRequested(string[] args) => args.Contains(Option);

    public async Task<IdentityResult> CreateAsync(string email, string displayName, string password)
    {
        if (await users.FindByEmailAsync(email) is not null)
        {
            return IdentityResult.Failed(new IdentityError { Code = "Exists", Description = $"Användaren {email} finns redan." });
        }
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, Title = Roles.Administrator };
        var created = await users.CreateAsync(user, password);
        return created.Succeeded ? await users.AddToRoleAsync(user, Roles.Administrator) : created;
    }

    public static async Task<int> RunFromCommandLineAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output)
    {
        var at = Array.IndexOf(args, Option);
        var email = at + 1 < args.Length ? args[at + 1] : null;
        if (string.IsNullOrWhiteSpace(email) || email.StartsWith("--", StringComparison.Ordinal))
        {
            await output.WriteLineAsync("Användning: --create-admin <e-postadress> [\"Namn\"]");
            return 2;
        }
        var name = at + 2 < args.Length && !args[at + 2].StartsWith("--", StringComparison.Ordinal) ? args[at + 2] : email;
        var password = Environment.GetEnvironmentVariable(PasswordVariable);
        if (string.IsNullOrEmpty(password))
        {
            await output.WriteLineAsync("Lösenord (minst 12 tecken):");
            password = await input.ReadLineAsync() ?? "";
        }

        using var scope = services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<AdminBootstrap>().CreateAsync(email, name, password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                await output.WriteLineAsync(error.Description);
            }
            return 1;
        }
        await output.WriteLineAsync($"Administratören {email} är skapad.");
        return 0;
    }
}
