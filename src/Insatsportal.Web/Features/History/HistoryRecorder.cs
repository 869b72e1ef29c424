using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;

namespace Insatsportal.Web.Features.History;

/// <summary>
/// The fields of an item as the user sees them, in form order, so that two versions can be compared field by
/// field ("Titel", "Aktivitet 2 – när").
/// </summary>
public sealed class Snapshot
{
    private readonly List<KeyValuePair<string, string?>> _fields = [];

    public IReadOnlyList<KeyValuePair<string, string?>> Fields => _fields;

    public Snapshot Add(string field, string? value)
    {
        _fields.Add(new(field, string.IsNullOrEmpty(value) ? null : value));
        return this;
    }

    public string? this[string field] => _fields.FirstOrDefault(f => f.Key == field).Value;

    /// <summary>Every field whose value differs, with old and new; fields that appear or disappear count.</summary>
    public static IReadOnlyList<(string Field, string? Old, string? New)> Differences(Snapshot before, Snapshot after)
    {
        var old = before._fields.ToDictionary(f => f.Key, f => f.Value);
        var now = after._fields.ToDictionary(f => f.Key, f => f.Value);
        var fields = after._fields.Select(f => f.Key).Concat(before._fields.Select(f => f.Key).Where(k => !now.ContainsKey(k)));
        return fields
            .Select(f => (Field: f, Old: old.GetValueOrDefault(f), New: now.GetValueOrDefault(f)))
            .Where(d => d.Old != d.New)
            .ToList();
    }
}

/// <summary>Adds history entries to the unit of work; the caller's SaveChanges writes them with the change.</summary>
public sealed class HistoryRecorder(AppDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    private (string? Id, string Name)? _actor;

    /// <summary>Records as this user instead of the request's: for work a user started that runs after their
    /// request (the Excel import's background job), where there is no request.</summary>
    public void ActAs(string userId, string userName) => _actor = (userId, userName);

    public void Record(string entityType, int entityId, ChangeAction action, string? note = null)
    {
        var (userId, userName) = CurrentUser();
        db.ChangeLog.Add(new ChangeLogEntry
        {
            EntityType = entityType, EntityId = entityId, Action = action, At = clock.GetUtcNow().UtcDateTime,
            UserId = userId, UserName = userName, NewValue = note,
        });
    }

    /// <returns>How many fields changed.</returns>
    public int RecordChanges(string entityType, int entityId, Snapshot before, Snapshot after)
    {
        var (userId, userName) = CurrentUser();
        var at = clock.GetUtcNow().UtcDateTime;
        var differences = Snapshot.Differences(before, after);
        foreach (var (field, old, now) in differences)
        {
            db.ChangeLog.Add(new ChangeLogEntry
            {
                EntityType = entityType, EntityId = entityId, Action = ChangeAction.Updated, At = at,
                UserId = userId, UserName = userName, Field = field, OldValue = old, NewValue = now,
            });
        }
        return differences.Count;
    }

    private (string? Id, string Name) CurrentUser()
    {
        if (_actor is { } actor)
        {
            return actor;
        }
        var user = http.HttpContext?.User;
        if (user?.Identity?.IsAuthenticated != true)
        {
            return (null, "Systemet");
        }
        var scope = user.Scope();
        return (scope.UserId, scope.DisplayName);
    }
}
