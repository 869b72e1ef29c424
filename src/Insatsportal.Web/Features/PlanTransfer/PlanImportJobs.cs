using System.Collections.Concurrent;
using System.Security.Cryptography;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.PlanTransfer;

/// <summary>How the import workers share the queue ("PlanTransfer" in configuration).</summary>
public sealed class PlanImportOptions
{
    public const string Section = "PlanTransfer";

    /// <summary>How often a worker looks for queued imports that another instance took the confirmation for (the
    /// instance that took it starts at once), and for imports whose instance stopped.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a worker's claim on a running import holds without a heartbeat. The heartbeat renews it every
    /// <see cref="HeartbeatInterval"/>; SQLite cannot take the heartbeat's write while the import holds the write
    /// lock, so the lease must outlast the longest import there (about a minute for 2 000 insatser).</summary>
    public TimeSpan JobLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the running import's progress is written for the other instances and its lease renewed.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>The status page's view of an import.</summary>
public sealed record ImportJobView(Guid Id, string FileName, PlanImportState State, int Done, int Total, string? Message);

/// <summary>
/// What this instance knows before the database does: a wake-up for its own worker when it takes a confirmation,
/// the live progress of the import it is running (SQLite cannot store progress while the import holds its write
/// lock), and the name it claims jobs under.
/// </summary>
public sealed class LocalImportActivity
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly ConcurrentDictionary<Guid, (int Done, int Total)> _progress = new();

    /// <summary>Unique per running app, also for two apps in one process (the tests run two instances).</summary>
    public string InstanceId { get; } =
        $"{Environment.MachineName}:{Environment.ProcessId}:{Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}";

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken; one wake-up is enough for any number of jobs.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);

    public void Report(Guid job, int done, int total) => _progress[job] = (done, total);

    public (int Done, int Total)? Progress(Guid job) => _progress.TryGetValue(job, out var p) ? p : null;

    public void Forget(Guid job) => _progress.TryRemove(job, out _);
}

/// <summary>Import jobs as the pages see them: queued by the confirmation, read by the status page.</summary>
public sealed class PlanImportQueue(AppDbContext db, ImportUploads uploads, LocalImportActivity local)
{
    /// <summary>Turns a confirmed upload into a queued job and wakes this instance's worker; null if it was taken already.</summary>
    public async Task<Guid?> EnqueueAsync(string token, string userId, int planId, CancellationToken ct)
    {
        var job = await uploads.ClaimAsync(token, userId, planId, ct);
        if (job is not null)
        {
            local.Wake();
        }
        return job;
    }

    /// <summary>A job is shown only to the user who started it, for its own plan.</summary>
    public async Task<ImportJobView?> FindAsync(Guid id, int planId, string userId, CancellationToken ct)
    {
        var job = await db.PlanImports.AsNoTracking()
            .Where(j => j.Id == id && j.PlanId == planId && j.UserId == userId && j.State != PlanImportState.Uploaded)
            .Select(j => new ImportJobView(j.Id, j.FileName, j.State, j.Done, j.Total, j.Message))
            .SingleOrDefaultAsync(ct);
        // The instance running the import knows its progress before the database may be told.
        return job is { State: PlanImportState.Running } && local.Progress(id) is { } live && live.Done >= job.Done
            ? job with { Done = live.Done, Total = live.Total }
            : job;
    }
}
