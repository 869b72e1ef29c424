using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Tests.Shared;
using Insatsportal.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>Deactivated people, ID tokens that fail validation, and signing out here and at the provider.</summary>
public sealed partial class ProviderSignInTests
{
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
}
