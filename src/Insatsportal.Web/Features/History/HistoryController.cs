using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.History;

public sealed record HistoryItem(DateTime At, string UserName, ChangeAction Action, string? Field, string? OldValue, string? NewValue);

public sealed record HistoryPage(string Title, string BackUrl, IReadOnlyList<HistoryItem> Items);

/// <summary>The "Historik" view of a plan, goal, group or insats. Read-only: there is no way to edit history.</summary>
public sealed class HistoryController(AppDbContext db) : Controller
{
    [HttpGet("/insatser/{id:int}/historik", Name = HistoryRoutes.Initiative)]
    public async Task<IActionResult> Initiative(int id, CancellationToken ct)
    {
        var title = await db.Initiatives.AsNoTracking().Where(i => i.Id == id).Where(ReadAccess.Initiatives(User.Scope()))
            .Select(i => i.Title).SingleOrDefaultAsync(ct);
        return title is null ? NotFound() : await Show(HistoryEntityTypes.Initiative, id, title, Url.RouteUrl(Initiatives.InitiativeRoutes.Details, new { id })!, ct);
    }

    [HttpGet("/planer/{id:int}/historik", Name = HistoryRoutes.Plan)]
    public async Task<IActionResult> Plan(int id, CancellationToken ct)
    {
        var title = await db.Plans.AsNoTracking().Where(p => p.Id == id).Where(ReadAccess.Plans(User.Scope()))
            .Select(p => p.Name).SingleOrDefaultAsync(ct);
        return title is null ? NotFound() : await Show(HistoryEntityTypes.Plan, id, title, Url.RouteUrl(Plans.PlanRoutes.Details, new { id })!, ct);
    }

    [HttpGet("/mal/{id:int}/historik", Name = HistoryRoutes.Goal)]
    public async Task<IActionResult> Goal(int id, CancellationToken ct)
    {
        var plans = db.Plans.Where(ReadAccess.Plans(User.Scope()));
        var title = await db.Goals.AsNoTracking().Where(g => g.Id == id && plans.Any(p => p.Id == g.PlanId))
            .Select(g => g.Title).SingleOrDefaultAsync(ct);
        return title is null ? NotFound() : await Show(HistoryEntityTypes.Goal, id, title, Url.RouteUrl(Goals.GoalRoutes.Details, new { id })!, ct);
    }

    [HttpGet("/grupper/{id:int}/historik", Name = HistoryRoutes.Group)]
    public async Task<IActionResult> Group(int id, CancellationToken ct)
    {
        var title = await db.Groups.AsNoTracking().Where(g => g.Id == id).Select(g => g.Name).SingleOrDefaultAsync(ct);
        return title is null ? NotFound() : await Show(HistoryEntityTypes.Group, id, title, Url.RouteUrl(Groups.GroupRoutes.Index) + $"#grupp-{id}", ct);
    }

    private async Task<ViewResult> Show(string type, int id, string title, string backUrl, CancellationToken ct)
    {
        var items = await db.ChangeLog.AsNoTracking()
            .Where(c => c.EntityType == type && c.EntityId == id)
            .OrderByDescending(c => c.At).ThenByDescending(c => c.Id)
            .Select(c => new HistoryItem(c.At, c.UserName, c.Action, c.Field, c.OldValue, c.NewValue))
            .ToListAsync(ct);
        return View("History", new HistoryPage(title, backUrl, items));
    }
}
