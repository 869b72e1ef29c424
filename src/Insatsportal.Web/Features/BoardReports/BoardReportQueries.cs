using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.BoardReports;

/// <summary>Builds the <see cref="BoardReport"/> in three SQL commands whatever the number of insatser: the round,
/// its reports, and their effects.</summary>
public sealed class BoardReportQueries(AppDbContext db, TimeProvider clock)
{
    public const string NoGoalTitle = "Övergripande insatser";

    /// <summary>The round's förvaltning, or null when there is no such round or the user may not read its plan.</summary>
    public Task<int?> OrganisationOfAsync(int roundId, UserScope user, CancellationToken ct) =>
        db.FollowUpRounds.AsNoTracking()
            .Where(r => r.Id == roundId && db.Plans.Where(ReadAccess.Plans(user)).Any(p => p.Id == r.PlanId))
            .Select(r => (int?)r.Plan.OrganisationId).SingleOrDefaultAsync(ct);

    public async Task<BoardReport?> GetAsync(int roundId, CancellationToken ct)
    {
        var round = await db.FollowUpRounds.AsNoTracking().Where(r => r.Id == roundId)
            .Select(r => new
            {
                r.Id, r.Name, r.Kind, r.Status, r.OpensOn, r.Deadline, r.ClosedAt,
                PlanName = r.PlanNameInRound ?? r.Plan.Name,
                Organisation = r.Plan.Organisation.Name, r.Plan.Organisation.Municipality, r.Plan.Organisation.BoardName,
            })
            .SingleOrDefaultAsync(ct);
        if (round is null)
        {
            return null;
        }

        var reports = await db.FollowUpReports.AsNoTracking().Where(r => r.RoundId == roundId)
            .Select(r => new
            {
                r.Id, r.InitiativeId, r.UnitId, UnitName = r.Unit == null ? null : r.Unit.Name,
                Department = r.ResponsibleDepartment == null ? null : r.ResponsibleDepartment.Name,
                r.InitiativeTitle, r.InitiativeNumberInRound, r.InitiativeStatusInRound, r.InitiativeEndDateInRound,
                r.GoalTitleInRound, r.GoalShortNameInRound, r.GoalSortOrderInRound, r.InitiativeSortOrderInRound,
                r.Status, r.Implementation, r.ImplementationComment, r.OverallAssessment, r.NextSteps, r.Risks,
            })
            .ToListAsync(ct);

        var effects = (await db.ReportEffects.AsNoTracking().Where(e => e.Report.RoundId == roundId && e.Report.UnitId == null)
                .Select(e => new
                {
                    e.ReportId, e.SortOrder, e.Id, e.EffectText, e.IndicatorName, e.IndicatorUnit, e.Judgement, e.EvidenceType,
                    e.Evidence, e.MeasuredValue,
                })
                .ToListAsync(ct))
            .OrderBy(e => e.SortOrder).ThenBy(e => e.Id)
            .ToLookup(e => e.ReportId, e => new BoardReportEffect(
                e.EffectText, e.IndicatorName, e.IndicatorUnit, e.Judgement, e.EvidenceType, e.Evidence, e.MeasuredValue));

        // A closed round is read as of the day it closed, so "försenad" means late at closing, not late today.
        var asOf = round.ClosedAt is { } closed
            ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(closed, Stockholm))
            : ReportStates.Today(clock);
        var ordinal = StringComparer.Create(Shared.Display.Swedish, false);

        static bool Answered(ReportStatus s) => s is ReportStatus.Submitted or ReportStatus.Approved;

