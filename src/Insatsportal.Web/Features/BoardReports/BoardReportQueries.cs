using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.BoardReports;

/// <summary>
/// The nämndunderlag of one round: what the HTML page, the Word document and the Excel workbook all say.
/// Everything in it comes from what the round's reports keep (titles, status, goal, numbering and order as
/// they were in the round; activity and effect texts copied in when the round opened), and from units,
/// departments and the förvaltning, which the app never renames. So a closed round gives the same content
/// however its plan and insatser are edited later; only reopening a report (deliberate, and recorded) changes it.
/// </summary>
public sealed record BoardReport(
    int RoundId, string RoundName, FollowUpOccasionKind Kind, RoundStatus Status, DateOnly OpensOn, DateOnly Deadline,
    DateTime? ClosedAt, string PlanName, string OrganisationName, string Municipality, string? BoardName,
    DateOnly AsOf, IReadOnlyList<BoardReportGoal> Goals)
{
    /// <summary>An open round's underlag is preliminary: reports may still change. (<see cref="AsOf"/> is the
    /// report's date: the day the round closed, or today for a round still open.)</summary>
    public bool IsPreliminary => Status == RoundStatus.Open;

    public IEnumerable<BoardReportInitiative> Initiatives => Goals.SelectMany(g => g.Initiatives);

    public BoardReportSummary Summary => BoardReportSummary.Of(Initiatives.ToList());
}

/// <summary>A nämndmål with its insatser, or (Title "Övergripande insatser", IsGoal false) the insatser under no goal.</summary>
public sealed record BoardReportGoal(int Number, string Title, string? ShortName, bool IsGoal, IReadOnlyList<BoardReportInitiative> Initiatives)
{
    public string Anchor => $"mal-{Number}";

    /// <summary>"Mål 1: En utvecklad undervisning" (the short name, when the goal has one; the full title is then shown under it).</summary>
    public string Heading => IsGoal ? $"Mål {Number}: {ShortName ?? Title}" : Title;

    /// <summary>The goal's full wording, when the heading shows only its short name.</summary>
    public string? FullTitle => IsGoal && ShortName is not null ? Title : null;

    public BoardReportSummary Summary => BoardReportSummary.Of(Initiatives);
}

public sealed record BoardReportInitiative(
    int InitiativeId, string? Number, string Title, InitiativeStatus Status, DateOnly? EndDate, string? ResponsibleDepartment,
    BoardReportAssessment Assessment, IReadOnlyList<BoardReportUnit> Units)
{
    public string Anchor => $"insats-{InitiativeId}";

    public string Heading => string.IsNullOrWhiteSpace(Number) ? Title : $"{Number} {Title}";
}

/// <summary>The insats-level report of the round. Its texts are shown only once it has been submitted
/// (Submitted or Approved): a draft or a returned report is not the responsible's answer yet.</summary>
public sealed record BoardReportAssessment(
    ReportState State, bool HasAnswer, ImplementationStatus? Implementation, string? ImplementationComment,
    string? OverallAssessment, string? NextSteps, string? Risks, IReadOnlyList<BoardReportEffect> Effects);

public sealed record BoardReportEffect(
    string Text, string? IndicatorName, string? IndicatorUnit, EffectJudgement? Judgement, EvidenceType? EvidenceType,
    string? Evidence, decimal? MeasuredValue);

/// <summary>A targeted unit's report in short: its state and, once submitted, genomförande and samlad bedömning.</summary>
public sealed record BoardReportUnit(
    string UnitName, ReportState State, bool HasAnswer, ImplementationStatus? Implementation, string? OverallAssessment);

/// <summary>Counts for a goal (or the whole round): insatser by status, and all reports (insats and unit) by state.</summary>
public sealed record BoardReportSummary(
    int Initiatives, IReadOnlyDictionary<InitiativeStatus, int> ByStatus, int Reports, IReadOnlyDictionary<ReportState, int> ByState)
{
    /// <summary>Reports submitted or approved.</summary>
    public int Answered => ByState.GetValueOrDefault(ReportState.Submitted) + ByState.GetValueOrDefault(ReportState.Approved);

    /// <summary>Share answered in whole per cent (0 when there are no reports).</summary>
    public int AnsweredPercent => Reports == 0 ? 0 : (int)Math.Round(100.0 * Answered / Reports, MidpointRounding.AwayFromZero);

    public static BoardReportSummary Of(IReadOnlyCollection<BoardReportInitiative> initiatives)
    {
        var states = initiatives.SelectMany(i => i.Units.Select(u => u.State).Prepend(i.Assessment.State)).ToList();
        return new BoardReportSummary(
            initiatives.Count,
            Enum.GetValues<InitiativeStatus>().ToDictionary(s => s, s => initiatives.Count(i => i.Status == s)),
            states.Count,
            Enum.GetValues<ReportState>().ToDictionary(s => s, s => states.Count(x => x == s)));
    }
}

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
                    main.InitiativeEndDateInRound, main.Department, assessment, units));
            })
            .ToList();

        var goals = initiatives
            .GroupBy(i => (i.Main.GoalSortOrderInRound, i.Main.GoalTitleInRound, i.Main.GoalShortNameInRound))
            .OrderBy(g => g.Key.GoalTitleInRound is null ? 1 : 0).ThenBy(g => g.Key.GoalSortOrderInRound).ThenBy(g => g.Key.GoalTitleInRound, ordinal)
            .Select((g, n) => new BoardReportGoal(
                n + 1, g.Key.GoalTitleInRound ?? NoGoalTitle, string.IsNullOrWhiteSpace(g.Key.GoalShortNameInRound) ? null : g.Key.GoalShortNameInRound,
                g.Key.GoalTitleInRound is not null,
                g.OrderBy(i => i.Main.InitiativeSortOrderInRound).ThenBy(i => i.Main.InitiativeId).Select(i => i.Initiative).ToList()))
            .ToList();

        return new BoardReport(
            round.Id, round.Name, round.Kind, round.Status, round.OpensOn, round.Deadline, round.ClosedAt, round.PlanName,
            round.Organisation, round.Municipality, round.BoardName, asOf, goals);
    }

    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
}
