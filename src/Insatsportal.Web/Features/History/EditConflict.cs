using Insatsportal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.History;

/// <summary>
/// What someone else saved while this user had the form open: shown when a save is refused as a lost update,
/// above the user's own input, which is kept in the form to re-apply.
/// </summary>
public sealed record EditConflict(string ChangedBy, DateTime ChangedAt, IReadOnlyList<HistoryItem> Changes)
{
    public const string Message =
        "Någon annan har sparat ändringar medan du redigerade. Dina uppgifter är kvar i formuläret men har inte sparats.";

    /// <summary>The changes recorded after <paramref name="loadedAtUtc"/>, when the user opened the form.</summary>
    public static async Task<EditConflict> LoadAsync(
        AppDbContext db, string entityType, int entityId, DateTime loadedAtUtc, CancellationToken ct)
    {
        var changes = await db.ChangeLog.AsNoTracking()
            .Where(c => c.EntityType == entityType && c.EntityId == entityId && c.At > loadedAtUtc)
            .OrderBy(c => c.At).ThenBy(c => c.Id)
            .Select(c => new HistoryItem(c.At, c.UserName, c.Action, c.Field, c.OldValue, c.NewValue))
            .ToListAsync(ct);
        var last = changes.LastOrDefault();
        return new EditConflict(last?.UserName ?? "en annan användare", last?.At ?? loadedAtUtc, changes);
    }
}
