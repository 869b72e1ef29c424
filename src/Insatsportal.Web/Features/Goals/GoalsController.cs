using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Goals;

public sealed record GoalDetails(
    int Id, string Title, string? ShortName, string? Description, int PlanId, string PlanName,
    string? SteeringGroup, string? SteeringGroupAssignment, IReadOnlyList<GoalInitiative> Initiatives);

public sealed record GoalInitiative(int Id, string Title, InitiativeStatus Status, IReadOnlyList<string> Responsible);

public sealed class GoalsController(AppDbContext db) : Controller
{
    [HttpGet("/mal/{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken ct)
    {
        var planFilter = ReadAccess.Plans(User.Scope());
        var goal = await db.Goals.AsNoTracking()
            .Where(g => g.Id == id && !g.IsArchived)
            .Where(g => db.Plans.Where(planFilter).Any(p => p.Id == g.PlanId))
            .Select(g => new GoalDetails(
                g.Id, g.Title, g.ShortName, g.Description, g.PlanId, g.Plan.Name,
                g.SteeringGroup == null ? null : g.SteeringGroup.Name,
                g.SteeringGroup == null ? null : g.SteeringGroup.Assignment,
                g.Initiatives.Where(i => !i.IsArchived).OrderBy(i => i.SortOrder)
                    .Select(i => new GoalInitiative(i.Id, i.Title, i.Status,
                        i.Responsible.OrderBy(r => r.SortOrder).Select(r => r.RoleTitle).ToList()))
                    .ToList()))
            .SingleOrDefaultAsync(ct);
        return goal is null ? NotFound() : View(goal);
    }
}
