using Insatsportal.IntegrationTests.Infrastructure;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// Two instances of the app, each on real Kestrel with its own memory, over one database, behind what acts as a
/// TLS-ending load balancer (plain http from 127.0.0.1, a configured proxy, with X-Forwarded-Proto: https), outside
/// Development, so the cookies are the production <c>__Host-</c> ones. Both run their reminder and import workers.
/// The database is a type parameter: <see cref="SqliteTwoInstances"/> shares one SQLite file; a server engine is
/// another <see cref="ISharedDatabase"/> and one more two-line subclass of each.
/// </summary>
public abstract class TwoInstances<TDatabase> : IAsyncLifetime where TDatabase : ISharedDatabase, new()
{
    public TDatabase Database { get; } = new();

    /// <summary>Where both instances write their e-mail, as .eml files.</summary>
    public string MailFolder { get; } = Path.Combine(Path.GetTempPath(), $"insatsportal-mail-{Guid.NewGuid():N}");

    public KestrelInstance First { get; private set; } = null!;

    public KestrelInstance Second { get; private set; } = null!;

    private Dictionary<string, string?> Settings => new()
    {
        ["Seeding:Plans"] = "true",
        ["Seeding:Demo"] = "true",
        ["Seeding:DemoPassword"] = AppFactory.DemoPassword,
        ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        ["Reminders:Enabled"] = "true",
        ["Reminders:PollInterval"] = "00:00:01",
        ["Reminders:DaysBeforeDeadline"] = "7",
        // Digests at any hour: the test may run in the Swedish night.
        ["Reminders:DigestFromHour"] = "0",
        ["Mail:From"] = "insatsportal@test.example",
        ["Mail:PickupDirectory"] = MailFolder,
        // The fixture's instances run the imports confirmed on them at once (each wakes its own worker) and find the
        // queue's others when they start; between those they do not look, so that a test decides which instance runs
        // an import (polling every half second, they took a job from the instance a test meant to stop). The
        // instances a test starts for the queue look often (StartAnotherPollingOften).
        ["PlanTransfer:PollInterval"] = "01:00:00",
    };

    /// <summary>Another instance over the same database (a third server, or one restarted).</summary>
    public KestrelInstance StartAnother() => new KestrelInstance(Database, Settings).Start();

    /// <summary>Another instance whose import worker looks at the queue every fifth of a second, and whose database
    /// commands pass <paramref name="interceptor"/> if given.</summary>
    public KestrelInstance StartAnotherPollingOften(Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor? interceptor = null)
    {
        var settings = Settings;
        settings["PlanTransfer:PollInterval"] = "00:00:00.2";
        return new KestrelInstance(Database, settings, interceptor: interceptor).Start();
    }

    public async Task InitializeAsync()
    {
        await Database.CreateAsync();
        // One after the other: the first migrates and seeds, the second finds that done. In production the
        // migrations are applied once, by script, before the instances start (docs/operations.md).
        First = StartAnother();
        Second = StartAnother();
    }

    public async Task DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
        await Database.DisposeAsync();
        if (Directory.Exists(MailFolder))
        {
            Directory.Delete(MailFolder, recursive: true);
        }
    }
}
