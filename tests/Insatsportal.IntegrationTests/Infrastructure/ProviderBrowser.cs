using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Insatsportal.Tests.Shared;
using Microsoft.AspNetCore.Hosting;

namespace Insatsportal.IntegrationTests.Infrastructure;

/// <summary>The app with sign-in through <see cref="TestIdentityProvider"/> configured, logging as in production
/// (<see cref="LoggingAppFactory"/>) so that the security events can be read.</summary>
public sealed class ProviderAppFactory(Uri authority, bool localPasswords) : LoggingAppFactory
{
    public const string BreakGlassAdministrator = DemoUsers.Administrator;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Authentication:OpenIdConnect:Authority", authority.ToString());
        builder.UseSetting("Authentication:OpenIdConnect:ClientId", TestIdentityProvider.ClientId);
        builder.UseSetting("Authentication:OpenIdConnect:ClientSecret", TestIdentityProvider.ClientSecret);
        builder.UseSetting("Authentication:OpenIdConnect:DisplayName", "Testkommunens inloggning");
        // The test provider speaks plain http on loopback; a real one is always https.
        builder.UseSetting("Authentication:OpenIdConnect:RequireHttpsMetadata", "false");
        builder.UseSetting("Authentication:LocalPasswords", localPasswords ? "true" : "false");
        builder.UseSetting("Authentication:BreakGlassAdministrators:0", BreakGlassAdministrator);
    }
}

/// <summary>
/// One provider and the apps that use it, shared by a test class: the provider and each app start once. The app
/// with local passwords off starts only for the tests that ask for it.
/// </summary>
public sealed class ProviderFixture : IAsyncLifetime
{
    private ProviderAppFactory? _noPasswords;

    public TestIdentityProvider Provider { get; private set; } = null!;

    public ProviderAppFactory App { get; private set; } = null!;

    public ProviderAppFactory NoPasswordsApp => _noPasswords ??= new ProviderAppFactory(Provider.Authority, localPasswords: false);

    public async Task InitializeAsync()
    {
        Provider = await TestIdentityProvider.StartAsync();
        Provider.AllowClient(new Uri("https://localhost/"));
        App = new ProviderAppFactory(Provider.Authority, localPasswords: true);
    }

    public async Task DisposeAsync()
    {
        App.Dispose();
        _noPasswords?.Dispose();
        await Provider.DisposeAsync();
    }
}

/// <summary>
/// A browser for the whole round trip: the app through its test client (https://localhost), the provider over real
/// HTTP with cookies of its own. It follows redirects across both, and submits the provider's form_post answer back
/// to the app as the browser's script would.
/// </summary>
public sealed class ProviderBrowser(HttpClient app, TestIdentityProvider provider) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    private readonly HttpClient _provider = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() });

    public HttpClient App => app;

    /// <summary>Every address the browser went to, in order.</summary>
    public List<Uri> Visited { get; } = [];

    /// <summary>Presses "Logga in med …" on the sign-in page and follows the flow to where it ends in the app.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string loginPage = "/logga-in") =>
        await FollowAsync(await app.PostFormAsync(loginPage, new Dictionary<string, string>(), "form[action^='/logga-in/extern']"));

    /// <summary>Presses "Logga ut" and follows the flow (through the provider's end-session endpoint, if any).</summary>
    public async Task<HttpResponseMessage> SignOutAsync() =>
        await FollowAsync(await app.PostFormAsync("/", new Dictionary<string, string>(), "form[action='/logga-ut']"));

    public async Task<HttpResponseMessage> FollowAsync(HttpResponseMessage response)
    {
        for (var hop = 0; hop < 20; hop++)
        {
            var from = response.RequestMessage!.RequestUri!;
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                var target = location.IsAbsoluteUri ? location : new Uri(from, location);
                Visited.Add(target);
                response = await ClientFor(target).GetAsync(target);
                continue;
            }
            if (response.StatusCode == HttpStatusCode.OK && IsProvider(from)
                && Parser.ParseDocument(await response.Content.ReadAsStringAsync()).QuerySelector("form[method=post]") is IHtmlFormElement form)
            {
                // response_mode=form_post: the page's script posts the code and state to the app.
                var target = new Uri(form.GetAttribute("action")!);
                var fields = form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>()
                    .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
                Visited.Add(target);
                response = await ClientFor(target).PostAsync(target, new FormUrlEncodedContent(fields));
                continue;
            }
            return response;
        }
        throw new InvalidOperationException("More than 20 hops: " + string.Join(" → ", Visited));
    }

    private bool IsProvider(Uri uri) => uri.Authority == provider.Authority.Authority;

    private HttpClient ClientFor(Uri uri) => IsProvider(uri) ? _provider : app;

    public void Dispose() => _provider.Dispose();
}
