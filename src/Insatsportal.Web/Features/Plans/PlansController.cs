using Insatsportal.Web.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Insatsportal.Web.Features.Plans;

public sealed class PlansController(PlanQueries queries) : Controller
{
    [HttpGet("/planer")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await queries.ListAsync(User.Scope(), ct));

    [HttpGet("/planer/{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken ct) =>
        await queries.GetAsync(id, User.Scope(), ct) is { } plan ? View(plan) : NotFound();
}
