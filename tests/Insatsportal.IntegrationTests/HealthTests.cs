using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Insatsportal.IntegrationTests;

/// <summary>The load balancer's probes: live is the process, ready is the database with every migration applied.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class HealthTests(AppFactory app)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/health")]
    public async Task Each_probe_is_anonymous_and_says_healthy_and_nothing_more(string url)
    {
        var response = await app.CreateBrowser().GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}

public sealed class HealthProbeTests
{
    /// <summary>A new version of the app started over a database that lacks its last migration (the DBA has not run
    /// the script yet): it starts, because the older schema has what start-up reads, but is not ready.</summary>
    private sealed class OneMigrationBehindFactory : AppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Database:MigrateOnStartup", "false");
            builder.UseSetting("Seeding:Plans", "false");
            builder.UseSetting("Seeding:Demo", "false");
        }

        public async Task MigrateAsync(bool all)
        {
            await using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(ConnectionString).Options);
            var migrations = db.Database.GetMigrations().ToList();
            await db.GetService<IMigrator>().MigrateAsync(all ? migrations[^1] : migrations[^2]);
            if (!all)
            {
                // A database in use already has its roles, so the new version's start-up writes nothing to the older
                // schema (its writes need the newer one: each renews the data version, a table of the last migration).
                // Written past the app's context for that reason.
                await using var connection = new SqliteConnection(ConnectionString);
                await connection.OpenAsync();
                foreach (var role in Roles.All)
                {
                    await using var insert = connection.CreateCommand();
                    insert.CommandText = "INSERT INTO AspNetRoles (Id, Name, NormalizedName, ConcurrencyStamp) VALUES ($id, $name, $normalized, $stamp)";
                    insert.Parameters.AddWithValue("$id", Guid.NewGuid().ToString());
                    insert.Parameters.AddWithValue("$name", role);
                    insert.Parameters.AddWithValue("$normalized", role.ToUpperInvariant());
                    insert.Parameters.AddWithValue("$stamp", Guid.NewGuid().ToString());
                    await insert.ExecuteNonQueryAsync();
                }
            }
        }
    }

    [Fact]
    public async Task Ready_is_503_while_a_migration_is_pending_and_200_once_it_is_applied_while_live_stays_200()
    {
        using var app = new OneMigrationBehindFactory();
        await app.MigrateAsync(all: false);
        var client = app.CreateBrowser();

        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        await app.MigrateAsync(all: true);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Ready_is_503_when_the_database_cannot_be_opened_while_live_stays_200()
    {
        using var app = new AppFactory();
        var client = app.CreateBrowser();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var path = new SqliteConnectionStringBuilder(app.ConnectionString).DataSource;
        try
        {
            // The database file is gone and nothing can be created in its place: no connection opens.
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
            Directory.CreateDirectory(path);

            var ready = await client.GetAsync("/health/ready");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(path);
        }
    }
}

public sealed class HealthLogTests(LoggingAppFactory app) : IClassFixture<LoggingAppFactory>
{
    [Fact]
    public async Task A_successful_probe_leaves_no_request_log_line_every_few_seconds_but_a_page_does()
    {
        var client = app.CreateBrowser();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/logga-in")).StatusCode);

        // The request log's own line per request ("HTTP GET /logga-in responded 200 in … ms").
        var requests = app.ReadEvents()
            .Where(e => e.TryGetProperty("@mt", out var template) && template.GetString()!.StartsWith("HTTP {RequestMethod} {RequestPath} responded", StringComparison.Ordinal))
            .Select(e => e.GetProperty("RequestPath").GetString()).ToList();
        Assert.Contains("/logga-in", requests);
        Assert.DoesNotContain("/health/live", requests);
        Assert.DoesNotContain("/health/ready", requests);
    }
}
