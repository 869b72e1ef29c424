using Insatsportal.Web.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Insatsportal.Web.Features.FollowUps;

public sealed class TodoController(FollowUpQueries queries) : Controller
{
    [HttpGet("/att-gora")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await queries.TodoAsync(User.Scope(), ct));
}

/// <summary>The count of reports to write, in the navigation on every page.</summary>
public sealed class TodoCountViewComponent(FollowUpQueries queries) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync() =>
        Content((await queries.OpenTodoCountAsync(UserClaimsPrincipal.Scope(), HttpContext.RequestAborted))
            .ToString(System.Globalization.CultureInfo.InvariantCulture));
}
