using Insatsportal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Kolada;

/// <summary>The plan's goal figures as the nämndunderlag shows them (HTML, Word and Excel alike): one row per goal,
/// figure and area (the municipality's total and Riket), a column per year.</summary>
public sealed record KoladaBoardTable(IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows, string Note)
{
    public static KoladaBoardTable? Of(IReadOnlyList<KoladaFigure> figures, IReadOnlyDictionary<int, string> goals, FetchStatus status)
    {
        var withRows = figures.Where(f => f.Rows.Any(r => r.UnitId is null)).ToList();
        if (withRows.Count == 0)
        {
            return null;
        }
        var years = withRows.SelectMany(f => f.Years).Distinct().Order().ToList();
        var header = new[] { "Mål", "Nyckeltal", "Område" }.Concat(years.Select(y => y.ToString(Shared.Display.Swedish))).ToList();
        var rows = withRows.SelectMany(f => f.Rows.Where(r => r.UnitId is null && r.Gender == "T").Select(r =>
            new[] { f.GoalId is { } g && goals.TryGetValue(g, out var t) ? t : "", $"{f.Title} ({f.KpiId})", r.Label }
                .Concat(years.Select(y => r.Cells.FirstOrDefault(c => c.Year == y)?.Text ?? "–")).ToArray())).ToList();
        var note = Kolada.Attribution + (status.LastSuccessAt is { } ok ? $". Värdena hämtades {Shared.Display.Timestamp(ok)}." : ".")
            + (status.LastFailed ? $" Senaste hämtningen misslyckades {Shared.Display.Timestamp(status.LastFailureAt!.Value)}." : "")
            + " ”saknas”: Kolada har inget värde; ”–”: inget hämtat.";
        return new(header, rows, note);
    }
}

/// <summary>Reads the figures of a round's plan for its nämndunderlag: a fixed number of queries.</summary>
public sealed class KoladaBoardReport(AppDbContext db, KoladaFigures figures)
{
    public async Task<KoladaBoardTable?> ForRoundAsync(int roundId, CancellationToken ct)
    {
        var plan = await db.FollowUpRounds.Where(r => r.Id == roundId).Select(r => new { r.PlanId, r.Plan.OrganisationId }).SingleOrDefaultAsync(ct);
        if (plan is null)
        {
            return null;
        }
        var (list, status, _) = await figures.ForGoalsAsync(plan.OrganisationId, l => l.Goal != null && l.Goal.PlanId == plan.PlanId && !l.Goal.IsArchived, null, ct);
        if (list.Count == 0)
        {
            return null;
        }
        var goals = await db.Goals.Where(g => g.PlanId == plan.PlanId).Select(g => new { g.Id, Name = g.ShortName ?? g.Title }).ToDictionaryAsync(g => g.Id, g => g.Name, ct);
        return KoladaBoardTable.Of(list, goals, status);
    }
}
