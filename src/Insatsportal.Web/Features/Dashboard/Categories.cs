using System.Linq.Expressions;
using Insatsportal.Web.Domain;

namespace Insatsportal.Web.Features.Dashboard;

/// <summary>
/// The report states of the overview's follow-up figures, as SQL filters. The figure and the list behind it use
/// the same expression, so they cannot disagree. "Saknas" is every report not yet in (not started, draft or
/// returned, overdue or not).
/// </summary>
public static class ReportStateFilters
{
    public const string Missing = "saknas";

    public static readonly IReadOnlyList<(string Value, ReportState State)> Values =
    [
        ("ej-paborjad", ReportState.NotStarted),
        ("utkast", ReportState.Draft),
        ("inskickad", ReportState.Submitted),
        ("godkand", ReportState.Approved),
        ("atersand", ReportState.Returned),
        ("forsenad", ReportState.Overdue),
    ];

    public static string Value(ReportState state) => Values.First(v => v.State == state).Value;

    public static Expression<Func<FollowUpReport, bool>> IsMissing =>
        r => r.Status == ReportStatus.NotStarted || r.Status == ReportStatus.Draft || r.Status == ReportStatus.Returned;

    /// <summary>Overdue is derived: the round's deadline has passed before the report was submitted
    /// (<see cref="ReportStates.Of"/>); for one round that is a constant.</summary>
    public static Expression<Func<FollowUpReport, bool>> In(ReportState state, bool deadlinePassed) => state switch
    {
        ReportState.NotStarted => r => !deadlinePassed && r.Status == ReportStatus.NotStarted,
        ReportState.Draft => r => !deadlinePassed && r.Status == ReportStatus.Draft,
        ReportState.Returned => r => !deadlinePassed && r.Status == ReportStatus.Returned,
        ReportState.Submitted => r => r.Status == ReportStatus.Submitted,
        ReportState.Approved => r => r.Status == ReportStatus.Approved,
        ReportState.Overdue => r => deadlinePassed
            && (r.Status == ReportStatus.NotStarted || r.Status == ReportStatus.Draft || r.Status == ReportStatus.Returned),
    };
}

/// <summary>Genomförande against effekt, from the round's reports for each insats as a whole.</summary>
public enum ImplementationCategory
{
    DoneEffectVisible,
    DoneEffectPartlyVisible,
    DoneEffectNotYetVisible,
    OnTrack,
    Delayed,
    NotStarted,
    Cancelled,
    NotReported,
}

public static class ImplementationCategories
{
    public static readonly IReadOnlyList<(string Value, ImplementationCategory Category, string Name)> Values =
    [
        ("genomford-effekt-synlig", ImplementationCategory.DoneEffectVisible, "Genomförd, effekt synlig"),
        ("genomford-effekt-delvis", ImplementationCategory.DoneEffectPartlyVisible, "Genomförd, effekt delvis synlig"),
        ("genomford-effekt-ej-synlig", ImplementationCategory.DoneEffectNotYetVisible, "Genomförd, effekt ännu inte synlig"),
        ("enligt-plan", ImplementationCategory.OnTrack, "Pågår enligt plan"),
        ("forsenad", ImplementationCategory.Delayed, "Försenad"),
        ("ej-paborjad", ImplementationCategory.NotStarted, "Ej påbörjad"),
        ("installd", ImplementationCategory.Cancelled, "Inställd"),
        ("ej-rapporterad", ImplementationCategory.NotReported, "Ännu inte rapporterad"),
    ];

    public static string Value(ImplementationCategory c) => Values.First(v => v.Category == c).Value;

    public static string Name(ImplementationCategory c) => Values.First(v => v.Category == c).Name;

    /// <summary>Only a submitted or approved report counts as a judgement; drafts are still being written.</summary>
    public static Expression<Func<FollowUpReport, bool>> Of(ImplementationCategory category) => category switch
    {
        ImplementationCategory.DoneEffectVisible => r => (r.Status == ReportStatus.Submitted || r.Status == ReportStatus.Approved)
            && r.Implementation == ImplementationStatus.Done && r.Effects.Any(e => e.Judgement == EffectJudgement.Visible),
        ImplementationCategory.DoneEffectPartlyVisible => r => (r.Status == ReportStatus.Submitted || r.Status == ReportStatus.Approved)
            && r.Implementation == ImplementationStatus.Done && !r.Effects.Any(e => e.Judgement == EffectJudgement.Visible)
            && r.Effects.Any(e => e.Judgement == EffectJudgement.PartlyVisible),
        ImplementationCategory.DoneEffectNotYetVisible => r => (r.Status == ReportStatus.Submitted || r.Status == ReportStatus.Approved)
            && r.Implementation == ImplementationStatus.Done
            && !r.Effects.Any(e => e.Judgement == EffectJudgement.Visible || e.Judgement == EffectJudgement.PartlyVisible),
        ImplementationCategory.OnTrack => Reported(ImplementationStatus.OnTrack),
        ImplementationCategory.Delayed => Reported(ImplementationStatus.Delayed),
        ImplementationCategory.NotStarted => Reported(ImplementationStatus.NotStarted),
        ImplementationCategory.Cancelled => Reported(ImplementationStatus.Cancelled),
        ImplementationCategory.NotReported => r => !((r.Status == ReportStatus.Submitted || r.Status == ReportStatus.Approved) && r.Implementation != null),
    };

    private static Expression<Func<FollowUpReport, bool>> Reported(ImplementationStatus status) =>
        r => (r.Status == ReportStatus.Submitted || r.Status == ReportStatus.Approved) && r.Implementation == status;
}
