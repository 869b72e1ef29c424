using Insatsportal.Web.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Insatsportal.Web.Features.Initiatives;

public sealed class InitiativesController(InitiativeQueries queries) : Controller
{
    [HttpGet("/insatser")]
    public async Task<IActionResult> Index(string? q, int? plan, int sida = 1, CancellationToken ct = default) =>
        View(await queries.ListAsync(new InitiativeListQuery(q, plan, sida), User.Scope(), ct));

    [HttpGet("/insatser/{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken ct) =>
        await queries.GetAsync(id, User.Scope(), ct) is { } initiative ? View(initiative) : NotFound();
}
