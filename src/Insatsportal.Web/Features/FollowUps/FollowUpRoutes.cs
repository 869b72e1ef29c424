namespace Insatsportal.Web.Features.FollowUps;

/// <summary>The names of the follow-up pages' routes, so that views and redirects generate their links and a renamed
/// action breaks the build instead of a link (issue 14).</summary>
public static class FollowUpRoutes
{
    public const string Rounds = "Rounds.Index";
    public const string NewRound = "Rounds.Create";
    public const string Round = "Rounds.Details";
    public const string CloseRound = "Rounds.Close";
    public const string AddMissing = "Rounds.AddMissing";
    public const string Todo = "Todo.Index";
    public const string Report = "Reports.Details";
    public const string SaveReport = "Reports.Save";
    public const string ApproveReport = "Reports.Approve";
    public const string ReturnReport = "Reports.Return";
    public const string ReopenReport = "Reports.Reopen";
}
