using Insatsportal.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Insatsportal.IntegrationTests;

public sealed class DatabaseTests
{
    [Fact]
    public void Sqlite_migrations_cover_the_model()
    {
        using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite("Data Source=:memory:").Options);

        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --context SqliteAppDbContext");
    }

    [Fact]
    public void SqlServer_migrations_cover_the_model()
    {
        // No SQL Server is needed to compare the model with the last migration's snapshot.
        using var db = new SqlServerAppDbContext(new DbContextOptionsBuilder<SqlServerAppDbContext>()
            .UseSqlServer("Server=localhost;Database=Insatsportal;Trusted_Connection=True;TrustServerCertificate=True").Options);

        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --context SqlServerAppDbContext");
    }

    [Fact]
    public void PostgreSql_migrations_cover_the_model()
    {
        // Nor is a PostgreSQL server.
        using var db = PostgreSql();

        Assert.False(db.Database.HasPendingModelChanges(),
            "Run: dotnet ef migrations add <Name> --project src/Insatsportal.Web --context PostgreSqlAppDbContext --output-dir Data/Migrations/PostgreSql");
    }

    private static SqliteAppDbContext Sqlite() => new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options);

    private static PostgreSqlAppDbContext PostgreSql() =>
        new(new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql("Host=localhost;Database=x").Options);

    private static List<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_') + 1)..]).ToList();

    /// <summary>The commands begin transactions of their own (BeginTransactionAsync). A retrying execution strategy
    /// refuses those with an InvalidOperationException on the first write, so neither server engine may have one.
    /// No server is needed to see which strategy the app configures.</summary>
    [Theory]
    [InlineData("SqlServer", "Server=localhost;Database=x;TrustServerCertificate=True")]
    [InlineData("PostgreSql", "Host=localhost;Database=x")]
    public void The_server_engines_do_not_retry_so_that_the_commands_own_transactions_work(string engine, string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = engine,
            ["ConnectionStrings:Insatsportal"] = connectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddAppDatabase(configuration, new Environment());
        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();

        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        Assert.Equal(engine + "AppDbContext", db.GetType().Name);
        Assert.False(db.Database.CreateExecutionStrategy().RetriesOnFailure);
    }

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";
        public string ApplicationName { get; set; } = "Insatsportal.Web";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    [Fact]
    public void Both_providers_have_the_same_migrations()
    {
        using var sqlite = Sqlite();
        using var sqlServer = new SqlServerAppDbContext(new DbContextOptionsBuilder<SqlServerAppDbContext>()
            .UseSqlServer("Server=localhost;Database=x;TrustServerCertificate=True").Options);

        Assert.NotEmpty(Names(sqlite));
        Assert.Equal(Names(sqlite), Names(sqlServer));
    }

    /// <summary>PostgreSQL came later: its Initial migration is the whole model of that day. Every migration of the
    /// other providers since then has a PostgreSQL migration of the same name, so that a model change reaches all
    /// three engines (and a hand-written one, such as ScaleListsFullTextSearch, is not forgotten).</summary>
    [Fact]
    public void PostgreSql_has_every_migration_since_its_initial_one()
    {
        using var sqlite = Sqlite();
        using var postgreSql = PostgreSql();
        var initial = postgreSql.Database.GetMigrations().First();
        Assert.EndsWith("_Initial", initial, StringComparison.Ordinal);

        // By name, not by order: a migration added to all three at once gets a later timestamp on PostgreSQL when
        // the others were made on another branch before it.
        var since = sqlite.Database.GetMigrations().Where(m => string.CompareOrdinal(m, initial) > 0)
            .Select(m => m[(m.IndexOf('_') + 1)..]);

        Assert.Equal(since.Order(StringComparer.Ordinal), Names(postgreSql).Skip(1).Order(StringComparer.Ordinal));
    }

    /// <summary>SQLite has no Swedish collation of its own: the app registers one, on the native handle when EF
    /// opens a connection and through Microsoft.Data.Sqlite for a connection opened otherwise. Both give the order
    /// that PostgreSQL's ICU collation gives (TextRulesTests), and so does the comparer for lists in memory.</summary>
    [Fact]
    public async Task Sqlite_sorts_in_swedish_order_however_the_connection_is_opened()
    {
        string[] words = ["Ödla", "zebra", "Öl", "Zebra", "Åsa", "vas", "Ängel", "wok", "abc", "Abc", "ål"];
        string[] swedish = ["abc", "Abc", "vas", "wok", "zebra", "Zebra", "ål", "Åsa", "Ängel", "Ödla", "Öl"];
        var values = string.Join(" UNION ALL ", words.Select(w => $"SELECT '{w}' AS \"Value\""));
        var sql = $"SELECT \"Value\" FROM ({values}) ORDER BY \"Value\" COLLATE sv";
        await using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:")
            .AddInterceptors(SwedishText.SqliteCollation.Instance, SwedishText.SqliteOrdering.Instance).Options);

        var openedByEf = await db.Database.SqlQueryRaw<string>(sql).ToListAsync();

        var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var openedByHand = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                openedByHand.Add(reader.GetString(0));
            }
        }

        Assert.Equal(swedish, openedByEf);
        Assert.Equal(swedish, openedByHand);
        Assert.Equal(swedish, words.Order(SwedishText.Comparer));
    }

    [Fact]
    public async Task Default_sqlite_database_is_a_file_in_App_Data_in_WAL_mode()
    {
        var root = Path.Combine(Path.GetTempPath(), "insatsportal-root-" + Guid.NewGuid().ToString("N"));
        var connectionString = DatabaseSetup.SqliteConnectionString(null, root);
        try
        {
            Assert.Contains(Path.Combine(root, "App_Data", "insatsportal.db"), connectionString, StringComparison.Ordinal);
            await using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(connectionString).Options);
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            var mode = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();
            Assert.Equal("wal", mode.Single());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }
}
