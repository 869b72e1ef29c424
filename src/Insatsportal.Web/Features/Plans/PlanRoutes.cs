namespace Insatsportal.Web.Features.Plans;

/// <summary>The names of the plan pages' routes: views and redirects generate their links from these, so a renamed
/// route or action breaks the build or a test instead of a page (docs/adr/0005-routes-and-view-models.md).</summary>
public static class PlanRoutes
{
    public const string Index = "Plans.Index";
    public const string Details = "Plans.Details";
    public const string Create = "Plans.Create";
    public const string Edit = "Plans.Edit";
    public const string Archive = "Plans.Archive";
    public const string Restore = "Plans.Restore";
    public const string CarryOver = "Plans.CarryOver";
}
