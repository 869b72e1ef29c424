using Insatsportal.Web.Data;
using Microsoft.EntityFrameworkCore;

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
    public void Both_providers_have_the_same_migrations()
    {
        using var sqlite = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite("Data Source=:memory:").Options);
        using var sqlServer = new SqlServerAppDbContext(new DbContextOptionsBuilder<SqlServerAppDbContext>()
            .UseSqlServer("Server=localhost;Database=x;TrustServerCertificate=True").Options);

        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_') + 1)..]);

        Assert.NotEmpty(Names(sqlite));
        Assert.Equal(Names(sqlite), Names(sqlServer));
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
