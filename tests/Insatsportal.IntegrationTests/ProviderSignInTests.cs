using System.Net;
using System.Text.Json;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Tests.Shared;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// Sign-in through the organisation's OpenID Connect provider (docs/sso.md), against a real provider on a loopback
/// port (<see cref="TestIdentityProvider"/>): discovery, authorization with PKCE, token exchange, ID token validation,
/// linking, refusals, sign-out.
/// </summary>
public sealed partial class ProviderSignInTests(ProviderFixture fixture) : IClassFixture<ProviderFixture>
{
    private TestIdentityProvider Provider => fixture.Provider;

    private ProviderAppFactory App => fixture.App;

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
