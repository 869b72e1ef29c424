using Insatsportal.Web.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Insatsportal.Web.Features.Initiatives;

public sealed class InitiativesController(InitiativeQueries queries) : Controller
{
    /// <summary>The search's parameters are read from the query string by <see cref="InitiativeSearchQuery.Parse"/>,
    /// not bound, so that a bad value in a shared link is a Swedish note rather than an error.</summary>
    [HttpGet("/insatser")]
    public async Task<IActionResult> Index([FromServices] InitiativeSearch search, CancellationToken ct) =>
        View(await search.SearchAsync(InitiativeSearchQuery.Parse(Request.Query), User.Scope(), ct));

    [HttpGet("/insatser/{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken ct) =>
        await queries.GetAsync(id, User.Scope(), ct) is { } initiative ? View(initiative) : NotFound();
}
