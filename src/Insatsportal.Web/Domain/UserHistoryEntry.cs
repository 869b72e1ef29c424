namespace Insatsportal.Web.Domain;

/// <summary>
/// One change to a user's account, as an administrator made it: who, when, and which field from what to what
/// (roles, departments, units, name, e-mail, title, status), or a whole-account event (created, password reset,
/// handover) with a note. The same shape as <see cref="ChangeLogEntry"/>, for a user (whose id is a string).
/// Entries are only ever added; the DbContext refuses to update or delete them.
/// </summary>
public class UserHistoryEntry
{
    public long Id { get; set; }

    /// <summary>The user whose account changed.</summary>
    public required string UserId { get; set; }
    public DateTime At { get; set; }

    /// <summary>Who made the change (null for the system).</summary>
    public string? ActorId { get; set; }

    /// <summary>The actor's name at the time, so history reads right even if they are later renamed.</summary>
    public required string ActorName { get; set; }
    public ChangeAction Action { get; set; }

    /// <summary>The field as the administrator knows it ("Roller", "Status", "Lösenord"); null for the creation.</summary>
    public string? Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
}
