using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Features.FollowUps;
using Insatsportal.Web.Features.Plans;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Home;

public sealed record StartPage(
    string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Departments, IReadOnlyList<string> Units,
    StartTodo Todo, IReadOnlyList<PlanListItem> Plans);

/// <summary>The start page: what the user must do first (Att göra, or for leadership what waits for their review and
/// the next deadline), then the plans.</summary>
public sealed class HomeController(AppDbContext db, PlanQueries plans, FollowUpQueries followUps) : Controller
{
    [HttpGet("/", Name = HomeRoutes.Index)]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var user = User.Scope();
        var departmentIds = user.DepartmentIds.ToList();
        var unitIds = user.UnitIds.ToList();
        var departments = await db.Departments.AsNoTracking().Where(d => departmentIds.Contains(d.Id))
            .OrderBy(d => d.Name).Select(d => d.Name).ToListAsync(ct);
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id))
            .OrderBy(u => u.Name).Select(u => u.Name).ToListAsync(ct);
        return View(new StartPage(user.DisplayName, user.Roles.Order().ToList(), departments, units,
            await followUps.StartAsync(user, ct), await plans.ListAsync(user, includeArchived: false, ct)));
    }
}
