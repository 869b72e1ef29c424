namespace Insatsportal.Web.Domain;

/// <summary>
/// One changed field of a plan, goal, group, insats or organisation part (avdelning, skolområde, enhet): who, when, old → new. Entries are only ever added;
/// the DbContext refuses to update or delete them.
/// </summary>
public class ChangeLogEntry
{
    public long Id { get; set; }
    public required string EntityType { get; set; }
    public int EntityId { get; set; }
    public DateTime At { get; set; }
    public string? UserId { get; set; }

    /// <summary>The user's name at the time, so history reads right even if the user is later renamed.</summary>
    public required string UserName { get; set; }
    public ChangeAction Action { get; set; }

    /// <summary>The field as the user knows it ("Titel", "Aktivitet 2 – när"); null for whole-item events.</summary>
    public string? Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
}

public enum ChangeAction
{
    Created,
    Updated,
    Archived,
    Restored,
    Copied,
    CarriedOver,
}

public static class HistoryEntityTypes
{
    public const string Plan = "Plan";
    public const string Goal = "Goal";
    public const string Group = "Group";
    public const string Initiative = "Initiative";
    public const string Department = "Department";
    public const string SchoolArea = "SchoolArea";
    public const string Unit = "Unit";
}
