namespace Insatsportal.Web.Features.Groups;

/// <summary>The names of the group pages' routes: views and redirects generate their links from these, so a renamed
/// route or action breaks the build or a test instead of a page (docs/adr/0005-routes-and-view-models.md).</summary>
public static class GroupRoutes
{
    public const string Index = "Groups.Index";
    public const string Create = "Groups.Create";
    public const string Edit = "Groups.Edit";
    public const string Archive = "Groups.Archive";
    public const string Restore = "Groups.Restore";
}
