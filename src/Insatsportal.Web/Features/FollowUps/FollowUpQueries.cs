using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.FollowUps;

public sealed record RoundListItem(
    int Id, string Name, int PlanId, string PlanName, DateOnly OpensOn, DateOnly Deadline, RoundStatus Status,
    int Reports, int Approved, int Submitted, int Open);

public sealed record RoundReportRow(
    int Id, int InitiativeId, string InitiativeTitle, int? UnitId, string? UnitName, string? Department, ReportStatus Status,
    ReportState State);

/// <summary>A round with one page of its reports (<see cref="Reports"/>), the counts per state over the filters
/// (<see cref="Counts"/>) and the filters' options.</summary>
public sealed record RoundDetails(
    int Id, string Name, int PlanId, string PlanName, int OrganisationId, FollowUpOccasionKind Kind, DateOnly OpensOn,
    DateOnly Deadline, string? Instructions, RoundStatus Status, DateTime? ClosedAt, IReadOnlyList<RoundReportRow> Reports,
    int MissingInitiatives)
{
    public RoundReportQuery Query { get; init; } = new();
    public IReadOnlyDictionary<ReportState, int> Counts { get; init; } = new Dictionary<ReportState, int>();
    public int Total { get; init; }
    public int PageCount { get; init; } = 1;
    public IReadOnlyList<(int Id, string Label)> Goals { get; init; } = [];
    public IReadOnlyList<(int Id, string Name)> Departments { get; init; } = [];
    public IReadOnlyList<(int Id, string Name)> Units { get; init; } = [];
}

public sealed record TodoItem(
    int ReportId, string InitiativeTitle, string? UnitName, string RoundName, DateOnly Deadline, ReportStatus Status,
    ReportState State, string? ReturnComment);

/// <summary>One page of each Att göra list with its total, and the counts per round.</summary>
public sealed record TodoPage(IReadOnlyList<TodoItem> ToWrite, IReadOnlyList<TodoItem> ToReview, DateOnly Today)
{
    public bool MayReview { get; init; }
    public IReadOnlyList<TodoRound> Rounds { get; init; } = [];
    public int WriteTotal { get; init; }
    public int WritePage { get; init; } = 1;
    public int WritePages { get; init; } = 1;
    public int ReviewTotal { get; init; }
    public int ReviewPage { get; init; } = 1;
    public int ReviewPages { get; init; } = 1;
}

public sealed record TodoRound(int RoundId, string Name, DateOnly Deadline, int ToReview, int ToWrite);

/// <summary>The report to write next, offered after a submit.</summary>
public sealed record NextReport(int ReportId, string InitiativeTitle, string? UnitName, DateOnly Deadline);

/// <summary>A live round's next deadline, for leadership's start page.</summary>
public sealed record UpcomingRound(int RoundId, string Name, string PlanName, DateOnly Deadline);

/// <summary>The start page's Att göra: counts per round, the most urgent reports to write, the next deadline.</summary>
public sealed record StartTodo(
    bool MayReview, IReadOnlyList<TodoRound> Rounds, int WriteTotal, int ReviewTotal, IReadOnlyList<TodoItem> Urgent,
    UpcomingRound? NextRound, DateOnly Today);

public sealed record ReportDetails(
    int Id, int RoundId, string RoundName, RoundStatus RoundStatus, DateOnly Deadline, string? Instructions,
    int PlanId, string PlanName, int OrganisationId, int InitiativeId, string InitiativeTitle, int? UnitId, string? UnitName,
    ReportStatus Status, ReportState State, bool ReopenedAfterClose, string? ReturnComment,
    ImplementationStatus? Implementation, string? ImplementationComment, string? OverallAssessment, string? NextSteps,
    string? Risks, IReadOnlyList<ReportActivityItem> Activities, IReadOnlyList<ReportEffectItem> Effects,
    IReadOnlyList<TransitionItem> Transitions, IReadOnlyList<string> AuthorIds, int? GoalId, string? UnitKoladaOuId);

public sealed record ReportActivityItem(int Number, string Text, ImplementationStatus? Status, string? Comment);

