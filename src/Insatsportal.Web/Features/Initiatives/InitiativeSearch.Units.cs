using Insatsportal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Initiatives;

public sealed partial class InitiativeSearch
{
    /// <summary>How many units a row targets, and the first <see cref="InitiativeRow.UnitsNamed"/> of them by name.</summary>
    private sealed record TargetedUnits(int Count, IReadOnlyList<UnitSummary> Named);

    /// <summary>Above this many units to look among, every pair of the wide rows is read instead: the list of
    /// units is sent as parameters, and SQL Server takes at most 2 100.</summary>
    private const int UnitsLookedAmongLimit = 500;

    /// <summary>
    /// The targeted units of a page's rows, in three commands whatever the rows. An insats may target every unit
    /// of the förvaltning (600 at Stockholm scale, 15 000 pairs for a page of 25), and its row names only the
    /// first few; reading every pair cost more than the rest of the page. So: each row's count; the page's
    /// distinct units with their names, ordered here once in Swedish (a Swedish-collation sort of every pair in
    /// the database calls into .NET per comparison); and then only the pairs that can be among a row's first
    /// few. A row with c of the page's n distinct units lacks at most n − c of them, so its first k by name are
    /// among the page's first k + n − c: for a row that targets all units, its first k. Rows for which that
    /// would be no saving have all their pairs read.
    /// </summary>
    /// <remarks>On a row with more units than are named, the units in <paramref name="namedFirst"/> (the unit filtered
    /// on, the reader's own units) come before the others: a rektor who looks for their school sees it named on a row
    /// that targets 583 units. The bound holds for any order of the page's units, so this order is simply the one
    /// ranked.</remarks>
    private async Task<Dictionary<int, TargetedUnits>> TargetedUnitsAsync(
        List<int> ids, IReadOnlyCollection<int> namedFirst, CancellationToken ct)
    {
        var counts = await db.InitiativeUnits
            .Where(t => ids.Contains(t.InitiativeId))
            .GroupBy(t => t.InitiativeId)
            .Select(g => new { InitiativeId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(c => c.InitiativeId, c => c.Count, ct);
        var targeted = db.InitiativeUnits.Where(t => ids.Contains(t.InitiativeId)).Select(t => t.UnitId);
        var ranked = (await db.Units.AsNoTracking()
                .Where(u => targeted.Contains(u.Id))
                .Select(u => new UnitSummary(u.Id, u.Name))
                .ToListAsync(ct))
            .OrderBy(u => namedFirst.Contains(u.Id) ? 0 : 1).ThenBy(u => u.Name, SwedishText.Comparer).ThenBy(u => u.Id).ToList();

        const int named = InitiativeRow.UnitsNamed;
        int Reach(int count) => named + ranked.Count - count;
        var wide = counts.Where(c => Reach(c.Value) < c.Value).Select(c => c.Key).ToList();
        var reach = wide.Count == 0 ? 0 : wide.Max(id => Reach(counts[id]));
        if (reach > UnitsLookedAmongLimit)
        {
            wide = [];
            reach = 0;
        }
        var narrow = counts.Keys.Except(wide).ToList();
        var first = ranked.Take(reach).Select(u => u.Id).ToList();
        var pairs = await db.InitiativeUnits.AsNoTracking()
            .Where(t => narrow.Contains(t.InitiativeId) || (wide.Contains(t.InitiativeId) && first.Contains(t.UnitId)))
            .Select(t => new { t.InitiativeId, t.UnitId })
            .ToListAsync(ct);

        var rank = ranked.Select((u, i) => (u.Id, Rank: i)).ToDictionary(x => x.Id, x => x.Rank);
        return pairs.GroupBy(p => p.InitiativeId).ToDictionary(g => g.Key, g =>
        {
            var first = g.Select(p => rank[p.UnitId]).Order().Take(named).Select(r => ranked[r]).ToList();
            // A row whose units are all named lists them in plain Swedish order: the reader's own is there anyway.
            return new TargetedUnits(counts[g.Key], counts[g.Key] <= named
                ? first.OrderBy(u => u.Name, SwedishText.Comparer).ThenBy(u => u.Id).ToList()
                : first);
        });
    }
}
