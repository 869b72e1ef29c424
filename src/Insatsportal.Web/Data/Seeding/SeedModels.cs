using Insatsportal.Web.Domain;

namespace Insatsportal.Web.Data.Seeding;

// The shapes of the JSON files in seeds/ (documented in seeds/README.md).

public sealed record OrganisationSeed(
    string Key, string Name, string Municipality, string? Board,
    List<KeyedNameSeed>? Departments, List<SchoolAreaSeed>? SchoolAreas, List<UnitSeed>? Units,
    List<GroupSeed>? Groups, List<PartnerSeed>? Partners);

public sealed record KeyedNameSeed(string Key, string Name);

public sealed record SchoolAreaSeed(string Key, string Name, string? Department);

public sealed record UnitSeed(
    string Key, string Name, UnitType Type, string? SchoolUnitCode, string? Department, string? SchoolArea);

public sealed record GroupSeed(string Key, GroupKind Kind, string Name, string? Assignment, string? ReportsTo);

public sealed record PartnerSeed(string Key, string Name, PartnerKind Kind);

public sealed record PlanSeed(
    string Key, string Organisation, string Name, PlanKind Kind, DateOnly PeriodStart, DateOnly PeriodEnd,
    PlanStatus Status, string? AdoptedBy, DateOnly? AdoptedOn, string? Description, string? Source,
    List<FollowUpOccasionSeed>? FollowUpOccasions, List<ThemeSeed>? Themes, List<GoalSeed>? Goals,
    List<InitiativeSeed>? Initiatives);

public sealed record FollowUpOccasionSeed(FollowUpOccasionKind Kind, string Name, string? Timing);

public sealed record ThemeSeed(string Key, ThemeKind Kind, string? Code, string Name);

public sealed record GoalSeed(string Key, string Title, string? ShortName, string? Description, string? SteeringGroup);

public sealed record InitiativeSeed(
    string Key, string? Goal, string? Number, string Title, List<string>? AlternativeTitles,
    string? Background, string? Purpose, string? Objective, string? TargetGroup, string? Content,
    InitiativeStatus Status, DateOnly? Start, DateOnly? End, string? Origin,
    bool? HasAssignmentDescription, string? AssignmentDescriptionLocation,
    List<string>? Themes, List<string>? Partners, List<string>? TargetedUnits,
    List<ResponsibleSeed>? Responsible, List<ActivitySeed>? Activities, List<FollowUpSeed>? FollowUps,
    List<EffectSeed>? Effects, List<ResourceSeed>? Resources, List<NoteSeed>? Notes);

public sealed record ResponsibleSeed(string RoleTitle, string? Department, string? Group, string? Parts);

public sealed record ActivitySeed(int Number, string Text, string? Timing);

public sealed record FollowUpSeed(string? RefersTo, string Method, string? Timing);

public sealed record EffectSeed(string? RefersTo, string Text, IndicatorSeed? Indicator);

public sealed record IndicatorSeed(string Name, string? Unit, decimal? Baseline, decimal? Target);

public sealed record ResourceSeed(string? RefersTo, string Text, long? AmountKronor, int? Hours);

public sealed record NoteSeed(DateOnly Date, string Title, string Text);

public sealed record DemoUnitsSeed(
    string Organisation, List<KeyedNameSeed>? Departments, List<SchoolAreaSeed>? SchoolAreas, List<UnitSeed> Units);

public sealed record DemoUserSeed(
    string Email, string DisplayName, string? Title, string Role, string Organisation,
    List<string>? Departments, List<string>? Units);

public sealed record DemoTargetingSeed(string Plan, string Initiative, List<string> Units);

public sealed record DemoRoundsSeed(
    string Plan, DemoPersonSeed DefaultWriter, Dictionary<string, DemoPersonSeed>? UnitWriters,
    Dictionary<string, DemoPersonSeed>? InitiativeWriters, DemoPersonSeed DefaultReviewer,
    Dictionary<string, DemoPersonSeed>? Reviewers, List<DemoRoundSeed> Rounds);

/// <summary>Someone who writes or reviews demo reports: a demo account (by e-mail) or an invented name.</summary>
public sealed record DemoPersonSeed(string Name, string? Email);

public sealed record DemoRoundSeed(
    string Name, FollowUpOccasionKind Kind, RoundStatus Status, string? Instructions,
    DateOnly? OpensOn, DateOnly? Deadline, int? OpensDaysAgo, int? DeadlineInDays,
    List<DemoReportSeed> Reports);

public sealed record DemoReportSeed(
    string Initiative, string? Unit, ReportStatus Status,
    ImplementationStatus? Implementation, string? ImplementationComment,
    List<DemoActivityAnswerSeed>? Activities, List<DemoEffectAnswerSeed>? Effects,
    string? OverallAssessment, string? NextSteps, string? Risks, string? ReturnComment);

public sealed record DemoActivityAnswerSeed(ImplementationStatus? Status, string? Comment);

public sealed record DemoEffectAnswerSeed(
    EffectJudgement? Judgement, EvidenceType? EvidenceType, string? Evidence, decimal? MeasuredValue);
