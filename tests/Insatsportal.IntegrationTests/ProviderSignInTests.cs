using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Tests.Shared;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Account;
using Insatsportal.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// Sign-in through the organisation's OpenID Connect provider (docs/sso.md), against a real provider on a loopback
/// port (<see cref="TestIdentityProvider"/>): discovery, authorization with PKCE, token exchange, ID token validation,
/// linking, refusals, sign-out.
/// </summary>
public sealed class ProviderSignInTests(ProviderFixture fixture) : IClassFixture<ProviderFixture>
{
    private TestIdentityProvider Provider => fixture.Provider;

    private ProviderAppFactory App => fixture.App;

    [Fact]
    public async Task The_sign_in_page_offers_the_provider_first_and_the_provider_publishes_what_the_app_needs()
    {
        var response = await App.CreateBrowser().GetAsync("/logga-in");
        // The button's POST is answered with a redirect to the provider, which form-action must allow.
        Assert.Contains($"form-action 'self' {Provider.Authority.GetLeftPart(UriPartial.Authority)};",
            response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var page = await Browser.ParseAsync(response);
        var forms = page.QuerySelectorAll("main form").ToList();
        Assert.StartsWith("/logga-in/extern", forms[0].GetAttribute("action"), StringComparison.Ordinal);
        Assert.Equal("Logga in med Testkommunens inloggning", forms[0].QuerySelector("button")!.TextContent.Trim());
        Assert.NotNull(forms[1].QuerySelector("input[name=Password]"));

        using var http = new HttpClient();
        var discovery = await http.GetFromJsonAsync<JsonElement>(new Uri(Provider.Authority, ".well-known/openid-configuration"));
        Assert.Equal(Provider.Authority.ToString(), discovery.GetProperty("issuer").GetString());
        Assert.Contains("S256", discovery.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(m => m.GetString()));
        Assert.False(string.IsNullOrEmpty(discovery.GetProperty("end_session_endpoint").GetString()));
    }

    [Fact]
    public async Task The_first_sign_in_links_the_identity_to_the_user_with_that_address_and_afterwards_the_link_decides()
    {
        var (userId, email) = await CreateUserAsync("Kim Kopplad");
        var subject = NewSubject();
        Provider.SignInAs(new ProviderPerson(subject, email));
        var (pkce, tokens) = (Provider.PkceAuthorizations, Provider.TokenRequests);
        using var browser = new ProviderBrowser(App.CreateBrowser(), Provider);

        var landed = await browser.SignInAsync();

        await AssertSignedInAsync(browser.App, landed, "Kim Kopplad");
        // The authorization request went to the provider with a PKCE challenge; the code was exchanged over the back channel.
        Assert.Contains(browser.Visited, u => u.Authority == Provider.Authority.Authority && u.AbsolutePath == "/connect/authorize");
        Assert.Equal(pkce + 1, Provider.PkceAuthorizations);
        Assert.Equal(tokens + 1, Provider.TokenRequests);
        Assert.Equal([(Provider.Authority.ToString(), subject)], await LinksAsync(userId));
        Assert.Contains(await App.WithDbAsync(db => db.UserHistory.Where(h => h.UserId == userId).Select(h => h.Field).ToListAsync()),
            f => f == ProviderSignInController.LinkField);
        AssertEvent(SecurityEvents.ProviderLinked, userId);
        AssertEvent(SecurityEvents.SignInSucceeded, userId);

        // The provider now reports another address (a changed name, say); the link still finds the same user.
        Provider.SignInAs(new ProviderPerson(subject, $"nytt-namn-{Guid.NewGuid():N}@insatsportal.example"));
        using var again = new ProviderBrowser(App.CreateBrowser(), Provider);
        await AssertSignedInAsync(again.App, await again.SignInAsync(), "Kim Kopplad");
        Assert.Single(await LinksAsync(userId));
    }

    [Fact]
    public async Task Entra_IDs_object_id_is_the_key_when_the_token_has_one()
    {
        var (userId, email) = await CreateUserAsync("Olle Objektid");
        var oid = Guid.NewGuid().ToString();
        Provider.SignInAs(new ProviderPerson(NewSubject(), email, Claims: new Dictionary<string, string> { ["oid"] = oid }));
        using var browser = new ProviderBrowser(App.CreateBrowser(), Provider);

        await AssertSignedInAsync(browser.App, await browser.SignInAsync(), "Olle Objektid");

        Assert.Equal([(Provider.Authority.ToString(), oid)], await LinksAsync(userId));
    }

    [Fact]
    public async Task A_second_identity_with_the_address_of_an_already_linked_user_is_refused()
    {
        var (userId, email) = await CreateUserAsync("Lisa Länkad");
        var subject = NewSubject();
        Provider.SignInAs(new ProviderPerson(subject, email));
        using (var first = new ProviderBrowser(App.CreateBrowser(), Provider))
        {
            await AssertSignedInAsync(first.App, await first.SignInAsync(), "Lisa Länkad");
        }

        // Somebody else at the provider who was given (or gave themselves) the same address.
        Provider.SignInAs(new ProviderPerson(NewSubject(), email));
        using var second = new ProviderBrowser(App.CreateBrowser(), Provider);
        var refused = await second.SignInAsync();

        await AssertRefusedAsync(second.App, refused);
        Assert.Equal([(Provider.Authority.ToString(), subject)], await LinksAsync(userId));
        AssertEvent(SecurityEvents.ProviderSignInRefused, userId);
    }

    [Fact]
    public async Task A_valid_token_for_an_unknown_person_is_refused_and_creates_no_user()
    {
        var users = await App.WithDbAsync(db => db.Users.CountAsync());
        var email = $"okand-{Guid.NewGuid():N}@insatsportal.example";
        Provider.SignInAs(new ProviderPerson(NewSubject(), email));
        using var browser = new ProviderBrowser(App.CreateBrowser(), Provider);

        await AssertRefusedAsync(browser.App, await browser.SignInAsync());

        Assert.Equal(users, await App.WithDbAsync(db => db.Users.CountAsync()));
        Assert.Equal(0, await App.WithDbAsync(db => db.UserLogins.CountAsync(l => l.LoginProvider == Provider.Authority.ToString() && l.ProviderKey == Provider.Person.Subject)));
        Assert.Contains(App.ReadEvents(), e => Is(e, SecurityEvents.ProviderSignInRefused) && e.GetProperty("EmailHash").GetString() == SecurityEvents.Hash(email));
    }

    [Fact]
    public async Task A_deactivated_person_is_refused_at_the_first_sign_in_and_after_linking_and_deactivation_ends_their_session()
    {
        var (inactiveId, inactiveEmail) = await CreateUserAsync("Ina Inaktiv", active: false);
        Provider.SignInAs(new ProviderPerson(NewSubject(), inactiveEmail));
        using (var browser = new ProviderBrowser(App.CreateBrowser(), Provider))
        {
            await AssertRefusedAsync(browser.App, await browser.SignInAsync());
        }
        Assert.Empty(await LinksAsync(inactiveId));
        AssertEvent(SecurityEvents.ProviderSignInRefused, inactiveId);

        // Linked and signed in, then deactivated: the session ends, and the link does not let them back in.
        var (userId, email) = await CreateUserAsync("Sam Slutat");
        var subject = NewSubject();
        Provider.SignInAs(new ProviderPerson(subject, email));
        using var linked = new ProviderBrowser(App.CreateBrowser(), Provider);
        await AssertSignedInAsync(linked.App, await linked.SignInAsync(), "Sam Slutat");
        await SetActiveAsync(userId, false);

        Forms.AssertRedirect(await linked.App.GetAsync("/"), "https://localhost/logga-in");
        using var back = new ProviderBrowser(App.CreateBrowser(), Provider);
        await AssertRefusedAsync(back.App, await back.SignInAsync());
    }

    [Theory]
    [InlineData(ProviderFault.TamperedPayload)]
    [InlineData(ProviderFault.Expired)]
    [InlineData(ProviderFault.WrongAudience)]
    [InlineData(ProviderFault.WrongNonce)]
    [InlineData(ProviderFault.WrongIssuer)]
    public async Task An_ID_token_that_fails_validation_signs_nobody_in(ProviderFault fault)
    {
        var (userId, email) = await CreateUserAsync("Tina Token");
        Provider.SignInAs(new ProviderPerson(NewSubject(), email));
        Provider.Fault = fault;
        var failures = App.ReadEvents().Count(e => Is(e, SecurityEvents.ProviderSignInFailed));
        using var browser = new ProviderBrowser(App.CreateBrowser(), Provider);

        var landed = await browser.SignInAsync();

        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Equal("/logga-in/misslyckades", landed.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("Inloggningen misslyckades", (await Browser.ParseAsync(landed)).QuerySelector("h1")!.TextContent);
        Forms.AssertRedirect(await browser.App.GetAsync("/"), "https://localhost/logga-in");
        Assert.Empty(await LinksAsync(userId));
        Assert.Equal(0, await App.WithDbAsync(db => db.UserLogins.CountAsync(l => l.ProviderKey == "angripare")));
        Assert.Equal(failures + 1, App.ReadEvents().Count(e => Is(e, SecurityEvents.ProviderSignInFailed)));
        Provider.Fault = ProviderFault.None;
    }

    [Fact]
    public async Task Signing_out_ends_the_session_here_and_at_the_provider()
    {
        var (userId, email) = await CreateUserAsync("Ulf Utloggad");
        var subject = NewSubject();
        Provider.SignInAs(new ProviderPerson(subject, email));
        using var browser = new ProviderBrowser(App.CreateBrowser(), Provider);
        await AssertSignedInAsync(browser.App, await browser.SignInAsync(), "Ulf Utloggad");
        var stamp = await App.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleAsync());

        var landed = await browser.SignOutAsync();

        Assert.Contains(browser.Visited, u => u.Authority == Provider.Authority.Authority && u.AbsolutePath == "/connect/endsession");
        Assert.Contains(subject, Provider.EndSessionHints);
        Assert.Contains(browser.Visited, u => u.AbsolutePath == "/signout-callback-oidc");
        Assert.Equal("/logga-in", landed.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Forms.AssertRedirect(await browser.App.GetAsync("/"), "https://localhost/logga-in");
        // As with a password session: a new security stamp, so a copied cookie is no use either.
        Assert.NotEqual(stamp, await App.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleAsync()));
        AssertEvent(SecurityEvents.SignedOut, userId);
    }

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

    private static string NewSubject() => "person-" + Guid.NewGuid().ToString("N");

    private async Task<(string Id, string Email)> CreateUserAsync(string name, bool active = true)
    {
        var email = $"sso-{Guid.NewGuid():N}@insatsportal.example";
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        // In the demo administrator's förvaltning, so that they may see the user.
        var organisationId = (await users.FindByEmailAsync(DemoUsers.Administrator))!.OrganisationId;
        var user = new AppUser { UserName = email, Email = email, DisplayName = name, IsActive = active, OrganisationId = organisationId };
        Assert.True((await users.CreateAsync(user)).Succeeded);
        await users.AddToRoleAsync(user, Roles.Official);
        return (user.Id, email);
    }

    private async Task SetActiveAsync(string userId, bool active)
    {
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByIdAsync(userId))!;
        user.IsActive = active;
        // As UserCommands.SetActiveAsync does: a new stamp ends the sessions.
        await users.UpdateSecurityStampAsync(user);
    }

