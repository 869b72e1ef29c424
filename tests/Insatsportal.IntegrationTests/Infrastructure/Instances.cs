using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Insatsportal.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests.Infrastructure;

/// <summary>
/// A database that several instances of the app share. The tests that need one take it as a type parameter, so the
/// same tests run over another engine by adding an implementation (a PostgreSQL database on the CI server, say).
/// </summary>
public interface ISharedDatabase : IAsyncDisposable
{
    /// <summary>The value of Database:Provider.</summary>
    string Provider { get; }

    string ConnectionString { get; }

    /// <summary>Creates the empty database; the first instance migrates and seeds it.</summary>
    Task CreateAsync();
}

/// <summary>One SQLite file in the temp folder: instances in one process each open their own connections to it,
/// exactly as two processes on one machine would.</summary>
public sealed class SqliteSharedDatabase : ISharedDatabase
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"insatsportal-shared-{Guid.NewGuid():N}.db");

    public string Provider => "Sqlite";

    public string ConnectionString => $"Data Source={_path}";

    public Task CreateAsync() => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>A fresh database on the PostgreSQL test server (<see cref="PostgreSqlTestDatabase"/>: created with a
/// random name, dropped afterwards; the test fails with advice where no server is reachable).</summary>
public sealed class PostgreSqlSharedDatabase : ISharedDatabase
{
    private PostgreSqlTestDatabase? _database;

    public string Provider => "PostgreSql";

    public string ConnectionString => (_database ?? throw new InvalidOperationException("CreateAsync first")).ConnectionString;

    public Task CreateAsync()
    {
        _database = new PostgreSqlTestDatabase();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        _database?.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// One instance of the real app on real Kestrel on a free loopback port, over a shared database, with its own
/// memory (caches, key ring, workers) as a separate server would have. Settings only; no service is replaced (a test
/// may add an EF Core interceptor that holds a command, to catch the instance in the middle of a write).
/// </summary>
public sealed class KestrelInstance : WebApplicationFactory<Program>
{
    private readonly ISharedDatabase _database;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly string _environment;
    private readonly IInterceptor? _interceptor;

    public KestrelInstance(ISharedDatabase database, IReadOnlyDictionary<string, string?> settings, string environment = "Testing",
        IInterceptor? interceptor = null)
    {
        (_database, _settings, _environment, _interceptor) = (database, settings, environment, interceptor);
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>The address the instance listens on, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public KestrelInstance Start()
    {
        StartServer();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        builder.UseSetting("Database:Provider", _database.Provider);
        builder.UseSetting("ConnectionStrings:Insatsportal", _database.ConnectionString);
        // Whichever instance starts first migrates (a server engine's default is not to); the tests start them one
        // after the other.
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        // As settings, not an added configuration source: Program reads some settings before the host is built.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_interceptor is { } interceptor)
        {
            // Added to whichever context the provider registers; the others' configuration is never used.
            builder.ConfigureTestServices(services => services
                .ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(interceptor))
                .ConfigureDbContext<PostgreSqlAppDbContext>(o => o.AddInterceptors(interceptor))
                .ConfigureDbContext<SqlServerAppDbContext>(o => o.AddInterceptors(interceptor)));
        }
    }

    /// <summary>A client that talks to this instance the way a TLS-ending load balancer does: plain http from its
    /// own address, saying X-Forwarded-Proto: https, with the browser's cookies (Secure ones included).</summary>
    public HttpClient CreateProxiedClient(CookieJar cookies, IPAddress? from = null, string? forwardedHost = null) =>
        new(new ProxyHandler(cookies, forwardedHost, from)) { BaseAddress = BaseAddress };

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }
}

/// <summary>A browser's cookies, by name, kept outside HttpClient: behind a proxy the app sets Secure cookies on a
/// plain-http connection, which HttpClient's own container would never send back.</summary>
public sealed class CookieJar
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public string? this[string name]
    {
        get
        {
            lock (_lock)
            {
                return _cookies.GetValueOrDefault(name);
            }
        }
    }

    public string? Header()
    {
        lock (_lock)
        {
            return _cookies.Count == 0 ? null : string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}"));
        }
    }

    public void Store(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return;
        }
        lock (_lock)
        {
            foreach (var line in values)
            {
                var parts = line.Split(';', StringSplitOptions.TrimEntries);
                var (name, value) = (parts[0][..parts[0].IndexOf('=')], parts[0][(parts[0].IndexOf('=') + 1)..]);
                var expires = parts.Skip(1).FirstOrDefault(p => p.StartsWith("expires=", StringComparison.OrdinalIgnoreCase));
                var gone = value.Length == 0
                    || parts.Any(p => p.Equals("max-age=0", StringComparison.OrdinalIgnoreCase))
                    || (expires is not null && DateTimeOffset.TryParse(expires["expires=".Length..], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                        && at < DateTimeOffset.UtcNow);
                if (gone)
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = value;
                }
            }
        }
    }
}

/// <summary>What a TLS-ending proxy adds to each request it passes on, from the address it connects from.</summary>
public sealed class ProxyHandler : DelegatingHandler
{
    private readonly CookieJar _cookies;
    private readonly string? _forwardedHost;

    public ProxyHandler(CookieJar cookies, string? forwardedHost, IPAddress? from)
        : base(new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectCallback = from is null ? null : async (context, ct) =>
            {
                // Connect from this address (any 127.x.y.z is this machine), as a proxy elsewhere would.
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
    {
        (_cookies, _forwardedHost) = (cookies, forwardedHost);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");
        if (_forwardedHost is not null)
        {
            request.Headers.Add("X-Forwarded-Host", _forwardedHost);
        }
        if (_cookies.Header() is { } cookie)
        {
            request.Headers.Add("Cookie", cookie);
        }
        var response = await base.SendAsync(request, cancellationToken);
        _cookies.Store(response);
        return response;
    }
}

/// <summary>
/// Holds the first INSERT into a table on the instance it is added to until that instance stops (the command's token is
/// cancelled): a write caught in the middle however fast the machine is, where a test that waits for the moment would
/// race it (a 300-insats import finished before a loaded CI machine looked).
/// </summary>
public sealed class HoldFirstInsert(string table) : DbCommandInterceptor
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _taken;

    /// <summary>Completes when the insert is being held.</summary>
    public Task Reached => _reached.Task;

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result,
        CancellationToken cancellationToken = default)
    {
        await HoldAsync(command, cancellationToken);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await HoldAsync(command, cancellationToken);
        return result;
    }

    private async Task HoldAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var text = command.CommandText;
        if ((text.Contains($"INSERT INTO \"{table}\"", StringComparison.Ordinal) || text.Contains($"INSERT INTO [{table}]", StringComparison.Ordinal))
            && Interlocked.Exchange(ref _taken, 1) == 0)
        {
            _reached.SetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
