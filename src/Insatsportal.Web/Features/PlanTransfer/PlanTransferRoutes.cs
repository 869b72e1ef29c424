namespace Insatsportal.Web.Features.PlanTransfer;

/// <summary>The names of the plan export and import pages' routes: views and redirects generate their links from these, so a renamed
/// route or action breaks the build or a test instead of a page (docs/adr/0005-routes-and-view-models.md).</summary>
public static class PlanTransferRoutes
{
    public const string Export = "PlanTransfer.Export";
    public const string Import = "PlanTransfer.Import";
    public const string Confirm = "PlanTransfer.Confirm";
    public const string Status = "PlanTransfer.Status";
}
