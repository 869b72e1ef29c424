using System.Text.RegularExpressions;
using Insatsportal.BrowserTests.Infrastructure;
using Insatsportal.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Insatsportal.BrowserTests;

/// <summary>A rektor signs in with the municipality's own sign-in (a real OpenID Connect provider) in Chromium, and
/// out again at both ends (docs/sso.md).</summary>
public sealed class ProviderSignInJourneyTests(ProviderBrowserFixture app, ITestOutputHelper output) : IClassFixture<ProviderBrowserFixture>
{
    [Fact]
    public async Task A_rektor_signs_in_with_the_municipalitys_sign_in_and_signs_out_at_both_ends() =>
        await new Journey(app, output, "sso-inloggning").RunAsync(async journey =>
        {
            var name = await app.App.WithDbAsync(db => db.Users.Where(u => u.Email == DemoUsers.Principal).Select(u => u.DisplayName).SingleAsync());
            app.Provider.SignInAs(new ProviderPerson("rektor-hos-kommunen", DemoUsers.Principal, name));
            var page = await journey.OpenAsync(null);
            await page.GotoAsync("/logga-in");
            // The organisation's sign-in is the first thing on the page.
            await Expect(page.Locator("main button").First).ToHaveTextAsync($"Logga in med {ProviderBrowserFixture.DisplayName}");
            await journey.ShotAsync(page, "logga-in");

            // The click's navigation crosses both servers (the app fetches the provider's discovery and keys the first
            // time), so it gets longer than a page of the app alone; a loaded CI machine took over 15 s once.
            await page.GetByRole(AriaRole.Button, new() { Name = $"Logga in med {ProviderBrowserFixture.DisplayName}" })
                .ClickAsync(new() { Timeout = 60_000 });

            // To the provider and back (its form_post page posts the answer), and in.
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
            Assert.StartsWith(app.App.BaseAddress.ToString(), page.Url, StringComparison.Ordinal);
            await Expect(page.Locator(".user-menu__name")).ToContainTextAsync(name);
            await journey.ShotAsync(page, "inloggad");

            await page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).ClickAsync();
            await page.WaitForURLAsync(new Regex("/logga-in$"));
            Assert.Contains("rektor-hos-kommunen", app.Provider.EndSessionHints);
            await page.GotoAsync("/");
            await Expect(page).ToHaveURLAsync(new Regex("/logga-in"));
        });
}
