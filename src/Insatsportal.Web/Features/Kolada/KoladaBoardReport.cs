using Insatsportal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Kolada;

/// <summary>The plan's goal figures as the nämndunderlag shows them (HTML, Word and Excel alike): one row per figure
/// and area (the municipality's total and Riket), a column per year. Goals are not named here: the underlag of a
/// closed round names goals as they were then, and the figures are today's (with their fetch time).</summary>
public sealed record KoladaBoardTable(IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows, string Note)
{
    public static KoladaBoardTable? Of(IReadOnlyList<KoladaFigure> figures, FetchStatus status)
    {
        // A figure linked to two goals is one row.
        var withRows = figures.GroupBy(f => f.KpiId).Select(g => g.First()).Where(f => f.Rows.Any(r => r.UnitId is null)).ToList();
        if (withRows.Count == 0)
        {
            return null;
        }
        var years = withRows.SelectMany(f => f.Years).Distinct().Order().ToList();
        var header = new[] { "Nyckeltal", "Område" }.Concat(years.Select(y => y.ToString(Shared.Display.Swedish))).ToList();
        var rows = withRows.SelectMany(f => f.Rows.Where(r => r.UnitId is null && r.Gender == "T").Select(r =>
            new[] { $"{f.Title} ({f.KpiId})", r.Label }
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
        // The round's plan found inside the links' own query: a plan without figures costs this one command.
        var (list, status, _) = await figures.ForGoalsAsync(null,
            l => l.Goal != null && !l.Goal.IsArchived && db.FollowUpRounds.Any(r => r.Id == roundId && r.PlanId == l.Goal.PlanId),
            null, ct, statusWhenEmpty: false);
        return list.Count == 0 ? null : KoladaBoardTable.Of(list, status);
    }
}
