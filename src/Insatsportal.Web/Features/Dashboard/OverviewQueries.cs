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

/// <summary>A cell of the units table: the unit reports behind it and how many of them are not yet in.</summary>
public sealed record MatrixCell(int Total, int Missing);

/// <summary>A row of the units table: a department (Id null: the units without one) or, for a scope of units, one unit.</summary>
public sealed record MatrixRow(int? Id, string Name, IReadOnlyList<MatrixCell?> Cells)
{
    public int Total => Cells.Sum(c => c?.Total ?? 0);

    public int Missing => Cells.Sum(c => c?.Missing ?? 0);
}

/// <summary>
/// The unit reports of the round as departments × goals (or, when the scope is units, units × goals): counts
/// grouped in SQL, each a link to the paged list behind it. Never more than <see cref="OverviewQueries.MaxMatrixRows"/>
/// rows, so the table is bounded however many units and insatser there are.
/// </summary>
public sealed record UnitMatrix(bool ByUnit, IReadOnlyList<(int? Id, string Name)> Goals, IReadOnlyList<MatrixRow> Rows, int HiddenRows)
{
    public static readonly UnitMatrix Empty = new(false, [], [], 0);
}

public sealed record IndicatorValue(RoundOption Round, decimal? Value, int Reports, int? ReportId);

/// <summary>An expected effect's indicator over the rounds: per round the mean of the measured values in the
/// reports (one value for an insats-level report, the units' mean in a scope of units).</summary>
public sealed record IndicatorRow(
    int InitiativeId, string Title, string Indicator, string? IndicatorUnit, decimal? Baseline, decimal? Target,
    IReadOnlyList<IndicatorValue> Values);

public sealed record IndicatorTable(IReadOnlyList<RoundOption> Rounds, IReadOnlyList<IndicatorRow> Rows, int Total, int Page, int PageCount)
{
    public static readonly IndicatorTable Empty = new([], [], 0, 1, 1);
}

/// <summary>How many insatser were last followed up in a round (Rounds: those opening that day), or never (empty).</summary>
public sealed record LastFollowUpBucket(IReadOnlyList<RoundOption> Rounds, int Count)
{
    public bool Never => Rounds.Count == 0;

    public string Label => Never ? "Aldrig uppföljd" : string.Join(" / ", Rounds.Select(r => r.Name));

