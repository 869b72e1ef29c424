namespace Insatsportal.Web.Features.Kolada;

/// <summary>The names of the Kolada pages' routes: views and redirects generate their links from these, so a renamed
/// route or action breaks the build or a test instead of a page (docs/adr/0005-routes-and-view-models.md).</summary>
public static class KoladaRoutes
{
    public const string Index = "Kolada.Index";
    public const string SetMunicipality = "Kolada.SetMunicipality";
    public const string Fetch = "Kolada.Fetch";
    public const string Catalogue = "Kolada.Catalogue";
    public const string Upload = "Kolada.Upload";
    public const string LinkGoal = "Kolada.LinkGoal";
    public const string LinkEffect = "Kolada.LinkEffect";
    public const string Unlink = "Kolada.Unlink";
}
