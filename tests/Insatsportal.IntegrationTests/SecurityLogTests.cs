using System.Net;
using System.Text.Json;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>Security events in the log, and no secret in any log line (OWASP ASVS 4.0.3 V7.1, V7.2).</summary>
public sealed class SecurityLogTests(LoggingAppFactory app) : IClassFixture<LoggingAppFactory>
{
    private const string Password = "Kanelbulle-Hemlig-Fras-7";
    private const string NewPassword = "Ny-Hemlig-Fras-Om-Hosten";

    [Fact]
    public async Task Security_events_are_logged_with_user_route_and_time_and_no_password_token_or_cookie_ever_is()
    {
        var started = DateTimeOffset.UtcNow;
        var email = $"loggad-{Guid.NewGuid():N}@insatsportal.example";
        string userId;
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = email, Email = email, DisplayName = "Logga Loggsson" };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            await users.AddToRoleAsync(user, "Rektor");
            userId = user.Id;
        }
        var secrets = new List<string> { Password, NewPassword, "fel-lösenord-för-loggen" };
        var browser = app.CreateBrowser();

        // A failure, a success, a page the role may not open, a password change and a sign-out.
        await browser.SignInAsync(email, "fel-lösenord-för-loggen");
        secrets.Add((await browser.ReadTokenAsync("/logga-in"))!);
        var signIn = await browser.SignInAsync(email, Password);
        secrets.Add(SessionCookie(signIn));
        Forms.AssertAccessDenied(await browser.GetAsync("/planer/ny"));
        secrets.Add((await browser.ReadTokenAsync("/konto/byt-losenord"))!);
        var changed = await browser.PostFormAsync("/konto/byt-losenord", new Dictionary<string, string>
        {
            ["CurrentPassword"] = Password,
            ["NewPassword"] = NewPassword,
            ["ConfirmPassword"] = NewPassword,
        });
        Forms.AssertRedirect(changed, "/");
        secrets.Add(SessionCookie(changed));
        await browser.PostFormAsync("/", new Dictionary<string, string>(), "form[action='/logga-ut']");
        // Then a lockout on another account, which names no user id for an unknown address either.
        for (var attempt = 0; attempt < 6; attempt++)
        {
            await app.CreateBrowser().SignInAsync(DemoUsers.Administrator, "fel-lösenord-för-loggen");
        }
        await app.CreateBrowser().SignInAsync("finns-inte@insatsportal.example", "fel-lösenord-för-loggen");

        var events = app.ReadEvents();
        var security = events.Where(e => e.TryGetProperty("SecurityEvent", out _)).ToList();
        var mine = security.Where(e => e.GetProperty("UserId").GetString() == userId).ToList();

        string[] expected = [SecurityEvents.SignInFailed, SecurityEvents.SignInSucceeded, SecurityEvents.AccessDenied, SecurityEvents.PasswordChanged, SecurityEvents.SignedOut];
        Assert.True(expected.SequenceEqual(mine.Select(e => e.GetProperty("SecurityEvent").GetString())), string.Join("\n", security.Select(e => e.GetRawText())));
        Assert.All(mine, e =>
        {
            Assert.Equal(SecurityEvents.Hash(email), e.GetProperty("EmailHash").GetString());
            Assert.InRange(DateTimeOffset.Parse(e.GetProperty("@t").GetString()!, System.Globalization.CultureInfo.InvariantCulture), started, DateTimeOffset.UtcNow);
        });
        Assert.Equal(["/logga-in", "/logga-in", "/planer/ny", "/konto/byt-losenord", "/logga-ut"], mine.Select(e => e.GetProperty("Route").GetString()));
        Assert.Contains(security, e => e.GetProperty("SecurityEvent").GetString() == SecurityEvents.LockedOut
            && e.GetProperty("EmailHash").GetString() == SecurityEvents.Hash(DemoUsers.Administrator));
        Assert.Contains(security, e => e.GetProperty("SecurityEvent").GetString() == SecurityEvents.SignInFailed
            && e.GetProperty("UserId").GetString() == "-" && e.GetProperty("EmailHash").GetString() == SecurityEvents.Hash("finns-inte@insatsportal.example"));

        // Not in any line: not in events of our own, not in request logging, not in the framework's.
        var log = app.ReadLog();
        Assert.Contains("\"RequestPath\":\"/logga-in\"", log, StringComparison.Ordinal);
        Assert.All(secrets, secret => Assert.True(secret.Length >= 12 && !log.Contains(secret, StringComparison.Ordinal), $"The log holds a secret: {secret[..8]}…"));
        Assert.DoesNotContain(email, log, StringComparison.OrdinalIgnoreCase);
    }

    private static string SessionCookie(HttpResponseMessage response) =>
        SecurityHeadersTests.SetCookie(response, "__Host-insatsportal=").Split(';')[0]["__Host-insatsportal=".Length..];
}

/// <summary>An unexpected error outside Development (OWASP ASVS 4.0.3 V7.4.1, V14.3.2).</summary>
public sealed class ErrorPageTests(LoggingAppFactory app) : IClassFixture<LoggingAppFactory>
{
    [Fact]
    public async Task An_unexpected_error_shows_a_Swedish_page_with_a_reference_that_is_in_the_log_and_no_stack_trace()
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.Official);
        // A real failure, not a test-only endpoint: the table behind /grupper disappears under the running app.
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE \"Groups\" RENAME TO \"GroupsGone\""));

        var response = await browser.GetAsync("/grupper");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var page = await Browser.ParseAsync(response);
        Assert.Equal("Något gick fel", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("Kontakta support och uppge referensen", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var reference = page.QuerySelector("main code")!.TextContent.Trim();
        Assert.NotEmpty(reference);
        foreach (var leak in new[] { "Exception", "SQLite", "no such table", "GroupsGone", "   at ", ".cs:line" })
        {
            Assert.DoesNotContain(leak, html, StringComparison.OrdinalIgnoreCase);
        }
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
        // Support finds the exception by the reference the user reads out.
        var events = app.ReadEvents();
        Assert.True(events.Any(e => e.TryGetProperty("@x", out var exception) && exception.GetString()!.Contains("no such table", StringComparison.Ordinal)
            && e.EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.String && reference.Contains(p.Value.GetString()!, StringComparison.Ordinal) && p.Value.GetString()!.Length >= 8)),
            reference + "\n" + string.Join("\n", events.Where(e => e.TryGetProperty("@x", out _)).Select(e => e.GetRawText()[..Math.Min(600, e.GetRawText().Length)])));
    }
}