public sealed record ReportEffectItem(
    string Text, string? IndicatorName, string? IndicatorUnit, EffectJudgement? Judgement, EvidenceType? EvidenceType,
    string? Evidence, decimal? MeasuredValue);

public sealed record TransitionItem(ReportStatus From, ReportStatus To, DateTime At, string UserName, string? Comment);

/// <summary>Per insats: its targeted units (and the insats itself) × the plan's rounds, each cell a report's state.</summary>
/// <summary>An insats's reports, units in rows and rounds in columns, one page of units at a time (an insats can
/// target every school of a large förvaltning: 600 rows × 5 rounds), with each round's totals per state over all
/// units.</summary>
public sealed record ReportMatrix(
    IReadOnlyList<(int Id, string Name, RoundStatus Status)> Rounds, IReadOnlyList<ReportMatrixRow> Rows,
    IReadOnlyList<IReadOnlyList<(ReportState State, int Count)>> Totals, Dashboard.Paging Paging)
{
    public const int PageSize = 50;
}

public sealed record RoundStatusCount(int RoundId, ReportStatus Status, int Count);

public sealed record ReportMatrixRow(string Label, IReadOnlyList<(int ReportId, ReportState State)?> Cells);

public sealed class FollowUpQueries(AppDbContext db, TimeProvider clock, ReportCounts reportCounts, CurrentDataVersion dataVersion)
{
    private DateOnly Today => ReportStates.Today(clock);

    public async Task<IReadOnlyList<RoundListItem>> RoundsAsync(UserScope user, CancellationToken ct)
    {
        var rounds = await db.FollowUpRounds.AsNoTracking()
            .Where(r => db.Plans.Where(ReadAccess.Plans(user)).Any(p => p.Id == r.PlanId))
            .OrderByDescending(r => r.Status == RoundStatus.Open).ThenByDescending(r => r.Deadline)
            .Select(r => new { r.Id, r.Name, r.PlanId, PlanName = r.Plan.Name, r.OpensOn, r.Deadline, r.Status })
            .ToListAsync(ct);
        // One GROUP BY over the readable reports of these rounds instead of four correlated counts per round,
        // kept for a while (ReportCounts): it reads every report of every round.
        var ids = rounds.Select(r => r.Id).ToList();
        var counts = (await reportCounts.GetAsync("omgangar|" + string.Join(',', ids), user, await dataVersion.GetAsync(ct), () => db.FollowUpReports.AsNoTracking()
                .Where(r => ids.Contains(r.RoundId)).Where(ReportAccess.Readable(user))
                .GroupBy(r => new { r.RoundId, r.Status })
                .Select(g => new RoundStatusCount(g.Key.RoundId, g.Key.Status, g.Count()))
                .ToListAsync(ct)))
            .ToLookup(c => c.RoundId);
        return rounds.Select(r =>
        {
            var c = counts[r.Id].ToList();
            int Of(params ReportStatus[] statuses) => c.Where(x => statuses.Contains(x.Status)).Sum(x => x.Count);
            return new RoundListItem(r.Id, r.Name, r.PlanId, r.PlanName, r.OpensOn, r.Deadline, r.Status,
                c.Sum(x => x.Count), Of(ReportStatus.Approved), Of(ReportStatus.Submitted),
                Of(ReportStatus.NotStarted, ReportStatus.Draft, ReportStatus.Returned));
        }).ToList();
    }

