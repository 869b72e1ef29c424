using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Groups;

public sealed record GroupItem(
    int Id, string Organisation, string Municipality, GroupKind Kind, string Name, string? Assignment,
    int? ReportsToId, string? ReportsTo);

/// <summary>Groups are the förvaltning's working organisation: every signed-in user may read them.</summary>
public sealed class GroupsController(AppDbContext db) : Controller
{
    [HttpGet("/grupper")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(await db.Groups.AsNoTracking()
            .Where(g => !g.IsArchived)
            .OrderBy(g => g.Organisation.Municipality).ThenBy(g => g.Kind).ThenBy(g => g.Name)
            .Select(g => new GroupItem(g.Id, g.Organisation.Name, g.Organisation.Municipality, g.Kind, g.Name,
                g.Assignment, g.ReportsToGroupId, g.ReportsTo == null ? null : g.ReportsTo.Name))
            .ToListAsync(ct));
}
