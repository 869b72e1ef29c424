using System.Linq.Expressions;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Insatsportal.Web.Features.PlanTransfer;

/// <summary>
/// Runs confirmed imports, one at a time per instance, each in a DI scope and one transaction of its own. Every
/// instance runs one; they share the queue in the database. A worker claims a job with one UPDATE that only one
/// instance can win (queued, or running with a lease that has run out), renews its lease with a heartbeat while it
/// runs, and records the job's success inside the import's own transaction, so that the job and what it wrote
/// commit together. A job whose instance stopped is taken again once its lease has run out, and after
/// <see cref="MaxAttempts"/> starts it is marked failed; a failure is logged and shown on the status page, and leaves
/// the plan as it was.
/// </summary>
public sealed class PlanImportWorker(
    IServiceScopeFactory scopes, LocalImportActivity local, IOptions<PlanImportOptions> options, TimeProvider clock, ILogger<PlanImportWorker> logger)
    : BackgroundService
{
    public const int MaxAttempts = 2;

    public const string StaleMessage =
        "Planen har ändrats sedan du förhandsgranskade filen. Ingenting sparades. Ladda upp filen igen och granska ändringarna på nytt.";

    public const string InterruptedMessage =
        "Importen avbröts två gånger för att servern som körde den stannade. Ingenting sparades. Ladda upp filen igen.";

    private PlanImportOptions Settings => options.Value;

    /// <summary>The wait after a pass that failed (a busy database, a lost connection): soon, not a whole
    /// <see cref="PlanImportOptions.PollInterval"/>, or a job confirmed on this instance during the failure would wait
    /// that long.</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Settings.PollInterval;
            try
            {
                await TidyAsync(stoppingToken);
                while (await ClaimNextAsync(stoppingToken) is { } job)
                {
                    await RunAsync(job, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                wait = RetryAfterFailure < wait ? RetryAfterFailure : wait;
                logger.LogError(e, "Import worker pass failed; trying again in {Wait}", wait);
            }
            try
            {
                await local.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Marks failed the jobs that were started <see cref="MaxAttempts"/> times by instances that stopped, and
    /// removes previews nobody confirmed.</summary>
    private async Task TidyAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var givenUp = db.PlanImports.Where(j => j.State == PlanImportState.Running && j.LeaseExpiresAt < now && j.Attempts >= MaxAttempts);
        // Read first: an UPDATE takes SQLite's write lock even when it changes nothing, and this runs every poll.
        var failed = !await givenUp.AnyAsync(ct) ? 0 : await givenUp
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, PlanImportState.Failed)
                .SetProperty(j => j.Message, InterruptedMessage)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.Content, (byte[]?)null)
                .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null), ct);
        if (failed > 0)
        {
            logger.LogError("{Count} import jobs were interrupted {MaxAttempts} times and are marked failed", failed, MaxAttempts);
        }
        await scope.ServiceProvider.GetRequiredService<ImportUploads>().RemoveExpiredAsync(ct);
    }

    private static Expression<Func<PlanImport, bool>> Claimable(DateTime now) => j =>
        j.State == PlanImportState.Queued
        || (j.State == PlanImportState.Running && j.LeaseExpiresAt < now && j.Attempts < MaxAttempts);

    /// <summary>Takes the oldest claimable job for this instance; null when there is none.</summary>
    private async Task<Guid?> ClaimNextAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // Each lost race means another instance took a job, so this ends.
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var candidate = await db.PlanImports.Where(Claimable(now)).OrderBy(j => j.QueuedAt).ThenBy(j => j.Id)
                .Select(j => new { j.Id, j.State }).FirstOrDefaultAsync(ct);
            if (candidate is null)
            {
                return null;
            }
            var leaseEnd = now + Settings.JobLease;
            var claimed = await db.PlanImports.Where(j => j.Id == candidate.Id).Where(Claimable(now))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.State, PlanImportState.Running)
                    .SetProperty(j => j.LeaseOwner, local.InstanceId)
                    .SetProperty(j => j.LeaseExpiresAt, leaseEnd)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                    .SetProperty(j => j.StartedAt, now)
                    .SetProperty(j => j.Done, 0)
                    .SetProperty(j => j.Total, 0), ct);
            if (claimed == 1)
            {
                if (candidate.State == PlanImportState.Running)
                {
                    logger.LogWarning("Import job {JobId} was left running by an instance that stopped; {Instance} takes it again", candidate.Id, local.InstanceId);
                }
                return candidate.Id;
            }
        }
    }

    private async Task RunAsync(Guid id, CancellationToken ct)
    {
        using var heartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var heartbeat = HeartbeatAsync(id, heartbeatStop.Token);
        var owner = local.InstanceId;
        (PlanImportState State, string Message)? failure = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var job = await db.PlanImports.AsNoTracking().Where(j => j.Id == id)
                .Select(j => new { j.PlanId, j.UserId, j.FileName, j.Fingerprint, j.Content }).SingleAsync(ct);
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(job.UserId);
            if (user is not { IsActive: true })
            {
                failure = (PlanImportState.Failed, "Användaren som startade importen är inte längre aktiv. Ingenting sparades.");
                return;
            }
            if (job.Content is null)
            {
                failure = (PlanImportState.Failed, "Filen finns inte längre. Ingenting sparades. Ladda upp filen igen.");
                return;
            }
            // The import runs as the user who confirmed it, with their roles and scope as they are now.
            var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
            var writer = scope.ServiceProvider.GetRequiredService<PlanImportWriter>();
            // The heartbeat stops before the write transaction: its lease (JobLease, 5 minutes) covers the transaction.
            // A renewal from another connection during it would be refused on SQLite (the import holds the write lock)
            // and on PostgreSQL would make the transaction's own update of this job row fail as a serialization
            // conflict (the row changed after its snapshot), losing a finished import of 2 000 insatser.
            await heartbeatStop.CancelAsync();
            await heartbeat;
            var outcome = await writer.WriteAsync(job.PlanId, principal, job.Content, job.FileName, job.Fingerprint,
                (done, total) => local.Report(id, done, total), ct,
                beforeCommit: async (written, token) =>
                {
                    var finishedAt = clock.GetUtcNow().UtcDateTime;
                    var message = "Importen är klar: " + PlanImportWriter.Summary(written);
                    var recorded = await db.PlanImports.Where(j => j.Id == id && j.State == PlanImportState.Running && j.LeaseOwner == owner)
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(j => j.State, PlanImportState.Succeeded)
                            .SetProperty(j => j.Message, message)
                            .SetProperty(j => j.FinishedAt, finishedAt)
                            .SetProperty(j => j.Done, written.InitiativesCreated + written.InitiativesChanged)
                            .SetProperty(j => j.Total, written.InitiativesCreated + written.InitiativesChanged)
                            .SetProperty(j => j.Content, (byte[]?)null)
                            .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null), token);
                    if (recorded == 0)
                    {
                        // The lease ran out and another instance took the job: roll back, it writes the plan.
                        throw new LeaseLostException(id);
                    }
                });
            failure = outcome switch
            {
                ImportOutcome.Written => null,
                ImportOutcome.Stale => (PlanImportState.Failed, StaleMessage),
                ImportOutcome.Invalid => (PlanImportState.Failed,
                    "Filen godkändes inte längre när importen skulle sparas (förvaltningens enheter, avdelningar eller användare kan ha ändrats). Ingenting sparades. Ladda upp filen igen för att se felen."),
                _ => (PlanImportState.Failed, "Importen misslyckades. Ingenting sparades."),
            };
        }
        catch (LeaseLostException e)
        {
            logger.LogWarning(e, "Import job {JobId} was taken by another instance while {Instance} ran it; rolled back", id, owner);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // Shutting down (the provider may report the interrupted command as its own exception): the transaction
            // was rolled back; the job goes back to the queue for the next instance, or this one after its restart,
            // without counting as an attempt.
            failure = (PlanImportState.Queued, "");
        }
        catch (Exception e)
        {
            logger.LogError(e, "Import job {JobId} failed", id);
            failure = (PlanImportState.Failed, $"Importen misslyckades av ett tekniskt fel. Ingenting sparades. Referens: {id}.");
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
            if (failure is { } f)
            {
                await FinishAsync(id, owner, f.State, f.Message);
            }
            local.Forget(id);
        }
    }

    /// <summary>Records a job's end other than success (or its return to the queue), if this instance still holds it.</summary>
    private async Task FinishAsync(Guid id, string owner, PlanImportState state, string message)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var mine = db.PlanImports.Where(j => j.Id == id && j.State == PlanImportState.Running && j.LeaseOwner == owner);
        if (state == PlanImportState.Queued)
        {
            await mine.ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, PlanImportState.Queued)
                .SetProperty(j => j.Attempts, j => j.Attempts - 1)
                .SetProperty(j => j.LeaseOwner, (string?)null)
                .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
                .SetProperty(j => j.Done, 0)
                .SetProperty(j => j.Total, 0), CancellationToken.None);
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await mine.ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, state)
            .SetProperty(j => j.Message, message)
            .SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.Content, (byte[]?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null), CancellationToken.None);
    }

    /// <summary>Renews the lease and writes the progress for the other instances until the import ends. A failed write
    /// (SQLite's write lock, held by the import itself) is tried again next beat.</summary>
    private async Task HeartbeatAsync(Guid id, CancellationToken ct)
    {
        var owner = local.InstanceId;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Settings.HeartbeatInterval, clock, ct);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var leaseEnd = clock.GetUtcNow().UtcDateTime + Settings.JobLease;
                var (done, total) = local.Progress(id) ?? (0, 0);
                await db.PlanImports.Where(j => j.Id == id && j.State == PlanImportState.Running && j.LeaseOwner == owner)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(j => j.LeaseExpiresAt, leaseEnd)
                        .SetProperty(j => j.Done, done)
                        .SetProperty(j => j.Total, total), ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "Heartbeat of import job {JobId} not written; trying again", id);
            }
        }
    }

    private sealed class LeaseLostException(Guid id) : Exception($"The lease on import job {id} ran out and another instance took it.");
}
