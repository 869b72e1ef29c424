using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.PlanTransfer;

/// <summary>What the preview was made from: whose upload, for which plan, and the plan's state then.</summary>
public sealed record UploadInfo(string UserId, int PlanId, string FileName, string Fingerprint, DateTime UploadedAt);

/// <summary>
/// Keeps an uploaded workbook between the preview and the confirmation: a <see cref="PlanImport"/> row holding the
/// file (at most 5 MB) under a random 256-bit token, with the user and plan it belongs to. It is in the database
/// rather than in a folder so that the confirmation may reach another instance than the upload did. A confirmation
/// must come from the same user for the same plan; the upload is claimed once (one UPDATE from Uploaded to Queued)
/// so a double click cannot start two imports; previews older than two hours are removed by the import worker.
/// </summary>
public sealed partial class ImportUploads(AppDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    public async Task<string> SaveAsync(byte[] content, UploadInfo info, CancellationToken ct)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        db.PlanImports.Add(new PlanImport
        {
            Id = Guid.NewGuid(), UploadToken = token, PlanId = info.PlanId, UserId = info.UserId, FileName = info.FileName,
            Fingerprint = info.Fingerprint, Content = content, State = PlanImportState.Uploaded, UploadedAt = info.UploadedAt,
        });
        await db.SaveChangesAsync(ct);
        return token;
    }

    /// <summary>The upload, if the token is well-formed, not yet confirmed, not expired, and this user's for this plan.</summary>
    public Task<UploadInfo?> FindAsync(string? token, string userId, int planId, CancellationToken ct)
    {
        if (token is null || !TokenFormat().IsMatch(token))
        {
            return Task.FromResult<UploadInfo?>(null);
        }
        var oldest = clock.GetUtcNow().UtcDateTime - Lifetime;
        return db.PlanImports.AsNoTracking()
            .Where(u => u.UploadToken == token && u.State == PlanImportState.Uploaded && u.UserId == userId && u.PlanId == planId && u.UploadedAt >= oldest)
            .Select(u => new UploadInfo(u.UserId, u.PlanId, u.FileName, u.Fingerprint, u.UploadedAt))
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>Queues the upload for import; null if another confirmation took it first.</summary>
    public async Task<Guid?> ClaimAsync(string token, string userId, int planId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.PlanImports
            .Where(u => u.UploadToken == token && u.State == PlanImportState.Uploaded && u.UserId == userId && u.PlanId == planId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.State, PlanImportState.Queued).SetProperty(u => u.QueuedAt, now), ct);
        return claimed == 0
            ? null
            : await db.PlanImports.Where(u => u.UploadToken == token).Select(u => u.Id).SingleAsync(ct);
    }

    /// <summary>Forgets an unconfirmed upload (a preview that can no longer be confirmed); the file was never part of a plan.</summary>
    public Task RemoveAsync(string token, CancellationToken ct) =>
        db.PlanImports.Where(u => u.UploadToken == token && u.State == PlanImportState.Uploaded).ExecuteDeleteAsync(ct);

    /// <summary>Removes previews that were never confirmed within their lifetime.</summary>
    public async Task<int> RemoveExpiredAsync(CancellationToken ct)
    {
        var oldest = clock.GetUtcNow().UtcDateTime - Lifetime;
        var expired = db.PlanImports.Where(u => u.State == PlanImportState.Uploaded && u.UploadedAt < oldest);
        // Read first: a DELETE takes SQLite's write lock even when it removes nothing, and the worker calls this every poll.
        return await expired.AnyAsync(ct) ? await expired.ExecuteDeleteAsync(ct) : 0;
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex TokenFormat();
}
