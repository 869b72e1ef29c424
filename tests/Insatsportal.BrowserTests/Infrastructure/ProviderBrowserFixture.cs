using Insatsportal.Tests.Shared;

namespace Insatsportal.BrowserTests.Infrastructure;

/// <summary>Chromium and the app with sign-in through a real OpenID Connect provider on another loopback port
/// (<see cref="TestIdentityProvider"/>, docs/sso.md).</summary>
public sealed class ProviderBrowserFixture : BrowserFixture
{
    public const string DisplayName = "Testkommunens inloggning";

    public TestIdentityProvider Provider { get; private set; } = null!;

    protected override async Task<AppServer> CreateAppAsync()
    {
        Provider = await TestIdentityProvider.StartAsync();
        return new AppServer(new Dictionary<string, string?>
        {
            ["Authentication:OpenIdConnect:Authority"] = Provider.Authority.ToString(),
            ["Authentication:OpenIdConnect:ClientId"] = TestIdentityProvider.ClientId,
            ["Authentication:OpenIdConnect:ClientSecret"] = TestIdentityProvider.ClientSecret,
            ["Authentication:OpenIdConnect:DisplayName"] = DisplayName,
            ["Authentication:OpenIdConnect:RequireHttpsMetadata"] = "false",
        });
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Provider.AllowClient(App.BaseAddress);
        // Warm the provider (discovery and keys) so that the journey's first click does not also pay for its start.
        using var http = new HttpClient();
        (await http.GetAsync(new Uri(Provider.Authority, ".well-known/openid-configuration"))).EnsureSuccessStatusCode();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Provider is not null)
        {
            await Provider.DisposeAsync();
        }
    }
}