    private Task<List<(string, string)>> LinksAsync(string userId) => App.WithDbAsync(async db =>
        (await db.UserLogins.Where(l => l.UserId == userId).Select(l => new { l.LoginProvider, l.ProviderKey }).ToListAsync())
            .Select(l => (l.LoginProvider, l.ProviderKey)).ToList());

    private static async Task AssertSignedInAsync(HttpClient app, HttpResponseMessage landed, string? displayName)
    {
        Assert.True(landed.StatusCode == HttpStatusCode.OK, $"Landed on {landed.RequestMessage?.RequestUri} with {(int)landed.StatusCode}");
        Assert.Equal("/", landed.RequestMessage!.RequestUri!.AbsolutePath);
        var page = await Browser.ParseAsync(landed);
        var menu = page.QuerySelector(".user-menu__name")?.TextContent ?? "";
        Assert.False(string.IsNullOrEmpty(menu), "Not signed in");
        if (displayName is not null)
        {
            Assert.Contains(displayName, menu, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/")).StatusCode);
    }

    private static async Task AssertRefusedAsync(HttpClient app, HttpResponseMessage landed)
    {
        Assert.Equal(HttpStatusCode.Forbidden, landed.StatusCode);
        var page = await Browser.ParseAsync(landed);
        Assert.Contains("Kontakta administratören", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Forms.AssertRedirect(await app.GetAsync("/"), "https://localhost/logga-in");
    }

    private void AssertEvent(string securityEvent, string userId) =>
        Assert.Contains(App.ReadEvents(), e => Is(e, securityEvent) && e.GetProperty("UserId").GetString() == userId);

    private static bool Is(JsonElement e, string securityEvent) =>
        e.TryGetProperty("SecurityEvent", out var name) && name.GetString() == securityEvent;
}