    /// <summary>
    /// A round with one page of its reports: counts per state over the chosen filters (one GROUP BY, which also
    /// gives the number of pages), then the page's 50 rows, ordered as the round holds the plan (goal's place,
    /// place under the goal, insats, unit). Options for the filters are the plan's goals and the förvaltning's
    /// departments and units. A fixed number of commands whatever the size of the round.
    /// </summary>
    public async Task<RoundDetails?> RoundAsync(int id, UserScope user, RoundReportQuery query, CancellationToken ct)
    {
        var round = await db.FollowUpRounds.AsNoTracking()
            .Where(r => r.Id == id && db.Plans.Where(ReadAccess.Plans(user)).Any(p => p.Id == r.PlanId))
            .Select(r => new { r.Id, r.Name, r.PlanId, PlanName = r.Plan.Name, r.Plan.OrganisationId, r.Kind, r.OpensOn, r.Deadline, r.Instructions, r.Status, r.ClosedAt })
            .SingleOrDefaultAsync(ct);
        if (round is null)
        {
            return null;
        }
        var today = Today;
        var filtered = db.FollowUpReports.AsNoTracking().Where(r => r.RoundId == id).Where(ReportAccess.Readable(user));
        if (query.Goal is { } goal)
        {
            filtered = filtered.Where(r => r.Initiative.GoalId == goal);
        }
        if (query.Department is { } department)
        {
            filtered = filtered.Where(r => r.ResponsibleDepartmentId == department);
        }
        if (query.Unit is { } unit)
        {
            filtered = filtered.Where(r => r.UnitId == unit);
        }
        if (query.Initiative is { } initiative)
        {
            filtered = filtered.Where(r => r.InitiativeId == initiative);
        }
        if (query.Patterns() is { Count: > 0 } patterns)
        {
            // Always four LIKEs (the variants repeated) so that the statement has one shape.
            string P(int n) => patterns[Math.Min(n, patterns.Count - 1)];
            var (p0, p1, p2, p3) = (P(0), P(1), P(2), P(3));
            filtered = filtered.Where(r => EF.Functions.Like(r.InitiativeTitle, p0, "\\") || EF.Functions.Like(r.InitiativeTitle, p1, "\\")
                || EF.Functions.Like(r.InitiativeTitle, p2, "\\") || EF.Functions.Like(r.InitiativeTitle, p3, "\\"));
        }

        var byStatus = (await filtered.GroupBy(r => r.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => x.Status, x => x.Count);
        var counts = Enum.GetValues<ReportState>().ToDictionary(s => s, _ => 0);
        foreach (var (status, count) in byStatus)
        {
            counts[ReportStates.Of(status, round.Deadline, today)] += count;
        }

        var rows = filtered;
        if (query.State is { } state)
        {
            var statuses = Enum.GetValues<ReportStatus>().Where(s => ReportStates.Of(s, round.Deadline, today) == state).ToList();
            rows = rows.Where(r => statuses.Contains(r.Status));
        }
        var total = query.State is { } chosen ? counts[chosen] : counts.Values.Sum();
        var pageCount = Math.Max(1, (total + RoundReportQuery.PageSize - 1) / RoundReportQuery.PageSize);
        var page = Math.Min(query.Page, pageCount);
        var reports = await rows
            // Exactly the columns of the index (RoundId, GoalSortOrderInRound, InitiativeSortOrderInRound, InitiativeId,
            // UnitId), so SQLite walks the index to the page instead of sorting the whole round: the övergripande
            // insatser (no goal) come first, and under an insats its own report, then its units in the order they were added.
            .OrderBy(r => r.GoalSortOrderInRound).ThenBy(r => r.InitiativeSortOrderInRound)
            .ThenBy(r => r.InitiativeId).ThenBy(r => r.UnitId)
            .Skip((page - 1) * RoundReportQuery.PageSize).Take(RoundReportQuery.PageSize)
            .Select(r => new { r.Id, r.InitiativeId, r.InitiativeTitle, r.UnitId, UnitName = r.Unit == null ? null : r.Unit.Name, Department = r.ResponsibleDepartment == null ? null : r.ResponsibleDepartment.Name, r.Status })
            .ToListAsync(ct);

        var missing = round.Status == RoundStatus.Open
            ? await db.Initiatives.CountAsync(i => i.PlanId == round.PlanId && !i.IsArchived && !db.FollowUpReports.Any(r => r.RoundId == id && r.InitiativeId == i.Id), ct)
            : 0;
        var goals = await db.Goals.AsNoTracking().Where(g => g.PlanId == round.PlanId && !g.IsArchived)
            .OrderBy(g => g.SortOrder).ThenBy(g => g.Id).Select(g => new { g.Id, Label = g.ShortName ?? g.Title }).ToListAsync(ct);
        var departments = await db.Departments.AsNoTracking().Where(d => d.OrganisationId == round.OrganisationId)
            .OrderBy(d => d.Name).Select(d => new { d.Id, d.Name }).ToListAsync(ct);
        // The unit filter offers only units whose reports the user may read: every unit of the förvaltning for
        // leadership, a rektor's own units, none for an official (who reads insats-level reports only).
        var leadership = user.IsIn(Roles.DirectorOfEducation) || user.IsIn(Roles.DepartmentHead);
        var ownUnits = user.IsIn(Roles.Principal) ? user.UnitIds.ToList() : [];
        var units = await db.Units.AsNoTracking()
            .Where(u => u.OrganisationId == round.OrganisationId && (leadership || ownUnits.Contains(u.Id)))
            .OrderBy(u => u.Name).Select(u => new { u.Id, u.Name }).ToListAsync(ct);

        return new RoundDetails(round.Id, round.Name, round.PlanId, round.PlanName, round.OrganisationId, round.Kind, round.OpensOn,
            round.Deadline, round.Instructions, round.Status, round.ClosedAt,
            reports.Select(r => new RoundReportRow(r.Id, r.InitiativeId, r.InitiativeTitle, r.UnitId, r.UnitName, r.Department, r.Status,
                ReportStates.Of(r.Status, round.Deadline, today))).ToList(),
            missing)
        {
            Query = query with { Page = page },
            Counts = counts,
            Total = total,
            PageCount = pageCount,
            Goals = goals.Select(g => (g.Id, g.Label)).ToList(),
            Departments = departments.Select(d => (d.Id, d.Name)).ToList(),
            Units = units.Select(u => (u.Id, u.Name)).ToList(),
        };
    }

    /// <summary>
    /// Att göra: the reports this user may review (leadership's work, oldest submission first) and those they
    /// are to write (returned first, then by deadline), each list one page of <see cref="TodoPageSize"/> with
    /// its total, and how many of each wait per round. The förvaltningschef's review list is every submitted
    /// report of the förvaltning, so it is paged in the database; a rektor's lists are short but bounded too.
    /// </summary>
    public async Task<TodoPage> TodoAsync(UserScope user, int reviewPage, int writePage, CancellationToken ct)
    {
        var today = Today;
        var toWrite = ToWrite(user);
        var mayReview = MayReview(user);
        var toReview = ToReview(user);

        // Counts per round for both lists in one statement each (they also give the totals and the pages).
        var writeCounts = await toWrite.GroupBy(r => new { r.RoundId, r.Round.Name, r.Round.Deadline })
            .Select(g => new { g.Key.RoundId, g.Key.Name, g.Key.Deadline, Count = g.Count() }).ToListAsync(ct);
        var reviewCounts = mayReview
            ? await toReview.GroupBy(r => new { r.RoundId, r.Round.Name, r.Round.Deadline })
                .Select(g => new { g.Key.RoundId, g.Key.Name, g.Key.Deadline, Count = g.Count() }).ToListAsync(ct)
            : [];
        var writeTotal = writeCounts.Sum(c => c.Count);
        var reviewTotal = reviewCounts.Sum(c => c.Count);
        var writePages = Math.Max(1, (writeTotal + TodoPageSize - 1) / TodoPageSize);
        var reviewPages = Math.Max(1, (reviewTotal + TodoPageSize - 1) / TodoPageSize);
        writePage = Math.Clamp(writePage, 1, writePages);
        reviewPage = Math.Clamp(reviewPage, 1, reviewPages);

        // Returned reports first (someone is waiting), then by deadline: the most urgent on top.
        var writeRows = await MostUrgentFirst(toWrite)
            .Skip((writePage - 1) * TodoPageSize).Take(TodoPageSize)
            .Select(r => new { r.Id, r.InitiativeTitle, Unit = r.Unit == null ? null : r.Unit.Name, Round = r.Round.Name, r.Round.Deadline, r.Status, r.ReturnComment })
            .ToListAsync(ct);
        // The page's ids first, from the covering index (RoundId, Status, …, SubmittedAt), and only then the 50 rows:
        // sorting the förvaltning's thousands of submitted reports with their texts would read every one of them.
        var reviewIds = toReview.OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id)
            .Skip((reviewPage - 1) * TodoPageSize).Take(TodoPageSize).Select(r => r.Id);
        var reviewRows = mayReview ? await db.FollowUpReports.AsNoTracking().Where(r => reviewIds.Contains(r.Id))
            .OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id)
            .Select(r => new { r.Id, r.InitiativeTitle, Unit = r.Unit == null ? null : r.Unit.Name, Round = r.Round.Name, r.Round.Deadline, r.Status, r.ReturnComment })
            .ToListAsync(ct) : [];

