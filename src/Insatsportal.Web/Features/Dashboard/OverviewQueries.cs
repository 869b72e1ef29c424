using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Dashboard;

public sealed record GoalStatusRow(int? GoalId, string Goal, IReadOnlyDictionary<InitiativeStatus, int> Counts)
{
    public int Total => Counts.Values.Sum();
}

/// <summary>A report as the overview's lists show it: which insats and unit, who answers for it, how far it has come.</summary>
public sealed record ReportRow(
    int ReportId, int InitiativeId, string Title, string? Unit, string? Responsible, ReportStatus Status, ImplementationStatus? Implementation);

public sealed record MatrixCell(int ReportId, ReportState State)
{
    public bool IsMissing => State is ReportState.NotStarted or ReportState.Draft or ReportState.Returned or ReportState.Overdue;
}

public sealed record MatrixRow(int InitiativeId, string Title, IReadOnlyList<MatrixCell?> Cells);

public sealed record UnitMatrix(IReadOnlyList<Option> Units, IReadOnlyList<MatrixRow> Rows, IReadOnlyList<int> MissingPerUnit);

public sealed record IndicatorValue(RoundOption Round, decimal? Value, int? ReportId);

public sealed record IndicatorRow(
    int InitiativeId, string Title, string? Unit, string Indicator, string? IndicatorUnit, decimal? Baseline, decimal? Target,
    IReadOnlyList<IndicatorValue> Values);

public sealed record LastFollowUpRow(int InitiativeId, string Title, DateTime? LastAt, int? DaysAgo);

public sealed record OverviewPage(
    OverviewScope Scope, IReadOnlyList<GoalStatusRow> StatusByGoal, IReadOnlyDictionary<ReportState, int> States, int Missing,
    IReadOnlyList<ReportRow> Overdue, IReadOnlyDictionary<ImplementationCategory, int> Implementation, UnitMatrix Matrix,
    IReadOnlyList<IndicatorRow> Indicators, IReadOnlyList<LastFollowUpRow> LastFollowedUp)
{
    public int Reports => States.Values.Sum();
}

/// <summary>
/// The figures of /oversikt. Each section is one SQL statement that groups or projects in the database, so a
/// page costs the same number of commands however many insatser and reports the plan has
/// (<c>OverviewTests</c> counts them; <c>OverviewBenchmark</c> times them).
/// </summary>
public sealed class OverviewQueries(AppDbContext db)
{
    public async Task<OverviewPage> GetAsync(OverviewScope scope, CancellationToken ct)
    {
        var statusByGoal = await StatusByGoalAsync(scope, ct);
        if (scope.Round is not { } round)
        {
            return new OverviewPage(scope, statusByGoal, Enum.GetValues<ReportState>().ToDictionary(s => s, _ => 0), 0, [],
                Enum.GetValues<ImplementationCategory>().ToDictionary(c => c, _ => 0), new UnitMatrix([], [], []), [],
                await LastFollowedUpAsync(scope, ct));
        }
        var passed = scope.Today > round.Deadline;
        var reports = scope.Reports(db);

        var byStatus = await reports.GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var states = Enum.GetValues<ReportState>().ToDictionary(s => s, _ => 0);
        foreach (var s in byStatus)
        {
            states[ReportStates.Of(s.Key, round.Deadline, scope.Today)] += s.Count;
        }
        var missing = byStatus.Where(s => s.Key is ReportStatus.NotStarted or ReportStatus.Draft or ReportStatus.Returned).Sum(s => s.Count);

        var overdue = await reports.Where(ReportStateFilters.In(ReportState.Overdue, passed))
            .OrderBy(r => r.InitiativeTitle).ThenBy(r => r.UnitId == null ? "" : r.Unit!.Name)
            .Select(OverviewLists.Row(db))
            .ToListAsync(ct);

        // Eight conditional counts in one statement, with the very filters the list page applies.
        var level = scope.Level(reports);
        var implementation = await db.FollowUpRounds.Where(r => r.Id == round.Id).Select(_ => new[]
        {
            level.Count(ImplementationCategories.Of(ImplementationCategory.DoneEffectVisible)),
            level.Count(ImplementationCategories.Of(ImplementationCategory.DoneEffectPartlyVisible)),
            level.Count(ImplementationCategories.Of(ImplementationCategory.DoneEffectNotYetVisible)),
            level.Count(ImplementationCategories.Of(ImplementationCategory.OnTrack)),
            level.Count(ImplementationCategories.Of(ImplementationCategory.Delayed)),
            level.Count(ImplementationCategories.Of(ImplementationCategory.NotStarted)),
            level.Count(ImplementationCategories.Of(ImplementationCategory.Cancelled)),
            level.Count(ImplementationCategories.Of(ImplementationCategory.NotReported)),
        }).SingleAsync(ct);

        return new OverviewPage(scope, statusByGoal, states, missing, overdue,
            Enum.GetValues<ImplementationCategory>().ToDictionary(c => c, c => implementation[(int)c]),
            await MatrixAsync(scope, round, ct), await IndicatorsAsync(scope, ct), await LastFollowedUpAsync(scope, ct));
    }

