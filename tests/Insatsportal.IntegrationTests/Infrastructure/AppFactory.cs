using Insatsportal.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests.Infrastructure;

/// <summary>
/// The real app over a real database of its own with the real migrations and the real seed files: a SQLite file,
/// or with <see cref="Engine"/> PostgreSql a fresh database on a real PostgreSQL server (<see cref="PostgreSqlTestDatabase"/>).
/// Configuration is overridden with settings only; no service is replaced.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    public const string DemoPassword = "Testlösenord-för-demo";

    private readonly Lazy<TestDatabase> _database;

    public AppFactory()
    {
        _database = new(() => TestDatabase.Create(Engine));
    }

    /// <summary>The engine under the app; the PostgreSQL variants of the test classes override it.</summary>
    public virtual TestEngine Engine => TestEngine.Sqlite;

    /// <summary>The database, made on first use (for PostgreSQL: created on the server; that fails with advice when
    /// the server is not reachable).</summary>
    public TestDatabase Database => _database.Value;

    public string ConnectionString => Database.ConnectionString;

    /// <summary>A plain app of its own over a new database on the same engine, for a test that changes what others read.</summary>
    public AppFactory Another() => Engine == TestEngine.PostgreSql ? new PostgreSqlAppFactory() : new AppFactory();

    protected virtual bool SeedDemo => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Insatsportal", ConnectionString);
        builder.UseSetting("Database:Provider", Database.Provider);
        // A server engine is migrated by its owner in production; the tests migrate at start as for SQLite.
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Seeding:Plans", "true");
        builder.UseSetting("Seeding:Demo", SeedDemo ? "true" : "false");
        builder.UseSetting("Seeding:DemoPassword", DemoPassword);
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        // No background worker touches a test's database; reminder tests call the scheduler and sender themselves.
        builder.UseSetting("Reminders:Enabled", "false");
        // Nor does the daily Kolada fetch reach the internet; Kolada tests fetch on demand from a local fake.
        builder.UseSetting("Kolada:DailyFetchEnabled", "false");
        // And "Hämta nu" outside the Kolada tests fails at once (the discard port refuses) instead of waiting on the internet.
        builder.UseSetting("Kolada:BaseUrl", "http://127.0.0.1:9/v2");
    }

    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        // Outside Development the session cookie is Secure, so the test browser speaks https as users do.
        BaseAddress = new Uri("https://localhost"),
    });

    /// <summary>Builders for test data of a test's own (plans, insatser, rounds, reports).</summary>
    public TestData Data => new(this);

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
        if (_database.IsValueCreated)
        {
            _database.Value.Dispose();
        }
    }
}

/// <summary>The real app over a fresh database on a real PostgreSQL server.</summary>
public sealed class PostgreSqlAppFactory : AppFactory
{
    public override TestEngine Engine => TestEngine.PostgreSql;
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
