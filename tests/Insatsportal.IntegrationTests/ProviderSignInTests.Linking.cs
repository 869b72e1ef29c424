using System.Net.Http.Json;
using System.Text.Json;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Tests.Shared;
using Insatsportal.Web.Features.Account;
using Insatsportal.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>The provider as the app finds it, and how an identity is linked to a user: by address first, then by
/// the link, by Entra ID's object id, and never to a second identity or an unknown person.</summary>
public sealed partial class ProviderSignInTests
{
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
}
