using Insatsportal.Web.Domain;

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
    /// <summary>The user may add missing insatser to the round and close it.</summary>
    public bool MayLead { get; init; }
    public bool MayTakeBoardReport { get; init; }
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
