namespace Insatsportal.Web.Domain;

/// <summary>
/// An uppföljningsomgång: one occasion (delårsrapport, verksamhetsberättelse, lägesbedömning) on which every
/// insats of a plan is followed up. Opening it creates the report assignments; closing it freezes them.
/// </summary>
public class FollowUpRound : IConcurrencyAware, IAudited
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public Plan Plan { get; set; } = null!;
    public int? FollowUpOccasionId { get; set; }
    public FollowUpOccasion? FollowUpOccasion { get; set; }

    public required string Name { get; set; }
    public FollowUpOccasionKind Kind { get; set; }
    public DateOnly OpensOn { get; set; }
    public DateOnly Deadline { get; set; }
    public string? Instructions { get; set; }

    /// <summary>The plan's name as it was when the round opened, and again when it closed, so that the round's
    /// nämndunderlag keeps its cover when the plan is renamed later. Null only for rounds from before it was kept.</summary>
    public string? PlanNameInRound { get; set; }

    public RoundStatus Status { get; set; }
    public DateTime? ClosedAt { get; set; }
    public string? ClosedByUserId { get; set; }

    public List<FollowUpReport> Reports { get; set; } = [];

    public Guid ConcurrencyToken { get; set; } = Guid.NewGuid();
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public enum RoundStatus
{
    Open,
    Closed,
}

/// <summary>
/// One report in a round: for an insats as a whole (written by its responsible) or for one targeted unit
/// (written by that unit's rektor). What it reports on (activity and effect texts) is copied in when the report
/// is created, so later edits of the insats do not change what the round shows.
/// </summary>
public class FollowUpReport : IConcurrencyAware, IAudited
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public FollowUpRound Round { get; set; } = null!;
    public int InitiativeId { get; set; }
    public Initiative Initiative { get; set; } = null!;

    /// <summary>The unit reported for; null for the insats-level report by its responsible.</summary>
    public int? UnitId { get; set; }
    public Unit? Unit { get; set; }

    /// <summary>The department whose officials write the insats-level report (the first responsible department).</summary>
    public int? ResponsibleDepartmentId { get; set; }
    public Department? ResponsibleDepartment { get; set; }

    /// <summary>A named person responsible for the insats, when the plan names one.</summary>
    public string? ResponsibleUserId { get; set; }
    public AppUser? ResponsibleUser { get; set; }

    /// <summary>The insats title as it was when the report was created.</summary>
    public required string InitiativeTitle { get; set; }

    /// <summary>The insats' status, end date and goal as they were when the round opened, and again when it
    /// closed: a closed round keeps showing (and reporting) them however the insats changes later, and two
    /// rounds can be compared ("Sedan förra omgången").</summary>
    public InitiativeStatus InitiativeStatusInRound { get; set; }
    public DateOnly? InitiativeEndDateInRound { get; set; }
    public string? GoalTitleInRound { get; set; }

    /// <summary>Where the insats stood in the plan in the round (its number, its goal's short name and place, its place under
    /// the goal), kept like the fields above so that a closed round's nämndunderlag keeps its order and numbers
    /// when goals are reordered or insatser moved or renumbered later. Null goal place = övergripande.</summary>
    public string? InitiativeNumberInRound { get; set; }
    public string? GoalShortNameInRound { get; set; }
    public int? GoalSortOrderInRound { get; set; }
    public int InitiativeSortOrderInRound { get; set; }

    public ReportStatus Status { get; set; }

    public ImplementationStatus? Implementation { get; set; }
    public string? ImplementationComment { get; set; }
    public string? OverallAssessment { get; set; }
    public string? NextSteps { get; set; }
    public string? Risks { get; set; }

    public DateTime? SubmittedAt { get; set; }
    public string? SubmittedByUserId { get; set; }
    public DateTime? ReviewedAt { get; set; }
    public string? ReviewedByUserId { get; set; }
    public string? ReturnComment { get; set; }

    /// <summary>Opened again by the förvaltningschef after its round closed (with a reason, in the transitions).</summary>
    public bool ReopenedAfterClose { get; set; }

    public List<ReportActivity> Activities { get; set; } = [];
    public List<ReportEffect> Effects { get; set; } = [];
    public List<ReportTransition> Transitions { get; set; } = [];

    public Guid ConcurrencyToken { get; set; } = Guid.NewGuid();
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public enum ReportStatus
{
    NotStarted,
    Draft,
    Submitted,
    Returned,
    Approved,
}

/// <summary>Genomförande: how far the insats or one of its activities has come.</summary>
public enum ImplementationStatus
{
    Done,
    OnTrack,
    Delayed,
    NotStarted,
    Cancelled,
}

/// <summary>Effekt: whether an expected effect can be seen.</summary>
public enum EffectJudgement
{
    Visible,
    PartlyVisible,
    NotYetVisible,
    CannotBeAssessed,
}

public enum EvidenceType
{
    Indicator,
    Survey,
    Observation,
    Interview,
    Results,
    Other,
}

/// <summary>Genomförande of one numbered activity, with the activity's text as it was in the round.</summary>
public class ReportActivity
{
    public int Id { get; set; }
    public int ReportId { get; set; }
    public FollowUpReport Report { get; set; } = null!;
    public int Number { get; set; }
    public required string ActivityText { get; set; }
    public ImplementationStatus? Status { get; set; }
    public string? Comment { get; set; }
}

/// <summary>Effekt of one expected effect, with the evidence it rests on and, for an indicator, the measured value.</summary>
public class ReportEffect
{
    public int Id { get; set; }
    public int ReportId { get; set; }
    public FollowUpReport Report { get; set; } = null!;
    public int SortOrder { get; set; }
    public required string EffectText { get; set; }
    public string? IndicatorName { get; set; }
    public string? IndicatorUnit { get; set; }
    public EffectJudgement? Judgement { get; set; }
    public EvidenceType? EvidenceType { get; set; }
    public string? Evidence { get; set; }
    public decimal? MeasuredValue { get; set; }
}

/// <summary>Every change of a report's state: who, when, and the comment that came with it.</summary>
public class ReportTransition
{
    public int Id { get; set; }
    public int ReportId { get; set; }
    public FollowUpReport Report { get; set; } = null!;
    public ReportStatus From { get; set; }
    public ReportStatus To { get; set; }
    public DateTime At { get; set; }
    public string? UserId { get; set; }
    public required string UserName { get; set; }
    public string? Comment { get; set; }
}

/// <summary>
/// An e-mail reminder waiting to be sent. Requests only add rows; a background worker sends them and keeps
/// failed ones for a later attempt, so a slow or failing mail server never blocks a user or loses a reminder.
/// </summary>
public class ReminderMessage
{
    public int Id { get; set; }
    public int? ReportId { get; set; }
    public ReminderKind Kind { get; set; }
    public required string ToEmail { get; set; }
    public required string ToName { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }

    /// <summary>Stops the same reminder from being queued twice (e.g. "deadline:42:2026-11-20").</summary>
    public required string DeduplicationKey { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>The sending pass that has claimed the message, and until when: of several instances' workers only
    /// the one whose claim succeeded sends it (ReminderSender).</summary>
    public Guid? ClaimedBy { get; set; }
    public DateTime? ClaimExpiresAt { get; set; }
}

/// <summary>What a reminder row is. Rows queued today are digests; the per-report kinds are rows from before the
/// digest (kept, never deleted).</summary>
public enum ReminderKind
{
    BeforeDeadline,
    Returned,
    Overdue,

    /// <summary>One e-mail per person and day listing every report due, overdue and returned (ReminderScheduler).</summary>
    Digest,
}
