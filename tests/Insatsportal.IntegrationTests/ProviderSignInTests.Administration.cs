using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Tests.Shared;
using Insatsportal.Web.Features.Account;
using Insatsportal.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>The link in user administration, and local passwords when sign-in goes through the provider.</summary>
public sealed partial class ProviderSignInTests
{
    [Fact]
    public async Task The_administrator_sees_the_link_and_can_remove_it_which_is_kept_in_the_history_and_log()
    {
        var (userId, email) = await CreateUserAsync("Rut Ren");
        Provider.SignInAs(new ProviderPerson(NewSubject(), email));
        using (var browser = new ProviderBrowser(App.CreateBrowser(), Provider))
        {
            await AssertSignedInAsync(browser.App, await browser.SignInAsync(), "Rut Ren");
        }
        var admin = App.CreateBrowser();
        await admin.PostFormAsync("/logga-in", new Dictionary<string, string> { ["Email"] = DemoUsers.Administrator, ["Password"] = AppFactory.DemoPassword }, "form[novalidate]");

        var details = await admin.GetPageAsync($"/admin/anvandare/{userId}");
        Assert.Contains("Kopplad", details.QuerySelector("dl.facts")!.TextContent, StringComparison.Ordinal);
        var removed = await admin.PostFormAsync($"/admin/anvandare/{userId}", new Dictionary<string, string> { ["issuer"] = Provider.Authority.ToString() },
            $"form[action='/admin/anvandare/{userId}/koppling/ta-bort']");

        Forms.AssertRedirect(removed, $"/admin/anvandare/{userId}");
        Assert.Empty(await LinksAsync(userId));
        Assert.Contains("Inte kopplad", (await admin.GetPageAsync($"/admin/anvandare/{userId}")).QuerySelector("dl.facts")!.TextContent, StringComparison.Ordinal);
        var history = await App.WithDbAsync(db => db.UserHistory.Where(h => h.UserId == userId && h.Field == ProviderSignInController.LinkField)
            .Select(h => h.NewValue).ToListAsync());
        Assert.Contains("Borttagen av administratören", history);
        AssertEvent(SecurityEvents.ProviderLinkRemoved, userId);
    }

    [Fact]
    public async Task Without_local_passwords_the_password_form_change_and_reset_are_refused_except_for_a_break_glass_administrator()
    {
        var app = fixture.NoPasswordsApp;
        var login = await app.CreateBrowser().GetPageAsync("/logga-in");
        Assert.Null(login.QuerySelector("input[name=Password]"));
        Assert.NotNull(login.QuerySelector("form[action^='/logga-in/extern']"));

        // An ordinary user with the right password: the password sign-in does not exist for them.
        var official = app.CreateBrowser();
        var refused = await official.PostFormAsync("/logga-in/reserv",
            new Dictionary<string, string> { ["Email"] = DemoUsers.Official, ["Password"] = AppFactory.DemoPassword }, "form[novalidate]");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Forms.AssertRedirect(await official.GetAsync("/"), "https://localhost/logga-in");

        // The same user through the provider: no password change either.
        var officialId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == DemoUsers.Official).Select(u => u.Id).SingleAsync());
        Provider.SignInAs(new ProviderPerson(NewSubject(), DemoUsers.Official));
        using var viaProvider = new ProviderBrowser(app.CreateBrowser(), Provider);
        await AssertSignedInAsync(viaProvider.App, await viaProvider.SignInAsync(), null);
        Assert.Equal(HttpStatusCode.NotFound, (await viaProvider.App.GetAsync("/konto/byt-losenord")).StatusCode);
        var token = await viaProvider.App.ReadTokenAsync("/");
        var change = await viaProvider.App.PostAsync("/konto/byt-losenord", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token!,
            ["CurrentPassword"] = AppFactory.DemoPassword,
            ["NewPassword"] = "Ett-helt-nytt-losenord-1",
            ["ConfirmPassword"] = "Ett-helt-nytt-losenord-1",
        }));
        Assert.Equal(HttpStatusCode.NotFound, change.StatusCode);

        // The break-glass administrator signs in with a password, may change it, and may not reset an ordinary user's.
        var admin = app.CreateBrowser();
        var signedIn = await admin.PostFormAsync("/logga-in/reserv",
            new Dictionary<string, string> { ["Email"] = ProviderAppFactory.BreakGlassAdministrator, ["Password"] = AppFactory.DemoPassword }, "form[novalidate]");
        Forms.AssertRedirect(signedIn, "/");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/konto/byt-losenord")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/anvandare/{officialId}/losenord")).StatusCode);
        var adminToken = await admin.ReadTokenAsync("/");
        var reset = await admin.PostAsync($"/admin/anvandare/{officialId}/losenord", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = adminToken!,
            ["Password"] = "",
        }));
        Assert.Equal(HttpStatusCode.NotFound, reset.StatusCode);
        Assert.Contains(app.ReadEvents(), e => Is(e, SecurityEvents.PasswordRefused) && e.GetProperty("UserId").GetString() == officialId);
    }
}
