namespace Insatsportal.Web.Features.Dashboard;

/// <summary>The names of the overview pages' routes: views and redirects generate their links from these, so a renamed
/// route or action breaks the build or a test instead of a page (docs/adr/0005-routes-and-view-models.md).</summary>
public static class DashboardRoutes
{
    public const string Index = "Dashboard.Index";
    public const string SinceLast = "Dashboard.SinceLast";
    public const string Initiatives = "Dashboard.Initiatives";
    public const string Reports = "Dashboard.Reports";
    public const string Indicators = "Dashboard.Indicators";
}