    private async Task<IReadOnlyList<GoalStatusRow>> StatusByGoalAsync(OverviewScope scope, CancellationToken ct)
    {
        var counts = await scope.Initiatives(db).GroupBy(i => new { i.GoalId, i.Status })
            .Select(g => new { g.Key.GoalId, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        IEnumerable<int?> goals = scope.NoGoal ? [null]
            : scope.GoalId is { } chosen ? [chosen]
            : scope.Goals.Select(g => (int?)g.Id).Append(null);
        var rows = new List<GoalStatusRow>();
        foreach (var goal in goals)
        {
            var mine = counts.Where(c => c.GoalId == goal).ToList();
            if (goal is null && mine.Count == 0 && !scope.NoGoal)
            {
                continue; // The plan has no övergripande insatser in scope.
            }
            rows.Add(new GoalStatusRow(goal, goal is null ? "Övergripande insatser" : scope.Goals.First(g => g.Id == goal).Name,
                Enum.GetValues<InitiativeStatus>().ToDictionary(s => s, s => mine.Where(c => c.Status == s).Sum(c => c.Count))));
        }
        return rows;
    }

    private async Task<UnitMatrix> MatrixAsync(OverviewScope scope, RoundOption round, CancellationToken ct)
    {
        var cells = await scope.Reports(db).Where(r => r.UnitId != null)
            .OrderBy(r => r.Initiative.Goal == null ? int.MaxValue : r.Initiative.Goal.SortOrder).ThenBy(r => r.Initiative.SortOrder).ThenBy(r => r.InitiativeId)
            .Select(r => new { r.Id, r.InitiativeId, r.InitiativeTitle, UnitId = r.UnitId!.Value, UnitName = r.Unit!.Name, r.Status })
            .ToListAsync(ct);
        var units = cells.Select(c => new Option(c.UnitId, c.UnitName)).DistinctBy(u => u.Id)
            .OrderBy(u => u.Name, StringComparer.Create(Display.Swedish, false)).ToList();
        var rows = cells.GroupBy(c => (c.InitiativeId, c.InitiativeTitle)).Select(g => new MatrixRow(g.Key.InitiativeId, g.Key.InitiativeTitle,
            units.Select(u => g.FirstOrDefault(c => c.UnitId == u.Id) is { } c
                ? new MatrixCell(c.Id, ReportStates.Of(c.Status, round.Deadline, scope.Today))
                : null).ToList())).ToList();
        var missing = units.Select((_, k) => rows.Count(r => r.Cells[k]?.IsMissing == true)).ToList();
        return new UnitMatrix(units, rows, missing);
    }

    private async Task<IReadOnlyList<IndicatorRow>> IndicatorsAsync(OverviewScope scope, CancellationToken ct)
    {
        // From the effect's side: a correlated SelectMany would need APPLY, which SQLite lacks.
        var initiatives = scope.Initiatives(db);
        var expected = await db.Set<ExpectedEffect>().AsNoTracking()
            .Where(e => e.IndicatorName != null && initiatives.Any(i => i.Id == e.InitiativeId))
            .OrderBy(e => e.Initiative.Goal == null ? int.MaxValue : e.Initiative.Goal.SortOrder).ThenBy(e => e.Initiative.SortOrder)
            .ThenBy(e => e.InitiativeId).ThenBy(e => e.SortOrder)
            .Select(e => new { e.InitiativeId, e.Initiative.Title, e.IndicatorName, e.IndicatorUnit, e.IndicatorBaseline, e.IndicatorTarget })
            .ToListAsync(ct);
        if (expected.Count == 0)
        {
            return [];
        }
        var reports = scope.Level(scope.ReportsUpToRound(db))
            .Where(r => r.Status == ReportStatus.Submitted || r.Status == ReportStatus.Approved);
        var values = await db.Set<ReportEffect>().AsNoTracking()
            .Where(e => e.IndicatorName != null && e.MeasuredValue != null && reports.Any(r => r.Id == e.ReportId))
            .Select(e => new
            {
                e.ReportId, e.Report.RoundId, e.Report.InitiativeId, e.Report.UnitId,
                UnitName = e.Report.Unit == null ? null : e.Report.Unit.Name, e.IndicatorName, e.MeasuredValue,
            })
            .ToListAsync(ct);
        var rounds = scope.Rounds.Where(r => values.Any(v => v.RoundId == r.Id) || r.Id == scope.Round?.Id)
            .OrderBy(r => r.OpensOn).ThenBy(r => r.Id).ToList();
        var rows = new List<IndicatorRow>();
        foreach (var e in expected)
        {
            var mine = values.Where(v => v.InitiativeId == e.InitiativeId && v.IndicatorName == e.IndicatorName).ToList();
            var byUnit = mine.GroupBy(v => (v.UnitId, v.UnitName)).ToList();
            if (byUnit.Count == 0)
            {
                rows.Add(new IndicatorRow(e.InitiativeId, e.Title, null, e.IndicatorName!, e.IndicatorUnit, e.IndicatorBaseline, e.IndicatorTarget,
                    rounds.Select(r => new IndicatorValue(r, null, null)).ToList()));
            }
            foreach (var unit in byUnit.OrderBy(u => u.Key.UnitName, StringComparer.Create(Display.Swedish, false)))
            {
                rows.Add(new IndicatorRow(e.InitiativeId, e.Title, unit.Key.UnitName, e.IndicatorName!, e.IndicatorUnit, e.IndicatorBaseline, e.IndicatorTarget,
                    rounds.Select(r => unit.FirstOrDefault(v => v.RoundId == r.Id) is { } v
                        ? new IndicatorValue(r, v.MeasuredValue, v.ReportId) : new IndicatorValue(r, null, null)).ToList()));
            }
        }
        return rows;
    }

    /// <summary>When each insats was last followed up: its latest submitted or approved report in any of the
    /// plan's rounds up to the chosen one. Longest ago first; never followed up at the top.</summary>
    private async Task<IReadOnlyList<LastFollowUpRow>> LastFollowedUpAsync(OverviewScope scope, CancellationToken ct)
    {
        var reports = scope.Level(scope.ReportsUpToRound(db))
            .Where(r => (r.Status == ReportStatus.Submitted || r.Status == ReportStatus.Approved) && r.SubmittedAt != null);
        var rows = await scope.Initiatives(db)
            .Select(i => new { i.Id, i.Title, Last = reports.Where(r => r.InitiativeId == i.Id).Max(r => r.SubmittedAt) })
            .ToListAsync(ct);
        var today = scope.Today;
        return rows
            .Select(r => new LastFollowUpRow(r.Id, r.Title, r.Last,
                r.Last is { } at ? today.DayNumber - DateOnly.FromDateTime(at).DayNumber : null))
            .OrderBy(r => r.LastAt is null ? 0 : 1).ThenBy(r => r.LastAt).ThenBy(r => r.Title, StringComparer.Create(Display.Swedish, false))
            .ToList();
    }
}
