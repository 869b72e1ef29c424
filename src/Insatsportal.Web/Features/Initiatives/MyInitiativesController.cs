using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Initiatives;

/// <summary>Why an insats is on the user's own list; the page groups by it, in this order.</summary>
public enum MineReason
{
    YouAreResponsible,
    YourDepartmentIsResponsible,
    TargetsYourUnit,
}

public sealed record MyInitiativeGroup(MineReason Reason, IReadOnlyList<InitiativeRow> Rows)
{
    public string Heading => Reason switch
    {
        MineReason.YouAreResponsible => "Du är ansvarig",
        MineReason.YourDepartmentIsResponsible => "Din avdelning är ansvarig",
        MineReason.TargetsYourUnit => "Riktas till din enhet",
    };

    /// <summary>The section's id in the page, so that a heading can be linked to.</summary>
    public string Anchor => Reason switch
    {
        MineReason.YouAreResponsible => "du-ar-ansvarig",
        MineReason.YourDepartmentIsResponsible => "din-avdelning",
        MineReason.TargetsYourUnit => "din-enhet",
    };
}

public sealed record MyInitiatives(bool HasScope, IReadOnlyList<MyInitiativeGroup> Groups)
{
    public int Count => Groups.SelectMany(g => g.Rows).Select(r => r.Id).Distinct().Count();
}

/// <summary>
/// "Mina insatser": what the signed-in user answers for, by name or through a department, and (for a rektor)
/// what targets their units. Archived insatser are left out: this is a work list, not an archive.
/// </summary>
public sealed class MyInitiativesController(AppDbContext db) : Controller
{
    [HttpGet("/mina-insatser")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var user = User.Scope();
        var id = user.UserId;
        var departments = user.DepartmentIds.ToList();
        var units = user.UnitIds.ToList();

        // One query for the rows; the row carries its responsible entries' and units' ids, so the reasons are
        // worked out from it below instead of by a query per reason.
        var rows = await db.Initiatives.AsNoTracking()
            .Where(ReadAccess.Initiatives(user))
            .Where(i => !i.IsArchived)
            .Where(i => i.Responsible.Any(r => r.UserId == id || (r.DepartmentId != null && departments.Contains(r.DepartmentId.Value)))
                || i.TargetedUnits.Any(t => units.Contains(t.UnitId)))
            .OrderBy(i => i.Plan.Name)
            .ThenBy(i => i.Goal == null ? int.MaxValue : i.Goal.SortOrder).ThenBy(i => i.SortOrder).ThenBy(i => i.Id)
            .Select(InitiativeSearch.Row)
            .AsSingleQuery()
            .ToListAsync(ct);

        // An insats may be the user's for more than one reason; it is then listed under each, which says most.
        var groups = new[]
            {
                new MyInitiativeGroup(MineReason.YouAreResponsible,
                    rows.Where(r => r.Responsible.Any(x => x.UserId == id)).ToList()),
                new MyInitiativeGroup(MineReason.YourDepartmentIsResponsible,
                    rows.Where(r => r.Responsible.Any(x => x.DepartmentId is { } d && departments.Contains(d))).ToList()),
                new MyInitiativeGroup(MineReason.TargetsYourUnit,
                    rows.Where(r => r.TargetedUnits.Any(u => units.Contains(u.Id))).ToList()),
            }
            .Where(g => g.Rows.Count > 0)
            .ToList();
        return View("~/Features/Initiatives/Mine.cshtml",
            new MyInitiatives(departments.Count > 0 || units.Count > 0, groups));
    }
}
