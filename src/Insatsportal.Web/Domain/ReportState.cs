namespace Insatsportal.Web.Domain;

/// <summary>A report's state as users see it: its status, or overdue when the deadline has passed before it
/// was submitted.</summary>
public enum ReportState
{
    NotStarted,
    Draft,
    Submitted,
    Returned,
    Approved,
    Overdue,
}

public static class ReportStates
{
    public static ReportState Of(ReportStatus status, DateOnly deadline, DateOnly today) =>
        status is ReportStatus.NotStarted or ReportStatus.Draft or ReportStatus.Returned && today > deadline
            ? ReportState.Overdue
            : status switch
            {
                ReportStatus.NotStarted => ReportState.NotStarted,
                ReportStatus.Draft => ReportState.Draft,
                ReportStatus.Submitted => ReportState.Submitted,
                ReportStatus.Returned => ReportState.Returned,
                ReportStatus.Approved => ReportState.Approved,
            };

    /// <summary>Today in Sweden: deadlines are dates in Swedish time.</summary>
    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm")));
}