        var initiatives = reports.GroupBy(r => r.InitiativeId).Select(g =>
            {
                var main = g.FirstOrDefault(r => r.UnitId == null) ?? g.First();
                var answered = main.UnitId == null && Answered(main.Status);
                var assessment = new BoardReportAssessment(
                    ReportStates.Of(main.Status, round.Deadline, asOf), answered,
                    answered ? main.Implementation : null, answered ? main.ImplementationComment : null,
                    answered ? main.OverallAssessment : null, answered ? main.NextSteps : null, answered ? main.Risks : null,
                    answered ? effects[main.Id].ToList() : []);
                var units = g.Where(r => r.UnitId != null).OrderBy(r => r.UnitName, ordinal)
                    .Select(r => new BoardReportUnit(r.UnitName!, ReportStates.Of(r.Status, round.Deadline, asOf), Answered(r.Status),
                        Answered(r.Status) ? r.Implementation : null, Answered(r.Status) ? r.OverallAssessment : null))
                    .ToList();
                return (Main: main, Initiative: new BoardReportInitiative(
                    main.InitiativeId, main.InitiativeNumberInRound, main.InitiativeTitle, main.InitiativeStatusInRound,
                    main.InitiativeEndDateInRound, main.Department, assessment, units)
                {
                    // The effects are already loaded (every insats report's, answered or not): counted here, no query more.
                    Effects = main.UnitId == null
                        ? BoardReportEffects.Sum(effects[main.Id].Select(e => BoardReportEffects.Of(Answered(main.Status), e.Judgement, 1)))
                        : BoardReportEffects.None,
                });
            })
            .ToList();

        var goals = initiatives
            .GroupBy(i => (i.Main.GoalSortOrderInRound, i.Main.GoalTitleInRound, i.Main.GoalShortNameInRound))
            .OrderBy(g => g.Key.GoalTitleInRound is null ? 1 : 0).ThenBy(g => g.Key.GoalSortOrderInRound)
            .ThenBy(g => g.Key.GoalTitleInRound, StringComparer.Ordinal).ThenBy(g => g.Key.GoalShortNameInRound, StringComparer.Ordinal)
            .Select((g, n) => new BoardReportGoal(
                n + 1, g.Key.GoalTitleInRound ?? NoGoalTitle, string.IsNullOrWhiteSpace(g.Key.GoalShortNameInRound) ? null : g.Key.GoalShortNameInRound,
                g.Key.GoalTitleInRound is not null,
                g.OrderBy(i => i.Main.InitiativeSortOrderInRound).ThenBy(i => i.Main.InitiativeId).Select(i => i.Initiative).ToList()))
            .ToList();

