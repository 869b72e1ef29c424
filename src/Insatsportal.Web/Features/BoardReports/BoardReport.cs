using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Shared;

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
    /// <summary>How many units report on the insats; on the printable page <see cref="Units"/> holds only the first ones.</summary>
    public int UnitCount { get; init; } = Units.Count;

    /// <summary>The insats report's expected effects by judgement, whether or not the report is answered yet.</summary>
    public BoardReportEffects Effects { get; init; } = BoardReportEffects.None;

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

/// <summary>
/// The expected effects of the insats-level reports, by the judgement the round gave them. An effect counts as
/// judged only when its report is submitted or approved (a draft's judgement is not the responsible's answer yet);
/// every other effect, and an answered one left without a judgement, is "Ej bedömd".
/// </summary>
public sealed record BoardReportEffects(int Visible, int PartlyVisible, int NotYetVisible, int CannotBeAssessed, int NotJudged)
{
    public static readonly BoardReportEffects None = new(0, 0, 0, 0, 0);

    public int Total => Visible + PartlyVisible + NotYetVisible + CannotBeAssessed + NotJudged;

    /// <summary>The counts in the order the files show them, with their Swedish names.</summary>
    public IEnumerable<(string Name, int Count)> Parts =>
    [
        (EffectJudgement.Visible.Name(), Visible), (EffectJudgement.PartlyVisible.Name(), PartlyVisible),
        (EffectJudgement.NotYetVisible.Name(), NotYetVisible), (EffectJudgement.CannotBeAssessed.Name(), CannotBeAssessed),
        (NotJudgedName, NotJudged),
    ];

    public const string NotJudgedName = "Ej bedömd";

    /// <summary>One effect's count in the category its report and judgement put it in.</summary>
    public static BoardReportEffects Of(bool answered, EffectJudgement? judgement, int count) => (answered ? judgement : null) switch
    {
        EffectJudgement.Visible => new(count, 0, 0, 0, 0),
        EffectJudgement.PartlyVisible => new(0, count, 0, 0, 0),
        EffectJudgement.NotYetVisible => new(0, 0, count, 0, 0),
        EffectJudgement.CannotBeAssessed => new(0, 0, 0, count, 0),
        _ => new(0, 0, 0, 0, count),
    };

    public static BoardReportEffects operator +(BoardReportEffects a, BoardReportEffects b) => new(
        a.Visible + b.Visible, a.PartlyVisible + b.PartlyVisible, a.NotYetVisible + b.NotYetVisible,
        a.CannotBeAssessed + b.CannotBeAssessed, a.NotJudged + b.NotJudged);

    public static BoardReportEffects Sum(IEnumerable<BoardReportEffects> all) => all.Aggregate(None, (a, b) => a + b);
}

/// <summary>Counts for a goal (or the whole round): insatser by status, and all reports (insats and unit) by state.</summary>
public sealed record BoardReportSummary(
    int Initiatives, IReadOnlyDictionary<InitiativeStatus, int> ByStatus, int Reports, IReadOnlyDictionary<ReportState, int> ByState)
{
    /// <summary>The expected effects of the goal's insatser by judgement (see <see cref="BoardReportEffects"/>).</summary>
    public BoardReportEffects Effects { get; init; } = BoardReportEffects.None;

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
            Enum.GetValues<ReportState>().ToDictionary(s => s, s => states.Count(x => x == s)))
        {
            Effects = BoardReportEffects.Sum(initiatives.Select(i => i.Effects)),
        };
    }
}

/// <summary>A goal on the printable page's summary: its counts over the whole round and the page its insatser start on.</summary>
public sealed record BoardReportGoalSummary(
    BoardReportGoal Goal, BoardReportSummary Summary, int FirstPage, (int? SortOrder, string? Title, string? ShortName) Key);

/// <summary>One page of the printable underlag (see <see cref="BoardReportQueries.PageAsync"/>).</summary>
public sealed record BoardReportPage(
    BoardReport Report, IReadOnlyList<BoardReportGoalSummary> Goals, BoardReportSummary Total, IReadOnlyList<BoardReportGoal> PageGoals,
    int Page, int PageCount)
{
    public const int PageSize = 20;
    public const int UnitsShown = 20;
}
