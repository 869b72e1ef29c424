namespace Insatsportal.Web.Domain;

/// <summary>An utvecklingsplan (or verksamhetsplan, åtgärdsplan …) adopted for a period.</summary>
public class Plan : IConcurrencyAware, IArchivable, IAudited
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;

    /// <summary>Stable natural key (seeds, Excel import), unique across the installation.</summary>
    public required string Key { get; set; }
    public required string Name { get; set; }
    public PlanKind Kind { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public PlanStatus Status { get; set; }
    public string? AdoptedBy { get; set; }
    public DateOnly? AdoptedOn { get; set; }
    public string? Description { get; set; }

    /// <summary>Where the plan comes from (the document it was entered from).</summary>
    public string? Source { get; set; }

    public List<FollowUpOccasion> FollowUpOccasions { get; set; } = [];
    public List<Theme> Themes { get; set; } = [];
    public List<Goal> Goals { get; set; } = [];
    public List<Initiative> Initiatives { get; set; } = [];

    public bool IsArchived { get; set; }
    public DateTime? ArchivedAt { get; set; }
    public string? ArchivedReason { get; set; }
    public string? ArchivedByUserId { get; set; }

    public Guid ConcurrencyToken { get; set; } = Guid.NewGuid();
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public enum PlanKind
{
    DevelopmentPlan,
    OperationalPlan,
    ActionPlan,
    Directive,
    FollowUp,
}

public enum PlanStatus
{
    Draft,
    Adopted,
    Closed,
}

/// <summary>When the plan says it is followed up: delårsrapport, verksamhetsberättelse, lägesbedömning …
/// Follow-up rounds (uppföljningsomgångar) are opened against these.</summary>
public class FollowUpOccasion
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public Plan Plan { get; set; } = null!;
    public int SortOrder { get; set; }
    public FollowUpOccasionKind Kind { get; set; }
    public required string Name { get; set; }

    /// <summary>When in the period the occasion falls, if the plan says ("augusti", "2021-03-31").</summary>
    public string? Timing { get; set; }
}

public enum FollowUpOccasionKind
{
    InterimReport,
    AnnualReport,
    StatusAssessment,
    QualityReport,
    Other,
}

/// <summary>A prioriterat område or a heading that insatser are grouped under: a tag within a plan.</summary>
public class Theme
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public Plan Plan { get; set; } = null!;
    public required string Key { get; set; }
    public int SortOrder { get; set; }
    public ThemeKind Kind { get; set; }

    /// <summary>The document's own numbering ("6.2"), if any.</summary>
    public string? Code { get; set; }
    public required string Name { get; set; }
}

public enum ThemeKind
{
    PriorityArea,
    Heading,
}

/// <summary>A nämndmål in a plan, with the styrgrupp that steers its insatser.</summary>
public class Goal : IConcurrencyAware, IArchivable, IAudited
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public Plan Plan { get; set; } = null!;
    public required string Key { get; set; }
    public int SortOrder { get; set; }
    public required string Title { get; set; }

    /// <summary>The short name used in speech and in the styrgrupp's name ("En utvecklad undervisning").</summary>
    public string? ShortName { get; set; }
    public string? Description { get; set; }
    public int? SteeringGroupId { get; set; }
    public Group? SteeringGroup { get; set; }

    public List<Initiative> Initiatives { get; set; } = [];

    public bool IsArchived { get; set; }
    public DateTime? ArchivedAt { get; set; }
    public string? ArchivedReason { get; set; }
    public string? ArchivedByUserId { get; set; }

    public Guid ConcurrencyToken { get; set; } = Guid.NewGuid();
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
