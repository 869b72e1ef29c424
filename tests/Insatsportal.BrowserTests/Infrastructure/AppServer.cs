using System.Net;
using Insatsportal.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.StaticWebAssets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.BrowserTests.Infrastructure;

/// <summary>
/// The real app on real Kestrel on a free loopback port, over a fresh SQLite file in the temp folder with the real
/// migrations and seeds: the browser talks HTTP to it like a user's browser does. Settings are those of the
/// integration tests' AppFactory; no service is replaced.
/// </summary>
public sealed class AppServer : WebApplicationFactory<Program>
{
    public const string DemoPassword = "Testlösenord-för-demo";

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"insatsportal-browser-{Guid.NewGuid():N}.db");

    private readonly IReadOnlyDictionary<string, string?> _settings;

    /// <param name="settings">More settings, e.g. an identity provider's (applied last).</param>
    public AppServer(IReadOnlyDictionary<string, string?>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string?>();
        // Port 0: the operating system picks a free port, so parallel runs never collide.
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>The address the server listens on, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public void Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Development, because the browser talks plain http to loopback: outside Development the session and
        // antiforgery cookies are __Host- and Secure-only, and antiforgery refuses to run over http at all. The
        // production cookie and header settings are proven by the integration tests over https.
        builder.UseEnvironment("Development");
        // Outside Development the app serves static files from the published output; the browser needs site.css
        // from the build output (colours and focus styles are part of what axe checks).
        builder.ConfigureAppConfiguration((context, _) =>
            StaticWebAssetsLoader.UseStaticWebAssets(context.HostingEnvironment, context.Configuration));
        builder.UseSetting("ConnectionStrings:Insatsportal", $"Data Source={_databasePath}");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Seeding:Plans", "true");
        builder.UseSetting("Seeding:Demo", "true");
        builder.UseSetting("Seeding:DemoPassword", DemoPassword);
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        // No background worker touches the test's database.
        builder.UseSetting("Reminders:Enabled", "false");
        // Nor does the daily Kolada fetch reach the internet; Kolada tests fetch on demand from a local fake.
        builder.UseSetting("Kolada:DailyFetchEnabled", "false");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Runs code against the app's own DbContext in a scope of its own (to find ids, never to set up state
    /// a journey should create through the pages).</summary>
    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_databasePath + suffix);
        }
    }
}