    /// <summary>The URL value of the list behind the figure (senast=…).</summary>
    public string Value => Never ? OverviewLists.NeverValue : Rounds[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record OverviewPage(
    OverviewScope Scope, IReadOnlyList<GoalStatusRow> StatusByGoal, IReadOnlyDictionary<ReportState, int> States, int Missing,
    IReadOnlyList<ReportRow> Overdue, IReadOnlyDictionary<ImplementationCategory, int> Implementation, UnitMatrix Matrix,
    IndicatorTable Indicators, IReadOnlyList<LastFollowUpBucket> LastFollowedUp)
{
    public int Reports => States.Values.Sum();

    /// <summary>Whether the user may take out the round's nämndunderlag: the links to it are offered only then.</summary>
    public bool MayTakeBoardReport { get; init; }

    /// <summary>The plan's goal figures from Kolada, when a plan is shown.</summary>
    public Kolada.KoladaPanel? Kolada { get; init; }
}

/// <summary>
/// The figures of /oversikt. Each section is one SQL statement that groups or projects in the database, so a
/// page costs the same number of commands however many insatser and reports the plan has
/// (<c>OverviewTests</c> counts them; <c>OverviewBenchmark</c> times them).
/// </summary>
public sealed class OverviewQueries(AppDbContext db)
{
    /// <summary>Overdue reports listed on the overview itself; the rest are one click away.</summary>
    public const int OverdueShown = 25;

    /// <summary>Indicator rows on the overview itself; /oversikt/indikatorer pages them all.</summary>
    public const int IndicatorsShown = 10;

    /// <summary>Indicator rows per page of /oversikt/indikatorer.</summary>
    public const int IndicatorPageSize = 50;

    /// <summary>The most rows the units table shows (12 departments in Stockholm; a department's units).</summary>
    public const int MaxMatrixRows = 100;

    public async Task<OverviewPage> GetAsync(OverviewScope scope, CancellationToken ct)
    {
        var statusByGoal = await StatusByGoalAsync(scope, ct);
        if (scope.Round is not { } round)
        {
            return new OverviewPage(scope, statusByGoal, Enum.GetValues<ReportState>().ToDictionary(s => s, _ => 0), 0, [],
                Enum.GetValues<ImplementationCategory>().ToDictionary(c => c, _ => 0), UnitMatrix.Empty, IndicatorTable.Empty,
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

        // The first of the overdue reports; the figure "försenad" leads to all of them, paged.
        var overdue = passed
            ? await reports.Where(ReportStateFilters.In(ReportState.Overdue, passed))
                .OrderBy(r => r.InitiativeTitle).ThenBy(r => r.UnitId == null ? "" : r.Unit!.Name).ThenBy(r => r.Id)
                .Take(OverdueShown)
                .Select(OverviewLists.Row(db))
                .ToListAsync(ct)
            : [];

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
            await MatrixAsync(scope, ct), await IndicatorsAsync(scope, 1, IndicatorsShown, ct), await LastFollowedUpAsync(scope, ct));
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

    /// <summary>
    /// The round's unit reports counted per department (of the unit) and goal in one GROUP BY; for a scope of units
    /// (a rektor, a chosen unit, a department's units) per unit and goal. The cell's list is the same scope narrowed
    /// to that department or unit and goal, so the figure and the list agree.
    /// </summary>
    private async Task<UnitMatrix> MatrixAsync(OverviewScope scope, CancellationToken ct)
    {
        var unitReports = scope.Reports(db).Where(r => r.UnitId != null);
        List<(int? Id, string Name)> goals = scope.NoGoal ? [(null, "Övergripande insatser")]
            : scope.GoalId is { } chosen ? [(chosen, scope.Goals.First(g => g.Id == chosen).Name)]
            : scope.Goals.Select(g => ((int?)g.Id, g.Name)).ToList();
        List<(int? Row, string? Name, int? Goal, int Total, int Missing)> cells;
        if (scope.ByUnits)
        {
            cells = (await unitReports.GroupBy(r => new { r.UnitId, r.Unit!.Name, r.Initiative.GoalId })
                .Select(g => new
                {
                    g.Key.UnitId, g.Key.Name, g.Key.GoalId, Total = g.Count(),
                    Missing = g.Count(r => r.Status == ReportStatus.NotStarted || r.Status == ReportStatus.Draft || r.Status == ReportStatus.Returned),
                })
                .ToListAsync(ct)).Select(c => (c.UnitId, (string?)c.Name, c.GoalId, c.Total, c.Missing)).ToList();
        }
        else
        {
            cells = (await unitReports.GroupBy(r => new { r.Unit!.DepartmentId, r.Initiative.GoalId })
                .Select(g => new
                {
                    g.Key.DepartmentId, g.Key.GoalId, Total = g.Count(),
                    Missing = g.Count(r => r.Status == ReportStatus.NotStarted || r.Status == ReportStatus.Draft || r.Status == ReportStatus.Returned),
                })
                .ToListAsync(ct)).Select(c => (c.DepartmentId, (string?)null, c.GoalId, c.Total, c.Missing)).ToList();
        }
        if (cells.Count == 0)
        {
            return UnitMatrix.Empty;
        }
        if (!scope.NoGoal && scope.GoalId is null && cells.Any(c => c.Goal is null))
        {
            goals = [.. goals, (null, "Övergripande insatser")];
        }
        var swedish = StringComparer.Create(Display.Swedish, false);
        var rows = cells.GroupBy(c => c.Row)
            .Select(g => (Id: g.Key, Name: scope.ByUnits ? g.First().Name ?? ""
                : g.Key is { } d ? scope.AllDepartments.FirstOrDefault(x => x.Id == d)?.Name ?? "Okänd avdelning" : "Utan avdelning"))
            .OrderBy(r => !scope.ByUnits && r.Id is null ? 1 : 0).ThenBy(r => r.Name, swedish)
            .Select(r => new MatrixRow(r.Id, r.Name, goals.Select(goal => cells.Where(c => c.Row == r.Id && c.Goal == goal.Item1)
                .Select(c => new MatrixCell(c.Total, c.Missing)).FirstOrDefault()).ToList()))
            .ToList();
        return new UnitMatrix(scope.ByUnits, goals, rows.Take(MaxMatrixRows).ToList(), Math.Max(0, rows.Count - MaxMatrixRows));
    }

    /// <summary>
    /// The indicators of the insatser in scope, a page at a time: the expected effects (counted, then one page
    /// of them), and the measured values of that page's insatser grouped per round, insats and indicator in one
    /// GROUP BY over the plan's rounds up to the chosen one. Three commands however many reports there are.
    /// </summary>
    public async Task<IndicatorTable> IndicatorsAsync(OverviewScope scope, int page, int pageSize, CancellationToken ct)
    {
        // From the insatser in scope to their effects (a join over the navigation, using the plan's index), not
        // from every effect of every plan with a correlated EXISTS.
        var expectedEffects = scope.Initiatives(db).SelectMany(i => i.ExpectedEffects.Where(e => e.IndicatorName != null));
        var total = await expectedEffects.CountAsync(ct);
        if (total == 0)
        {
            return IndicatorTable.Empty;
        }
        var pageCount = (total + pageSize - 1) / pageSize;
        page = Math.Clamp(page, 1, pageCount);
        var expected = await expectedEffects
            .OrderBy(e => e.Initiative.Goal == null ? int.MaxValue : e.Initiative.Goal.SortOrder).ThenBy(e => e.Initiative.SortOrder)
            .ThenBy(e => e.InitiativeId).ThenBy(e => e.SortOrder).ThenBy(e => e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(e => new { e.InitiativeId, e.Initiative.Title, e.IndicatorName, e.IndicatorUnit, e.IndicatorBaseline, e.IndicatorTarget })
            .ToListAsync(ct);
        var ids = expected.Select(e => e.InitiativeId).Distinct().ToList();
        var values = await scope.Level(scope.ReportsUpToRound(db))
            .Where(r => (r.Status == ReportStatus.Submitted || r.Status == ReportStatus.Approved) && ids.Contains(r.InitiativeId))
            .SelectMany(r => r.Effects.Where(e => e.IndicatorName != null && e.MeasuredValue != null),
                (r, e) => new { ReportId = r.Id, r.RoundId, r.InitiativeId, e.IndicatorName, Value = e.MeasuredValue!.Value })
            .GroupBy(v => new { v.RoundId, v.InitiativeId, v.IndicatorName })
            .Select(g => new { g.Key.RoundId, g.Key.InitiativeId, g.Key.IndicatorName, Mean = g.Average(v => v.Value), Count = g.Count(), ReportId = g.Max(v => v.ReportId) })
            .ToListAsync(ct);
        var rounds = scope.RoundsUpToChosen().OrderBy(r => r.OpensOn).ThenBy(r => r.Id).ToList();
        var rows = expected.Select(e => new IndicatorRow(e.InitiativeId, e.Title, e.IndicatorName!, e.IndicatorUnit, e.IndicatorBaseline, e.IndicatorTarget,
            rounds.Select(r => values.FirstOrDefault(v => v.RoundId == r.Id && v.InitiativeId == e.InitiativeId && v.IndicatorName == e.IndicatorName) is { } v
                ? new IndicatorValue(r, v.Mean, v.Count, v.Count == 1 ? v.ReportId : null)
                : new IndicatorValue(r, null, 0, null)).ToList())).ToList();
        return new IndicatorTable(rounds, rows, total, page, pageCount);
    }

    /// <summary>How many insatser were last followed up in each of the plan's rounds up to the chosen one, and how
    /// many never were: the round (by opening date) of each insats' latest submitted or approved report, grouped in
    /// SQL. The list behind each figure filters with the same expression (<see cref="OverviewLists.LastFollowedUpIn"/>).</summary>
    private async Task<IReadOnlyList<LastFollowUpBucket>> LastFollowedUpAsync(OverviewScope scope, CancellationToken ct)
    {
        var last = OverviewLists.LastRoundOpening(scope, db);
        var counts = await scope.Initiatives(db).Select(last).GroupBy(d => d).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var buckets = new List<LastFollowUpBucket>
        {
            new([], counts.Where(c => c.Key is null).Sum(c => c.Count)),
        };
        foreach (var day in scope.RoundsUpToChosen().GroupBy(r => r.OpensOn).OrderBy(g => g.Key))
        {
            buckets.Add(new LastFollowUpBucket(day.OrderBy(r => r.Id).ToList(), counts.Where(c => c.Key == day.Key).Sum(c => c.Count)));
        }
        return buckets;
    }
}

/// <summary>/oversikt/indikatorer: every indicator of the insatser in scope, a page at a time.</summary>
public sealed record IndicatorList(OverviewScope Scope, IndicatorTable Table);

/// <summary>The indicator table partial's model: the table and its caption (which names the page on the list page).</summary>
public sealed record CaptionedIndicators(IndicatorTable Table, string Caption);

/// <summary>The filter form's model: the scope it shows and the page it submits to.</summary>
public sealed record OverviewFilters(OverviewScope Scope, string Action);
