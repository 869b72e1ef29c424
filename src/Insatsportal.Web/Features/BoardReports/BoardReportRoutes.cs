namespace Insatsportal.Web.Features.BoardReports;

/// <summary>The names of the nämndunderlag pages' routes: views and redirects generate their links from these, so a renamed
/// route or action breaks the build or a test instead of a page (docs/adr/0005-routes-and-view-models.md).</summary>
public static class BoardReportRoutes
{
    public const string Show = "BoardReports.Show";
    public const string Word = "BoardReports.Word";
    public const string Excel = "BoardReports.Excel";
}