        var perRound = writeCounts.Select(c => (c.RoundId, c.Name, c.Deadline)).Union(reviewCounts.Select(c => (c.RoundId, c.Name, c.Deadline)))
            .OrderBy(r => r.Deadline).ThenBy(r => r.RoundId)
            .Select(r => new TodoRound(r.RoundId, r.Name, r.Deadline,
                reviewCounts.Where(c => c.RoundId == r.RoundId).Sum(c => c.Count), writeCounts.Where(c => c.RoundId == r.RoundId).Sum(c => c.Count)))
            .ToList();
        return new TodoPage(
            writeRows.Select(r => new TodoItem(r.Id, r.InitiativeTitle, r.Unit, r.Round, r.Deadline, r.Status, ReportStates.Of(r.Status, r.Deadline, today), r.ReturnComment)).ToList(),
            reviewRows.Select(r => new TodoItem(r.Id, r.InitiativeTitle, r.Unit, r.Round, r.Deadline, r.Status, ReportStates.Of(r.Status, r.Deadline, today), r.ReturnComment)).ToList(),
            today)
        {
            MayReview = mayReview,
            Rounds = perRound,
            WriteTotal = writeTotal,
            WritePage = writePage,
            WritePages = writePages,
            ReviewTotal = reviewTotal,
            ReviewPage = reviewPage,
            ReviewPages = reviewPages,
        };
    }

    public const int TodoPageSize = 50;

    /// <summary>The number shown in the navigation: reports the user still has to write.</summary>
    public Task<int> OpenTodoCountAsync(UserScope user, CancellationToken ct) => ToWrite(user).CountAsync(ct);

    /// <summary>The reports the user is to write: assigned to them, in a live round, not yet submitted.</summary>
    private IQueryable<FollowUpReport> ToWrite(UserScope user) => db.FollowUpReports.AsNoTracking()
        .Where(ReportAccess.Assigned(user, db.ResponsibleEntries))
        .Where(r => (r.Round.Status == RoundStatus.Open || r.ReopenedAfterClose)
            && (r.Status == ReportStatus.NotStarted || r.Status == ReportStatus.Draft || r.Status == ReportStatus.Returned));

    /// <summary>The submitted reports the user may approve or return, in a live round.</summary>
    private IQueryable<FollowUpReport> ToReview(UserScope user) => db.FollowUpReports.AsNoTracking()
        .Where(ReportAccess.Reviewable(user, db.ResponsibleEntries))
        .Where(r => r.Status == ReportStatus.Submitted && (r.Round.Status == RoundStatus.Open || r.ReopenedAfterClose));

    private static bool MayReview(UserScope user) => user.IsIn(Roles.DirectorOfEducation) || user.IsIn(Roles.DepartmentHead);

    /// <summary>Returned reports first (someone is waiting), then by deadline: the order of Att göra.</summary>
    private static IQueryable<FollowUpReport> MostUrgentFirst(IQueryable<FollowUpReport> reports) => reports
        .OrderBy(r => r.Status == ReportStatus.Returned ? 0 : 1).ThenBy(r => r.Round.Deadline).ThenBy(r => r.InitiativeTitle).ThenBy(r => r.Id);

    /// <summary>
    /// The report to write after <paramref name="done"/>: the first of the user's Att göra list (same scope and
    /// order) other than it, or null when nothing else is due. One query, stopping at the first row.
    /// </summary>
    public async Task<NextReport?> NextToWriteAsync(UserScope user, int done, CancellationToken ct) =>
        await MostUrgentFirst(ToWrite(user).Where(r => r.Id != done))
            .Select(r => new NextReport(r.Id, r.InitiativeTitle, r.Unit == null ? null : r.Unit.Name, r.Round.Deadline))
            .FirstOrDefaultAsync(ct);

    /// <summary>How many reports to show on the start page before "Alla i Att göra".</summary>
    public const int StartPageItems = 5;

    /// <summary>
    /// What the start page shows first: the reports the user is to write (counted per round, and the most urgent
    /// few) and, for leadership, those waiting for their review and the next deadline of a live round in their
    /// förvaltning. The per-round counts are the two GROUP BYs of Att göra, kept per user for a while
    /// (<see cref="ReportCounts"/>); then at most one query for the few rows and one for the next round, whatever
    /// the number of reports (60 000 on the Stockholm set).
    /// </summary>
    public async Task<StartTodo> StartAsync(UserScope user, CancellationToken ct)
    {
        var today = Today;
        var mayReview = MayReview(user);
        var counts = await reportCounts.GetAsync("start", user, await dataVersion.GetAsync(ct), async () => new StartCounts(
            await ToWrite(user).GroupBy(r => new { r.RoundId, r.Round.Name, r.Round.Deadline })
                .Select(g => new RoundCount(g.Key.RoundId, g.Key.Name, g.Key.Deadline, g.Count())).ToListAsync(ct),
            mayReview
                ? await ToReview(user).GroupBy(r => new { r.RoundId, r.Round.Name, r.Round.Deadline })
                    .Select(g => new RoundCount(g.Key.RoundId, g.Key.Name, g.Key.Deadline, g.Count())).ToListAsync(ct)
                : []));
        var writeTotal = counts.Write.Sum(c => c.Count);
        var urgent = new List<TodoItem>();
        if (writeTotal > 0)
        {
            urgent = (await MostUrgentFirst(ToWrite(user)).Take(StartPageItems)
                    .Select(r => new { r.Id, r.InitiativeTitle, Unit = r.Unit == null ? null : r.Unit.Name, Round = r.Round.Name, r.Round.Deadline, r.Status, r.ReturnComment })
                    .ToListAsync(ct))
                .Select(r => new TodoItem(r.Id, r.InitiativeTitle, r.Unit, r.Round, r.Deadline, r.Status, ReportStates.Of(r.Status, r.Deadline, today), r.ReturnComment))
                .ToList();
        }
        var organisation = user.OrganisationId;
        var next = mayReview && organisation is not null
            ? await db.FollowUpRounds.AsNoTracking()
                .Where(r => r.Status == RoundStatus.Open && r.Deadline >= today && r.Plan.OrganisationId == organisation)
                .OrderBy(r => r.Deadline).ThenBy(r => r.Id)
                .Select(r => new UpcomingRound(r.Id, r.Name, r.Plan.Name, r.Deadline))
                .FirstOrDefaultAsync(ct)
            : null;
        var rounds = counts.Write.Select(c => (c.RoundId, c.Name, c.Deadline)).Union(counts.Review.Select(c => (c.RoundId, c.Name, c.Deadline)))
            .OrderBy(r => r.Deadline).ThenBy(r => r.RoundId)
            .Select(r => new TodoRound(r.RoundId, r.Name, r.Deadline,
                counts.Review.Where(c => c.RoundId == r.RoundId).Sum(c => c.Count), counts.Write.Where(c => c.RoundId == r.RoundId).Sum(c => c.Count)))
            .ToList();
        return new StartTodo(mayReview, rounds, writeTotal, counts.Review.Sum(c => c.Count),
            urgent, next, today);
    }

    private sealed record RoundCount(int RoundId, string Name, DateOnly Deadline, int Count);

    private sealed record StartCounts(List<RoundCount> Write, List<RoundCount> Review);

    public async Task<ReportDetails?> ReportAsync(int id, UserScope user, CancellationToken ct)
    {
        var today = Today;
        var report = await db.FollowUpReports.AsNoTracking()
            .Where(r => r.Id == id).Where(ReportAccess.Readable(user))
            .Select(r => new
            {
                r.Id, r.RoundId, RoundName = r.Round.Name, RoundStatus = r.Round.Status, r.Round.Deadline, r.Round.Instructions,
                r.Round.PlanId, PlanName = r.Round.Plan.Name, r.Round.Plan.OrganisationId, r.InitiativeId, r.InitiativeTitle,
                r.UnitId, UnitName = r.Unit == null ? null : r.Unit.Name, UnitKoladaOuId = r.Unit == null ? null : r.Unit.KoladaOuId,
                r.Initiative.GoalId, r.Status, r.ReopenedAfterClose, r.ReturnComment,
                r.Implementation, r.ImplementationComment, r.OverallAssessment, r.NextSteps, r.Risks,
                Activities = r.Activities.OrderBy(a => a.Number).Select(a => new ReportActivityItem(a.Number, a.ActivityText, a.Status, a.Comment)).ToList(),
                Effects = r.Effects.OrderBy(e => e.SortOrder).Select(e => new ReportEffectItem(e.EffectText, e.IndicatorName, e.IndicatorUnit, e.Judgement, e.EvidenceType, e.Evidence, e.MeasuredValue)).ToList(),
                Transitions = r.Transitions.OrderBy(t => t.At).ThenBy(t => t.Id).Select(t => new TransitionItem(t.From, t.To, t.At, t.UserName, t.Comment)).ToList(),
                Authors = r.Transitions.Where(t => t.UserId != null && (t.To == ReportStatus.Draft || t.To == ReportStatus.Submitted))
                    .Select(t => t.UserId!).ToList(),
                r.SubmittedByUserId,
            })
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);
        return report is null ? null : new ReportDetails(
            report.Id, report.RoundId, report.RoundName, report.RoundStatus, report.Deadline, report.Instructions, report.PlanId,
            report.PlanName, report.OrganisationId, report.InitiativeId, report.InitiativeTitle, report.UnitId, report.UnitName,
            report.Status, ReportStates.Of(report.Status, report.Deadline, today), report.ReopenedAfterClose, report.ReturnComment,
            report.Implementation, report.ImplementationComment, report.OverallAssessment, report.NextSteps, report.Risks,
            report.Activities, report.Effects, report.Transitions,
            report.Authors.Append(report.SubmittedByUserId).OfType<string>().Distinct().ToList(), report.GoalId, report.UnitKoladaOuId);
    }

    public async Task<ReportMatrix> MatrixAsync(int initiativeId, UserScope user, int page, CancellationToken ct)
    {
        var today = Today;
        var reports = await db.FollowUpReports.AsNoTracking()
            .Where(r => r.InitiativeId == initiativeId).Where(ReportAccess.Readable(user))
            .Select(r => new { r.Id, r.RoundId, RoundName = r.Round.Name, RoundStatus = r.Round.Status, r.Round.Deadline, r.UnitId, UnitName = r.Unit == null ? null : r.Unit.Name, r.Status })
            .ToListAsync(ct);
        var rounds = reports.Select(r => (Id: r.RoundId, Name: r.RoundName, Status: r.RoundStatus, r.Deadline)).Distinct()
            .OrderBy(r => r.Deadline).Select(r => (r.Id, r.Name, r.Status)).ToList();
        var byCell = reports.ToDictionary(r => (r.RoundId, r.UnitId), r => (r.Id, State: ReportStates.Of(r.Status, r.Deadline, today)));
        var allRows = reports.Select(r => (r.UnitId, Label: r.UnitName ?? "Insatsen (ansvarig)")).Distinct()
            .OrderBy(r => r.UnitId is null ? 0 : 1).ThenBy(r => r.Label, StringComparer.Create(Shared.Display.Swedish, false))
            .ToList();
        page = Dashboard.Paging.Clamp(page, allRows.Count, ReportMatrix.PageSize);
        var rows = allRows.Skip((page - 1) * ReportMatrix.PageSize).Take(ReportMatrix.PageSize)
            .Select(row => new ReportMatrixRow(row.Label, rounds.Select(round =>
                byCell.TryGetValue((round.Id, row.UnitId), out var cell) ? ((int, ReportState)?)cell : null).ToList()))
            .ToList();
        var totals = rounds.Select(round => (IReadOnlyList<(ReportState, int)>)byCell
                .Where(c => c.Key.RoundId == round.Id).GroupBy(c => c.Value.State).OrderBy(g => g.Key)
                .Select(g => (g.Key, g.Count())).ToList())
            .ToList();
        var paging = new Dashboard.Paging(allRows.Count, page, ReportMatrix.PageSize,
            n => $"/insatser/{initiativeId}?enhetssida={n}#uppfoljning");
        return new ReportMatrix(rounds, rows, totals, paging);
    }
}
