namespace Insatsportal.Web.Features.History;

/// <summary>The names of the history pages' routes, for the pages that link to them (issue 14).</summary>
public static class HistoryRoutes
{
    public const string Initiative = "History.Initiative";
    public const string Plan = "History.Plan";
    public const string Goal = "History.Goal";
    public const string Group = "History.Group";
}
