using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Insatsportal.IntegrationTests.Infrastructure;

/// <summary>The engines the integration tests run the app over.</summary>
public enum TestEngine
{
    Sqlite,
    PostgreSql,
}

/// <summary>A database of its own for one app factory: made when the factory first needs it, gone when it is disposed.</summary>
public abstract class TestDatabase : IDisposable
{
    /// <summary>The value for Database:Provider.</summary>
    public abstract string Provider { get; }

    public abstract string ConnectionString { get; }

    public static TestDatabase Create(TestEngine engine) => engine switch
    {
        TestEngine.Sqlite => new SqliteTestDatabase(),
        TestEngine.PostgreSql => new PostgreSqlTestDatabase(),
        _ => throw new ArgumentOutOfRangeException(nameof(engine)),
    };

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);
}

/// <summary>A temporary SQLite file, migrated by the app at start as in production.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"insatsportal-test-{Guid.NewGuid():N}.db");

    public override string Provider => "Sqlite";

    public override string ConnectionString => $"Data Source={_path}";

    protected override void Dispose(bool disposing)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }
}

/// <summary>
/// A fresh database on a real PostgreSQL server, created with a random name for one factory (so test classes
/// run in parallel without seeing each other) and dropped when the factory is disposed. The server is the one
/// in <see cref="Variable"/>, or else the test server that <c>.ci/postgres</c> starts. When it cannot be reached
/// the test fails with that advice; it is never skipped.
/// </summary>
public sealed class PostgreSqlTestDatabase : TestDatabase
{
    /// <summary>A connection string for a role that may create databases (CREATEDB); its Database is the one to
    /// connect to for creating and dropping the test databases.</summary>
    public const string Variable = "INSATSPORTAL_TEST_POSTGRES";

    /// <summary>The server and role that .ci/postgres sets up (loopback only, a throwaway password).</summary>
    public const string DefaultServer =
        "Host=127.0.0.1;Port=55432;Username=insatsportal_test;Password=insatsportal_test;Database=postgres";

    public static string Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured ? configured : DefaultServer;

    private readonly string _name = "insatsportal_test_" + Guid.NewGuid().ToString("N");

    public PostgreSqlTestDatabase()
    {
        ConnectionString = new NpgsqlConnectionStringBuilder(Server) { Database = _name }.ConnectionString;
        Execute($"CREATE DATABASE \"{_name}\" ENCODING 'UTF8' TEMPLATE template0");
    }

    public override string Provider => "PostgreSql";

    public override string ConnectionString { get; }

    public string Name => _name;

    /// <summary>Runs one command on the server's administrative database (the one named in <see cref="Server"/>).</summary>
    private static void Execute(string sql)
    {
        NpgsqlConnection connection;
        try
        {
            connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Timeout = 10, Pooling = false }.ConnectionString);
            connection.Open();
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidOperationException(Advice(e.Message), e);
        }
        using (connection)
        {
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>What to do when the server is not there.</summary>
    public static string Advice(string error)
    {
        var shown = new NpgsqlConnectionStringBuilder(Server) { Password = null };
        return string.Create(CultureInfo.InvariantCulture,
            $"PostgreSQL is not reachable at '{shown.ConnectionString}' ({error}). The PostgreSQL integration tests " +
            $"need a real server: run `sudo .ci/postgres` (installs PostgreSQL from Debian's packages if it is missing " +
            $"and starts a test server on 127.0.0.1:55432), or set {Variable} to a connection string for a role that " +
            $"may create databases. See docs/database-engines.md.");
    }

    protected override void Dispose(bool disposing)
    {
        using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }
        // A plain DROP first: it stops an autovacuum worker busy in the database (after a large import, say), which
        // FORCE may not terminate for a role that is not a superuser ("must be a member of the role whose process is
        // being terminated"). FORCE only when the app still holds a connection (a background service's, say).
        try
        {
            Execute($"DROP DATABASE IF EXISTS \"{_name}\"");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse)
        {
            Execute($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
        }
    }
}