        return new BoardReport(
            round.Id, round.Name, round.Kind, round.Status, round.OpensOn, round.Deadline, round.ClosedAt, round.PlanName,
            round.Organisation, round.Municipality, round.BoardName, asOf, goals);
    }

    /// <summary>
    /// One page of the printable underlag: the cover, the summary per goal (one GROUP BY over the round's reports),
    /// and <see cref="BoardReportPage.PageSize"/> insatser in the plan's order with their assessment and effects and
    /// at most <see cref="BoardReportPage.UnitsShown"/> of their units' reports (the rest are counted and linked to
    /// the round page; Word and Excel hold all of them). Eight SQL commands whatever the size of the round, and a page
    /// whose size does not grow with it.
    /// </summary>
    public async Task<BoardReportPage?> PageAsync(int roundId, int page, CancellationToken ct)
    {
        var round = await db.FollowUpRounds.AsNoTracking().Where(r => r.Id == roundId)
            .Select(r => new
            {
                r.Id, r.Name, r.Kind, r.Status, r.OpensOn, r.Deadline, r.ClosedAt,
                PlanName = r.PlanNameInRound ?? r.Plan.Name,
                Organisation = r.Plan.Organisation.Name, r.Plan.Organisation.Municipality, r.Plan.Organisation.BoardName,
            })
            .SingleOrDefaultAsync(ct);
        if (round is null)
        {
            return null;
        }
        var asOf = round.ClosedAt is { } closed
            ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(closed, Stockholm))
            : ReportStates.Today(clock);

        var groups = await db.FollowUpReports.AsNoTracking().Where(r => r.RoundId == roundId)
            .GroupBy(r => new { r.GoalSortOrderInRound, r.GoalTitleInRound, r.GoalShortNameInRound, Main = r.UnitId == null, r.InitiativeStatusInRound, r.Status })
            .Select(g => new { g.Key.GoalSortOrderInRound, g.Key.GoalTitleInRound, g.Key.GoalShortNameInRound, g.Key.Main, g.Key.InitiativeStatusInRound, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        static BoardReportSummary Summarise(IEnumerable<(bool Main, InitiativeStatus Status, ReportState State, int Count)> rows)
        {
            var list = rows.ToList();
            return new BoardReportSummary(
                list.Where(r => r.Main).Sum(r => r.Count),
                Enum.GetValues<InitiativeStatus>().ToDictionary(s => s, s => list.Where(r => r.Main && r.Status == s).Sum(r => r.Count)),
                list.Sum(r => r.Count),
                Enum.GetValues<ReportState>().ToDictionary(s => s, s => list.Where(r => r.State == s).Sum(r => r.Count)));
        }
        // The insats reports' expected effects by goal, report status and judgement: one more GROUP BY.
        var effectGroups = (await db.ReportEffects.AsNoTracking().Where(e => e.Report.RoundId == roundId && e.Report.UnitId == null)
                .GroupBy(e => new { e.Report.GoalSortOrderInRound, e.Report.GoalTitleInRound, e.Report.GoalShortNameInRound, e.Report.Status, e.Judgement })
                .Select(g => new { g.Key.GoalSortOrderInRound, g.Key.GoalTitleInRound, g.Key.GoalShortNameInRound, g.Key.Status, g.Key.Judgement, Count = g.Count() })
                .ToListAsync(ct))
            .GroupBy(g => (g.GoalSortOrderInRound, g.GoalTitleInRound, g.GoalShortNameInRound))
            .ToDictionary(g => g.Key, g => BoardReportEffects.Sum(g.Select(x => BoardReportEffects.Of(x.Status is ReportStatus.Submitted or ReportStatus.Approved, x.Judgement, x.Count))));
        // The same order of goals as the files (and as the SQL below: övergripande last, then place, then title).
        var goalRows = groups
            .GroupBy(g => (g.GoalSortOrderInRound, g.GoalTitleInRound, g.GoalShortNameInRound))
            .OrderBy(g => g.Key.GoalTitleInRound is null ? 1 : 0).ThenBy(g => g.Key.GoalSortOrderInRound)
            .ThenBy(g => g.Key.GoalTitleInRound, StringComparer.Ordinal).ThenBy(g => g.Key.GoalShortNameInRound, StringComparer.Ordinal)
            .Select(g => (g.Key, Summary: Summarise(g.Select(x => (x.Main, x.InitiativeStatusInRound, ReportStates.Of(x.Status, round.Deadline, asOf), x.Count)))
                with { Effects = effectGroups.GetValueOrDefault(g.Key) ?? BoardReportEffects.None }))
            .ToList();
        var total = Summarise(groups.Select(x => (x.Main, x.InitiativeStatusInRound, ReportStates.Of(x.Status, round.Deadline, asOf), x.Count)))
            with { Effects = BoardReportEffects.Sum(effectGroups.Values) };
        var pageCount = Math.Max(1, (total.Initiatives + BoardReportPage.PageSize - 1) / BoardReportPage.PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var before = 0;
        var summaries = new List<BoardReportGoalSummary>();
        foreach (var ((sortOrder, title, shortName), summary) in goalRows)
        {
            var number = summaries.Count + 1;
            var goal = new BoardReportGoal(number, title ?? NoGoalTitle, string.IsNullOrWhiteSpace(shortName) ? null : shortName, title is not null, []);
            summaries.Add(new BoardReportGoalSummary(goal, summary, before / BoardReportPage.PageSize + 1, (sortOrder, title, shortName)));
            before += summary.Initiatives;
        }

        var mains = await db.FollowUpReports.AsNoTracking().Where(r => r.RoundId == roundId && r.UnitId == null)
            .OrderBy(r => r.GoalTitleInRound == null).ThenBy(r => r.GoalSortOrderInRound).ThenBy(r => r.GoalTitleInRound).ThenBy(r => r.GoalShortNameInRound)
            .ThenBy(r => r.InitiativeSortOrderInRound).ThenBy(r => r.InitiativeId)
            .Skip((page - 1) * BoardReportPage.PageSize).Take(BoardReportPage.PageSize)
            .Select(r => new
            {
                r.Id, r.InitiativeId, Department = r.ResponsibleDepartment == null ? null : r.ResponsibleDepartment.Name,
                r.InitiativeTitle, r.InitiativeNumberInRound, r.InitiativeStatusInRound, r.InitiativeEndDateInRound,
                r.GoalTitleInRound, r.GoalShortNameInRound, r.GoalSortOrderInRound,
                r.Status, r.Implementation, r.ImplementationComment, r.OverallAssessment, r.NextSteps, r.Risks,
            })
            .ToListAsync(ct);
        var mainIds = mains.Select(m => m.Id).ToList();
        var initiativeIds = mains.Select(m => m.InitiativeId).ToList();
        var effects = (await db.ReportEffects.AsNoTracking().Where(e => mainIds.Contains(e.ReportId))
                .Select(e => new { e.ReportId, e.SortOrder, e.Id, e.EffectText, e.IndicatorName, e.IndicatorUnit, e.Judgement, e.EvidenceType, e.Evidence, e.MeasuredValue })
                .ToListAsync(ct))
            .OrderBy(e => e.SortOrder).ThenBy(e => e.Id)
            .ToLookup(e => e.ReportId, e => new BoardReportEffect(e.EffectText, e.IndicatorName, e.IndicatorUnit, e.Judgement, e.EvidenceType, e.Evidence, e.MeasuredValue));

        // The units' reports of the page's insatser: names and states only (small rows), then the texts of the
        // few that are shown.
        var swedish = StringComparer.Create(Shared.Display.Swedish, false);
        var unitRows = (await db.FollowUpReports.AsNoTracking().Where(r => r.RoundId == roundId && r.UnitId != null && initiativeIds.Contains(r.InitiativeId))
                .Select(r => new { r.Id, r.InitiativeId, UnitName = r.Unit!.Name, r.Status })
                .ToListAsync(ct))
            .GroupBy(r => r.InitiativeId)
            .ToDictionary(g => g.Key, g => (Count: g.Count(), Shown: g.OrderBy(r => r.UnitName, swedish).ThenBy(r => r.Id).Take(BoardReportPage.UnitsShown).ToList()));
        static bool Answered(ReportStatus s) => s is ReportStatus.Submitted or ReportStatus.Approved;
        var answeredIds = unitRows.Values.SelectMany(u => u.Shown).Where(r => Answered(r.Status)).Select(r => r.Id).ToList();
        var texts = await db.FollowUpReports.AsNoTracking().Where(r => answeredIds.Contains(r.Id))
            .Select(r => new { r.Id, r.Implementation, r.OverallAssessment })
            .ToDictionaryAsync(r => r.Id, ct);

        var pageGoals = new List<BoardReportGoal>();
        foreach (var m in mains)
        {
            var goal = summaries.First(s => s.Key == (m.GoalSortOrderInRound, m.GoalTitleInRound, m.GoalShortNameInRound)).Goal;
            var answered = Answered(m.Status);
            var assessment = new BoardReportAssessment(
                ReportStates.Of(m.Status, round.Deadline, asOf), answered,
                answered ? m.Implementation : null, answered ? m.ImplementationComment : null,
                answered ? m.OverallAssessment : null, answered ? m.NextSteps : null, answered ? m.Risks : null,
                answered ? effects[m.Id].ToList() : []);
            var units = unitRows.TryGetValue(m.InitiativeId, out var u) ? u : (Count: 0, Shown: []);
            var initiative = new BoardReportInitiative(
                m.InitiativeId, m.InitiativeNumberInRound, m.InitiativeTitle, m.InitiativeStatusInRound, m.InitiativeEndDateInRound, m.Department,
                assessment,
                units.Shown.Select(r => new BoardReportUnit(r.UnitName, ReportStates.Of(r.Status, round.Deadline, asOf), Answered(r.Status),
                    texts.TryGetValue(r.Id, out var t) ? t.Implementation : null, texts.TryGetValue(r.Id, out var t2) ? t2.OverallAssessment : null)).ToList())
            {
                UnitCount = units.Count,
            };
            if (pageGoals.Count == 0 || pageGoals[^1].Number != goal.Number)
            {
                pageGoals.Add(goal with { Initiatives = new List<BoardReportInitiative>() });
            }
            ((List<BoardReportInitiative>)pageGoals[^1].Initiatives).Add(initiative);
        }

        var header = new BoardReport(
            round.Id, round.Name, round.Kind, round.Status, round.OpensOn, round.Deadline, round.ClosedAt, round.PlanName,
            round.Organisation, round.Municipality, round.BoardName, asOf, []);
        return new BoardReportPage(header, summaries, total, pageGoals, page, pageCount);
    }

    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
}
