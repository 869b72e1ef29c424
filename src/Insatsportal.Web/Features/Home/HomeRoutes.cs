namespace Insatsportal.Web.Features.Home;

/// <summary>The name of the start page's route (issue 14: links are generated from the routes).</summary>
public static class HomeRoutes
{
    public const string Index = "Home.Index";
}
