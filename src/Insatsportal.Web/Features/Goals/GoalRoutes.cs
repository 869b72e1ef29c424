namespace Insatsportal.Web.Features.Goals;

/// <summary>The names of the goal pages' routes: views and redirects generate their links from these, so a renamed
/// route or action breaks the build or a test instead of a page (docs/adr/0005-routes-and-view-models.md).</summary>
public static class GoalRoutes
{
    public const string Details = "Goals.Details";
    public const string Create = "Goals.Create";
    public const string Edit = "Goals.Edit";
    public const string Archive = "Goals.Archive";
    public const string Restore = "Goals.Restore";
}
