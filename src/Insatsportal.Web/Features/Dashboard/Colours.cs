using Insatsportal.Web.Domain;

namespace Insatsportal.Web.Features.Dashboard;

/// <summary>Chart fills, the colours of the status badges in site.css (AA contrast with white text); every
/// chart also writes its labels and values as text.</summary>
public static class Colours
{
    public static string Of(InitiativeStatus status) => status switch
    {
        InitiativeStatus.Planned => "#35506b",
        InitiativeStatus.Ongoing => "#0b57a4",
        InitiativeStatus.Completed => "#1d6b35",
        InitiativeStatus.Paused => "#8a4b00",
        InitiativeStatus.Cancelled => "#a4161a",
    };

    public static string Of(ReportState state) => state switch
    {
        ReportState.NotStarted => "#4a4a4a",
        ReportState.Draft => "#0b57a4",
        ReportState.Submitted => "#5a3e9b",
        ReportState.Returned => "#8a4b00",
        ReportState.Approved => "#1d6b35",
        ReportState.Overdue => "#a4161a",
    };

    public static string Of(ImplementationCategory category) => category switch
    {
        ImplementationCategory.DoneEffectVisible => "#1d6b35",
        ImplementationCategory.DoneEffectPartlyVisible => "#2f6f45",
        ImplementationCategory.DoneEffectNotYetVisible => "#4d6b56",
        ImplementationCategory.OnTrack => "#0b57a4",
        ImplementationCategory.Delayed => "#a4161a",
        ImplementationCategory.NotStarted => "#4a4a4a",
        ImplementationCategory.Cancelled => "#8a4b00",
        ImplementationCategory.NotReported => "#5c5c5c",
    };
}
