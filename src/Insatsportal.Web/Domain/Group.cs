namespace Insatsportal.Web.Domain;

/// <summary>A styrgrupp, lär- och arbetsgrupp or ledningsgrupp, with its uppdrag.</summary>
public class Group : IConcurrencyAware, IArchivable, IAudited
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;

    public required string Key { get; set; }
    public required string Name { get; set; }
    public GroupKind Kind { get; set; }

    /// <summary>The group's uppdrag (assignment), in short.</summary>
    public string? Assignment { get; set; }

    /// <summary>The styrgrupp a lär- och arbetsgrupp reports to.</summary>
    public int? ReportsToGroupId { get; set; }
    public Group? ReportsTo { get; set; }
    public List<Group> ReportingGroups { get; set; } = [];

    public bool IsArchived { get; set; }
    public DateTime? ArchivedAt { get; set; }
    public string? ArchivedReason { get; set; }
    public string? ArchivedByUserId { get; set; }

    public Guid ConcurrencyToken { get; set; } = Guid.NewGuid();
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public enum GroupKind
{
    SteeringGroup,
    WorkingGroup,
    ManagementGroup,
    Other,
}
