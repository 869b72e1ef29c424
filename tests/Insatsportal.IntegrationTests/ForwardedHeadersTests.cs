using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// The app in Production on real Kestrel over plain http, as it runs behind a proxy that ends TLS. Requests come
/// over real TCP from chosen loopback addresses (every 127.x.y.z is this machine), so the app sees a real remote
/// address: 127.0.0.2 is the configured proxy, 127.0.1.0/24 the configured proxy network, 127.0.0.3 someone else.
/// </summary>
public sealed class ForwardedHeadersTests(ForwardedHeadersTests.Server server) : IClassFixture<ForwardedHeadersTests.Server>
{
    private const string PublicHost = "insatsportal.kommun.example";
    private static readonly IPAddress Proxy = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress ProxyNetworkMember = IPAddress.Parse("127.0.1.5");
    private static readonly IPAddress Stranger = IPAddress.Parse("127.0.0.3");

    public sealed class Server : IAsyncLifetime
    {
        public SqliteSharedDatabase Database { get; } = new();

        public KestrelInstance App { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Database.CreateAsync();
            App = new KestrelInstance(Database, new Dictionary<string, string?>
            {
                ["Seeding:Plans"] = "false",
                ["Seeding:Demo"] = "true",
                ["Seeding:DemoPassword"] = AppFactory.DemoPassword,
                ["Reminders:Enabled"] = "false",
                ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.2",
                ["ForwardedHeaders:KnownNetworks:0"] = "127.0.1.0/24",
            }, environment: "Production").Start();
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await Database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Behind_a_known_proxy_that_ends_tls_sign_in_works_in_production_with_hsts_and_links_to_the_public_host()
    {
        var cookies = new CookieJar();
        var browser = server.App.CreateProxiedClient(cookies, from: Proxy, forwardedHost: PublicHost);

        var challenge = await browser.GetAsync("/planer");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.StartsWith($"https://{PublicHost}/logga-in?", challenge.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal("max-age=31536000; includeSubDomains", Header(challenge, "Strict-Transport-Security"));

        var signIn = await browser.SignInAsync(DemoUsers.DirectorOfEducation);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.NotNull(cookies["__Host-insatsportal"]);
        var setCookie = string.Join("\n", signIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("__Host-insatsportal=", setCookie, StringComparison.Ordinal);
        Assert.Contains("secure", setCookie, StringComparison.OrdinalIgnoreCase);
        var start = await browser.GetPageAsync("/");
        Assert.Contains("Karin Holm", start.QuerySelector(".user-menu")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proxy_anywhere_in_a_known_network_is_believed()
    {
        var browser = server.App.CreateProxiedClient(new CookieJar(), from: ProxyNetworkMember, forwardedHost: PublicHost);

        var challenge = await browser.GetAsync("/planer");

        Assert.StartsWith($"https://{PublicHost}/logga-in?", challenge.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.NotNull(Header(challenge, "Strict-Transport-Security"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/logga-in")).StatusCode);
    }

    [Fact]
    public async Task Forwarded_headers_from_an_address_that_is_not_a_known_proxy_are_ignored()
    {
        var browser = server.App.CreateProxiedClient(new CookieJar(), from: Stranger, forwardedHost: PublicHost);

        var challenge = await browser.GetAsync("/planer");

        // The request stays what it was: plain http to the instance's own address, so no HSTS, no public host.
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.StartsWith($"http://{server.App.BaseAddress.Authority}/logga-in?", challenge.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Null(Header(challenge, "Strict-Transport-Security"));
        // And so the https-only session cookie is never issued over it.
        var signIn = await browser.GetAsync("/logga-in");
        Assert.False(signIn.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("__Host-", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("KnownProxies", "10.0.0.300", "ForwardedHeaders:KnownProxies: '10.0.0.300' är ingen IP-adress.")]
    [InlineData("KnownNetworks", "10.0.0.0/33", "ForwardedHeaders:KnownNetworks: '10.0.0.0/33' är inget nät i CIDR-form (t.ex. 10.0.0.0/24).")]
    public void A_mistyped_proxy_address_stops_the_start_with_the_setting_named(string setting, string value, string message)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"ForwardedHeaders:{setting}:0"] = value }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddProxySupport(configuration));

        Assert.Equal(message, error.Message);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
