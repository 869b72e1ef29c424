namespace Insatsportal.Web.Domain;

/// <summary>
/// An uploaded workbook on its way into a plan: from the preview (the file waits for its confirmation) through the
/// background import to its outcome. It lives in the database, not in one process, so that behind a load balancer
/// the preview, the confirmation, the import and the status page may each be served by a different instance, and
/// an import whose instance stops is taken up again by another (docs/plan-template.md, docs/operations.md).
/// </summary>
public class PlanImport
{
    /// <summary>The job's number on the status page (<c>?jobb=…</c>).</summary>
    public Guid Id { get; set; }

    /// <summary>The random 256-bit token the preview form carries; only the uploader may confirm with it, once.</summary>
    public required string UploadToken { get; set; }

    public int PlanId { get; set; }
    public required string UserId { get; set; }
    public required string FileName { get; set; }

    /// <summary>The plan's digest when the preview was made; the import refuses to write if it has changed.</summary>
    public required string Fingerprint { get; set; }

    /// <summary>The workbook (at most 5 MB); emptied when the import has finished or the preview has expired.</summary>
    public byte[]? Content { get; set; }

    public PlanImportState State { get; set; }
    public DateTime UploadedAt { get; set; }
    public DateTime? QueuedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>Insatser written so far and in all, as last reported by the instance running the import.</summary>
    public int Done { get; set; }
    public int Total { get; set; }

    /// <summary>The outcome in Swedish, for the status page.</summary>
    public string? Message { get; set; }

    /// <summary>How many times an instance has taken the job; an import whose instance stopped is tried again
    /// once, then marked failed.</summary>
    public int Attempts { get; set; }

    /// <summary>The instance running the import, and until when its claim holds unless renewed (the heartbeat).</summary>
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }
}

public enum PlanImportState
{
    /// <summary>Previewed, waiting for the user's confirmation.</summary>
    Uploaded,
    Queued,
    Running,
    Succeeded,
    Failed,
}
