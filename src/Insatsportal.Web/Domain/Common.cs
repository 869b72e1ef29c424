namespace Insatsportal.Web.Domain;

/// <summary>
/// An aggregate a user edits in a form. SQLite has no rowversion, so the token is a Guid the application
/// renews on every save; a save that carries an older token than the database holds is a lost update.
/// </summary>
public interface IConcurrencyAware
{
    Guid ConcurrencyToken { get; set; }
}

/// <summary>Nothing a user entered is hard-deleted: it is archived with a reason and can be restored.</summary>
public interface IArchivable
{
    bool IsArchived { get; set; }
    DateTime? ArchivedAt { get; set; }
    string? ArchivedReason { get; set; }
    string? ArchivedByUserId { get; set; }
}

/// <summary>Stamped by the DbContext on every save (UTC).</summary>
public interface IAudited
{
    DateTime CreatedAt { get; set; }
    DateTime UpdatedAt { get; set; }
}
