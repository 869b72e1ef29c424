using System.Collections.Concurrent;
using System.Security.Claims;
using System.Threading.Channels;

namespace Insatsportal.Web.Features.PlanTransfer;

public enum ImportJobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>A confirmed import on its way into the database, with its progress for the status page.</summary>
public sealed class ImportJob(Guid id, int planId, ClaimsPrincipal user, string uploadToken, UploadInfo upload, DateTime queuedAt)
{
    private int _done;
    private int _total;
    private volatile ImportJobState _state;

    public Guid Id { get; } = id;
    public int PlanId { get; } = planId;
    public ClaimsPrincipal User { get; } = user;
    public string UploadToken { get; } = uploadToken;
    public UploadInfo Upload { get; } = upload;
    public DateTime QueuedAt { get; } = queuedAt;
    public ImportJobState State { get => _state; set => _state = value; }
    public string? Message { get; set; }
    public DateTime? FinishedAt { get; set; }
    public int Done => Volatile.Read(ref _done);
    public int Total => Volatile.Read(ref _total);

    public void Report(int done, int total)
    {
        Volatile.Write(ref _total, total);
        Volatile.Write(ref _done, done);
    }
}

/// <summary>
/// Confirmed imports wait here for <see cref="PlanImportWorker"/>, one at a time. Jobs live in memory: the status
/// page works on the instance that took the confirmation, and a finished job is forgotten after an hour (what it
/// wrote stays in the plan and its history).
/// </summary>
public sealed class PlanImportQueue(TimeProvider clock)
{
    private readonly Channel<ImportJob> _channel = Channel.CreateUnbounded<ImportJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, ImportJob> _jobs = new();

    public ChannelReader<ImportJob> Reader => _channel.Reader;

    public ImportJob Enqueue(int planId, ClaimsPrincipal user, string token, UploadInfo upload)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var old in _jobs.Values.Where(j => j.FinishedAt < now.AddHours(-1)))
        {
            _jobs.TryRemove(old.Id, out _);
        }
        var job = new ImportJob(Guid.NewGuid(), planId, user, token, upload, now);
        _jobs[job.Id] = job;
        _channel.Writer.TryWrite(job);
        return job;
    }

    /// <summary>A job is shown only to the user who started it, for its own plan.</summary>
    public ImportJob? Find(Guid id, int planId, string userId) =>
        _jobs.TryGetValue(id, out var job) && job.PlanId == planId && job.Upload.UserId == userId ? job : null;
}

/// <summary>Runs confirmed imports, each in a DI scope and one transaction of its own; a failure is logged and
/// shown on the status page, and leaves the plan as it was.</summary>
public sealed class PlanImportWorker(PlanImportQueue queue, IServiceScopeFactory scopes, ImportUploads uploads, TimeProvider clock, ILogger<PlanImportWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken))
            {
                await RunAsync(job, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: a job in progress was rolled back with its transaction.
        }
    }

    private async Task RunAsync(ImportJob job, CancellationToken ct)
    {
        job.State = ImportJobState.Running;
        try
        {
            var content = await File.ReadAllBytesAsync(Path.Combine(uploads.Folder, job.UploadToken + ".xlsx"), ct);
            using var scope = scopes.CreateScope();
            var writer = scope.ServiceProvider.GetRequiredService<PlanImportWriter>();
            var outcome = await writer.WriteAsync(job.PlanId, job.User, content, job.Upload.FileName, job.Upload.Fingerprint, job.Report, ct);
            (job.State, job.Message) = outcome switch
            {
                ImportOutcome.Written w => (ImportJobState.Succeeded, "Importen är klar: " + PlanImportWriter.Summary(w)),
                ImportOutcome.Stale => (ImportJobState.Failed, StaleMessage),
                ImportOutcome.Invalid => (ImportJobState.Failed,
                    "Filen godkändes inte längre när importen skulle sparas (förvaltningens enheter, avdelningar eller användare kan ha ändrats). Ingenting sparades. Ladda upp filen igen för att se felen."),
                _ => (ImportJobState.Failed, "Importen misslyckades. Ingenting sparades."),
            };
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            (job.State, job.Message) = (ImportJobState.Failed, "Importen avbröts när tjänsten startades om. Ingenting sparades. Ladda upp filen igen.");
            throw;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Import job {JobId} into plan {PlanId} failed", job.Id, job.PlanId);
            (job.State, job.Message) = (ImportJobState.Failed, $"Importen misslyckades av ett tekniskt fel. Ingenting sparades. Referens: {job.Id}.");
        }
        finally
        {
            job.FinishedAt = clock.GetUtcNow().UtcDateTime;
            uploads.Remove(job.UploadToken);
        }
    }

    public const string StaleMessage =
        "Planen har ändrats sedan du förhandsgranskade filen. Ingenting sparades. Ladda upp filen igen och granska ändringarna på nytt.";
}
