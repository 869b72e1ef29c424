using Insatsportal.Web.Data.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

/// <summary>Chooses the database from configuration and brings it up to date at start-up.</summary>
public static class DatabaseSetup
{
    public const string ConnectionStringName = "Insatsportal";

    public static DatabaseProvider GetProvider(IConfiguration configuration)
    {
        var value = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Sqlite;
        }
        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider)
            ? provider
            : throw new InvalidOperationException(
                $"Database:Provider must be 'Sqlite', 'SqlServer' or 'PostgreSql', not '{value}'.");
    }

    public static IServiceCollection AddAppDatabase(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        switch (GetProvider(configuration))
        {
            case DatabaseProvider.Sqlite:
                connectionString = SqliteConnectionString(connectionString, environment.ContentRootPath);
                services.AddDbContext<AppDbContext, SqliteAppDbContext>(o => o.UseSqlite(connectionString,
                        s => s.MigrationsAssembly(typeof(AppDbContext).Assembly.FullName))
                    .AddInterceptors(SwedishText.SqliteCollation.Instance, SwedishText.SqliteOrdering.Instance));
                break;
            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        "ConnectionStrings:Insatsportal is required when Database:Provider is SqlServer.");
                }
                // No retrying execution strategy, as on PostgreSQL: it refuses the transactions the commands
                // begin themselves (BeginTransactionAsync) with an InvalidOperationException on every such write.
                services.AddDbContext<AppDbContext, SqlServerAppDbContext>(o => o.UseSqlServer(connectionString));
                break;
            case DatabaseProvider.PostgreSql:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        "ConnectionStrings:Insatsportal is required when Database:Provider is PostgreSql.");
                }
                // No retrying execution strategy: the commands begin transactions of their own
                // (BeginTransactionAsync), which a retrying strategy refuses.
                services.AddDbContext<AppDbContext, PostgreSqlAppDbContext>(o => o.UseNpgsql(connectionString)
                    .AddInterceptors(SwedishText.CaseInsensitiveLike.Instance, NulCharacters.Instance));
                break;
        }
        return services;
    }

    /// <summary>Without a configured connection string SQLite uses App_Data/insatsportal.db next to the app.</summary>
    public static string SqliteConnectionString(string? configured, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(configured) ? "Data Source=App_Data/insatsportal.db" : configured);
        if (builder.Mode != SqliteOpenMode.Memory && !builder.DataSource.StartsWith(':')
            && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.Combine(contentRoot, builder.DataSource);
        }
        if (builder.Mode != SqliteOpenMode.Memory && !builder.DataSource.StartsWith(':'))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }
        // Waits for a writer to finish instead of failing with "database is locked".
        builder.DefaultTimeout = 30;
        return builder.ToString();
    }

    /// <summary>Applies migrations (when configured) and seeds (when configured).</summary>
    public static async Task InitialiseDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var configuration = app.Configuration;
        var provider = GetProvider(configuration);

        // SQLite is embedded, so it is kept up to date by default; a database server (SQL Server, PostgreSQL) is
        // migrated by its owner with the idempotent script unless Database:MigrateOnStartup says otherwise.
        var migrate = configuration.GetValue("Database:MigrateOnStartup", provider == DatabaseProvider.Sqlite);
        if (migrate)
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        if (provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers go on while one request writes; it is a property of the file, set once.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        var seeder = scope.ServiceProvider.GetRequiredService<Seeder>();
        await seeder.SeedAsync(cancellationToken);
    }
}
