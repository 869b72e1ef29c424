using Insatsportal.Web.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Insatsportal.Web.Features.FollowUps;

public sealed class TodoController(FollowUpQueries queries) : Controller
{
    /// <summary>Att göra, the review list paged with <c>sida</c> (leadership's long list), the write list with
    /// <c>lamna-sida</c>. A value that is not a page gives page 1.</summary>
    [HttpGet("/att-gora", Name = FollowUpRoutes.Todo)]
    public async Task<IActionResult> Index([FromQuery(Name = "sida")] string? page, [FromQuery(Name = "lamna-sida")] string? writePage, CancellationToken ct) =>
        View(await queries.TodoAsync(User.Scope(), PageNumber(page), PageNumber(writePage), ct));

    private static int PageNumber(string? raw) =>
        int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
}

/// <summary>The count of reports to write, in the navigation on every page.</summary>
public sealed class TodoCountViewComponent(FollowUpQueries queries, ReportCounts counts, Data.CurrentDataVersion version) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var user = UserClaimsPrincipal.Scope();
        var count = await counts.GetAsync("att-gora", user, await version.GetAsync(HttpContext.RequestAborted), () => queries.OpenTodoCountAsync(user, HttpContext.RequestAborted));
        return Content(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
