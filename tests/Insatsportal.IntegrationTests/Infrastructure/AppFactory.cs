using Insatsportal.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests.Infrastructure;

/// <summary>
/// The real app over a real SQLite file with the real migrations and the real seed files. Configuration is
/// overridden with settings only; no service is replaced.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    public const string DemoPassword = "Testlösenord-för-demo";

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"insatsportal-test-{Guid.NewGuid():N}.db");

    public string ConnectionString => $"Data Source={_databasePath}";

    protected virtual bool SeedDemo => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Insatsportal", ConnectionString);
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Seeding:Plans", "true");
        builder.UseSetting("Seeding:Demo", SeedDemo ? "true" : "false");
        builder.UseSetting("Seeding:DemoPassword", DemoPassword);
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        // No background worker touches a test's database; reminder tests call the scheduler and sender themselves.
        builder.UseSetting("Reminders:Enabled", "false");
    }

    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        // Outside Development the session cookie is Secure, so the test browser speaks https as users do.
        BaseAddress = new Uri("https://localhost"),
    });

    /// <summary>Runs code against the app's own DbContext in a scope of its own.</summary>
    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public Task WithDbAsync(Func<AppDbContext, Task> work) => WithDbAsync(async db =>
    {
        await work(db);
        return true;
    });

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

/// <summary>A production-like start: the real plans may be seeded but no demo accounts exist.</summary>
public sealed class NoDemoAppFactory : AppFactory
{
    protected override bool SeedDemo => false;
}

[CollectionDefinition(Name)]
public sealed class SharedAppCollection : ICollectionFixture<AppFactory>
{
    public const string Name = "Delad app (läsande tester)";
}
