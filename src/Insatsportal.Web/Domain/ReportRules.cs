namespace Insatsportal.Web.Domain;

/// <summary>Who makes a report transition: its writer (the rektor for a unit, the responsible department's official or
/// avdelningschef, the förvaltningschef for insats-level reports), a reviewer (the responsible avdelningschef or the
/// förvaltningschef) or the förvaltningschef alone. Which user is which is authorization's (<c>Operations.Write</c>,
/// <c>Review</c>, <c>Reopen</c>); what each may do to a report in a given state is here.</summary>
public enum ReportActor
{
    Writer,
    Reviewer,
    DirectorOfEducation,
}

/// <summary>
/// A follow-up report's life: not started → draft → submitted → approved, or submitted → returned → submitted again;
/// a report is frozen when its round closes unless the förvaltningschef opens it again, once, back to draft. Four eyes:
/// whoever wrote or submitted a report does not approve it.
/// </summary>
public static class ReportRules
{
    /// <summary>Every transition there is, and who makes it. Saving a draft again (draft → draft, returned → returned)
    /// is not a transition.</summary>
    public static readonly IReadOnlyList<(ReportStatus From, ReportStatus To, ReportActor By)> Transitions =
    [
        (ReportStatus.NotStarted, ReportStatus.Draft, ReportActor.Writer),
        (ReportStatus.NotStarted, ReportStatus.Submitted, ReportActor.Writer),
        (ReportStatus.Draft, ReportStatus.Submitted, ReportActor.Writer),
        (ReportStatus.Returned, ReportStatus.Submitted, ReportActor.Writer),
        (ReportStatus.Submitted, ReportStatus.Approved, ReportActor.Reviewer),
        (ReportStatus.Submitted, ReportStatus.Returned, ReportActor.Reviewer),
        .. Enum.GetValues<ReportStatus>().Select(from => (from, ReportStatus.Draft, ReportActor.DirectorOfEducation)),
    ];

    public static bool Exists(ReportStatus from, ReportStatus to, ReportActor by) => Transitions.Contains((from, to, by));

    /// <summary>The writer may change the answers: before submitting, or after a return, in an open round or one opened
    /// again for this report.</summary>
    public static bool IsEditable(ReportStatus status, RoundStatus round, bool reopened) =>
        status is ReportStatus.NotStarted or ReportStatus.Draft or ReportStatus.Returned && (round == RoundStatus.Open || reopened);

    /// <summary>The status a save leaves: submitted, or still returned (the reviewer's comment stays until the next
    /// submit), or a draft.</summary>
    public static ReportStatus AfterSave(ReportStatus status, bool submit) =>
        submit ? ReportStatus.Submitted : status == ReportStatus.Returned ? ReportStatus.Returned : ReportStatus.Draft;

    /// <summary>Only a submitted report in a live round (or one reopened after its round closed) is reviewed.</summary>
    public static bool AwaitsReview(ReportStatus status, RoundStatus round, bool reopened) =>
        status == ReportStatus.Submitted && (round == RoundStatus.Open || reopened);

    /// <summary>A report of a closed round can be opened again once.</summary>
    public static bool MayReopen(RoundStatus round, bool reopened) => round == RoundStatus.Closed && !reopened;

    /// <summary>Four eyes: whoever wrote the report (saved or submitted it) may not approve it.</summary>
    public static bool IsOwnWork(string userId, string? submittedBy, IEnumerable<string?> authors) =>
        userId == submittedBy || authors.Contains(userId);
}
