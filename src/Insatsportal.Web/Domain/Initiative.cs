namespace Insatsportal.Web.Domain;

/// <summary>An insats: one development initiative in a plan, under a goal or övergripande (no goal).</summary>
public class Initiative : IConcurrencyAware, IArchivable, IAudited
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public Plan Plan { get; set; } = null!;
    public int? GoalId { get; set; }
    public Goal? Goal { get; set; }

    /// <summary>Stable key within the plan (seeds, Excel import round trip).</summary>
    public required string Key { get; set; }

    /// <summary>Order within its goal (or among the plan's övergripande insatser).</summary>
    public int SortOrder { get; set; }

    /// <summary>The document's own numbering, e.g. "6.2.1"; null when it has none.</summary>
    public string? Number { get; set; }
    public required string Title { get; set; }

    /// <summary>Other names the insats goes by (e.g. the table of contents' title).</summary>
    public List<string> AlternativeTitles { get; set; } = [];

    public string? Background { get; set; }
    public string? Purpose { get; set; }

    /// <summary>The insats' own goal ("Mål" in a Stockholm-style plan), not the nämndmål.</summary>
    public string? Objective { get; set; }
    public string? TargetGroup { get; set; }
    public string? Content { get; set; }

    public InitiativeStatus Status { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }

    /// <summary>Where the insats comes from: "Hållbarhetskommissionen 6.2.1", "KF:s budget", "Lägesbedömning 2019".</summary>
    public string? Origin { get; set; }

    /// <summary>"Insatsen förtydligas i en uppdragsbeskrivning": yes, no, or not stated (null).</summary>
    public bool? HasAssignmentDescription { get; set; }
    public string? AssignmentDescriptionLocation { get; set; }

    /// <summary>The insats this one was copied or carried over from (another plan's, usually).</summary>
    public int? CopiedFromId { get; set; }
    public Initiative? CopiedFrom { get; set; }

    public List<ResponsibleEntry> Responsible { get; set; } = [];
    public List<Activity> Activities { get; set; } = [];
    public List<FollowUpPlanItem> FollowUpPlan { get; set; } = [];
    public List<ExpectedEffect> ExpectedEffects { get; set; } = [];
    public List<Resource> Resources { get; set; } = [];
    public List<InitiativePartner> Partners { get; set; } = [];
    public List<InitiativeUnit> TargetedUnits { get; set; } = [];
    public List<InitiativeTheme> Themes { get; set; } = [];
    public List<FollowUpNote> Notes { get; set; } = [];

    public bool IsArchived { get; set; }
    public DateTime? ArchivedAt { get; set; }
    public string? ArchivedReason { get; set; }
    public string? ArchivedByUserId { get; set; }

    public Guid ConcurrencyToken { get; set; } = Guid.NewGuid();
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public enum InitiativeStatus
{
    Planned,
    Ongoing,
    Completed,
    Paused,
    Cancelled,
}

/// <summary>An ansvarig: a role title, optionally tied to a user, a department or a group, optionally
/// limited to some numbered parts of the insats ("Avdelningschef Kvalitet (för 1.)").</summary>
public class ResponsibleEntry
{
    public int Id { get; set; }
    public int InitiativeId { get; set; }
    public Initiative Initiative { get; set; } = null!;
    public int SortOrder { get; set; }
    public required string RoleTitle { get; set; }
    public string? UserId { get; set; }
    public AppUser? User { get; set; }
    public int? DepartmentId { get; set; }
    public Department? Department { get; set; }
    public int? GroupId { get; set; }
    public Group? Group { get; set; }

    /// <summary>The numbered parts this entry answers for ("1", "1–2"); null means the whole insats.</summary>
    public string? Parts { get; set; }
}

/// <summary>A numbered row of the "Insats/när" column: what is done and when.</summary>
public class Activity
{
    public int Id { get; set; }
    public int InitiativeId { get; set; }
    public Initiative Initiative { get; set; } = null!;

    /// <summary>1, 2, 3 … in order; other rows refer to activities by this number.</summary>
    public int Number { get; set; }
    public required string Text { get; set; }
    public string? Timing { get; set; }
}

/// <summary>A row of the "Uppföljning/när" column: how and when the insats is followed up.</summary>
public class FollowUpPlanItem
{
    public int Id { get; set; }
    public int InitiativeId { get; set; }
    public Initiative Initiative { get; set; } = null!;
    public int SortOrder { get; set; }

    /// <summary>Which activities the row concerns ("1", "1–2"); null for the whole insats.</summary>
    public string? RefersTo { get; set; }
    public required string Method { get; set; }
    public string? Timing { get; set; }
}

/// <summary>A row of the "Förväntad effekt" column, optionally measured by an indicator.</summary>
public class ExpectedEffect
{
    public int Id { get; set; }
    public int InitiativeId { get; set; }
    public Initiative Initiative { get; set; } = null!;
    public int SortOrder { get; set; }
    public string? RefersTo { get; set; }
    public required string Text { get; set; }

    public string? IndicatorName { get; set; }
    public string? IndicatorUnit { get; set; }
    public decimal? IndicatorBaseline { get; set; }
    public decimal? IndicatorTarget { get; set; }
}

/// <summary>A row of the "Resurser" column, optionally with money (whole kronor) and hours.</summary>
public class Resource
{
    public int Id { get; set; }
    public int InitiativeId { get; set; }
    public Initiative Initiative { get; set; } = null!;
    public int SortOrder { get; set; }
    public string? RefersTo { get; set; }
    public required string Text { get; set; }
    public long? AmountKronor { get; set; }
    public int? Hours { get; set; }
}

public class InitiativePartner
{
    public int InitiativeId { get; set; }
    public Initiative Initiative { get; set; } = null!;
    public int PartnerId { get; set; }
    public Partner Partner { get; set; } = null!;
}

/// <summary>A unit (school) the insats targets; a rektor follows up each targeted unit.</summary>
public class InitiativeUnit
{
    public int InitiativeId { get; set; }
    public Initiative Initiative { get; set; } = null!;
    public int UnitId { get; set; }
    public Unit Unit { get; set; } = null!;
}

public class InitiativeTheme
{
    public int InitiativeId { get; set; }
    public Initiative Initiative { get; set; } = null!;
    public int ThemeId { get; set; }
    public Theme Theme { get; set; } = null!;
}

/// <summary>A dated narrative follow-up of an insats (as in the 2016 Stockholm follow-up). Structured
/// follow-up reports per round come with the follow-up feature; notes stay for free-form history.</summary>
public class FollowUpNote
{
    public int Id { get; set; }
    public int InitiativeId { get; set; }
    public Initiative Initiative { get; set; } = null!;
    public DateOnly Date { get; set; }
    public required string Title { get; set; }
    public required string Text { get; set; }
    public string? AuthorUserId { get; set; }
    public DateTime CreatedAt { get; set; }
}
