namespace Insatsportal.Web.Features.Initiatives;

/// <summary>The names of the insats pages' routes: views and redirects generate their links from these, so a renamed
/// route or action breaks the build or a test instead of a page (docs/adr/0005-routes-and-view-models.md).</summary>
public static class InitiativeRoutes
{
    public const string Index = "Initiatives.Index";
    public const string Details = "Initiatives.Details";
    public const string Create = "Initiatives.Create";
    public const string Edit = "Initiatives.Edit";
    public const string Archive = "Initiatives.Archive";
    public const string Restore = "Initiatives.Restore";
    public const string Copy = "Initiatives.Copy";
    public const string Mine = "MyInitiatives.Index";
}
