using System.Globalization;
using System.Linq.Expressions;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
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

/// <summary>One reason's insatser: its count and one page of its rows (an avdelningschef's department may
/// answer for thousands, so every group is paged on its own).</summary>
public sealed record MyInitiativeGroup(MineReason Reason, IReadOnlyList<InitiativeRow> Rows, int Count = 0, int Page = 1)
{
    public string Heading => Reason switch
    {
        MineReason.YouAreResponsible => "Du är ansvarig",
        MineReason.YourDepartmentIsResponsible => "Din avdelning är ansvarig",
        MineReason.TargetsYourUnit => "Riktas till din enhet",
    };

    /// <summary>The section's id in the page, so that a heading can be linked to; also the URL value of
    /// <c>grupp</c>, which says which group <c>sida</c> pages.</summary>
    public string Anchor => Reason switch
    {
        MineReason.YouAreResponsible => "du-ar-ansvarig",
        MineReason.YourDepartmentIsResponsible => "din-avdelning",
        MineReason.TargetsYourUnit => "din-enhet",
    };

    public int PageCount => Math.Max(1, (Count + MyInitiatives.PageSize - 1) / MyInitiatives.PageSize);

    /// <summary>A page of this group on <paramref name="path"/> (Mina insatser's, generated from its route).</summary>
    public string Link(string path, int page) =>
        $"{path}?grupp={Anchor}" + (page > 1 ? "&sida=" + page.ToString(CultureInfo.InvariantCulture) : "") + "#" + Anchor;
}

public sealed record MyInitiatives(bool HasScope, IReadOnlyList<MyInitiativeGroup> Groups, int Count)
{
    public const int PageSize = 25;
}

/// <summary>
/// "Mina insatser": what the signed-in user answers for, by name or through a department, and (for a rektor)
/// what targets their units. Archived insatser are left out: this is a work list, not an archive.
/// </summary>
public sealed class MyInitiativesController(AppDbContext db, InitiativeSearch search) : Controller
{
    [HttpGet("/mina-insatser", Name = InitiativeRoutes.Mine)]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var user = User.Scope();
        var id = user.UserId;
        var departments = user.DepartmentIds.ToList();
        var units = user.UnitIds.ToList();

        // A bad value in a link gives the first page, never an error.
        var chosen = Request.Query["grupp"].ToString();
        var page = int.TryParse(Request.Query["sida"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;

        var mine = db.Initiatives.AsNoTracking()
            .Where(ReadAccess.Initiatives(user))
            .Where(i => !i.IsArchived);
        // Each reason as "Id IN (…)", read once by its index (responsible user, department, unit), rather than an
        // EXISTS probed for every readable insats: at Stockholm scale 5 000 probes, 4 ms against 1–2 per statement.
        var ofUser = db.ResponsibleEntries.Where(r => r.UserId == id).Select(r => r.InitiativeId);
        var ofDepartments = db.ResponsibleEntries
            .Where(r => r.DepartmentId != null && departments.Contains(r.DepartmentId.Value)).Select(r => r.InitiativeId);
        var targetingUnits = db.InitiativeUnits.Where(t => units.Contains(t.UnitId)).Select(t => t.InitiativeId);
        var reasons = new (MineReason Reason, Expression<Func<Initiative, bool>> Test)[]
        {
            (MineReason.YouAreResponsible, i => ofUser.Contains(i.Id)),
            (MineReason.YourDepartmentIsResponsible, i => ofDepartments.Contains(i.Id)),
            (MineReason.TargetsYourUnit, i => targetingUnits.Contains(i.Id)),
        };

        // The counts in one statement: the total (an insats mine for several reasons counts once) and per reason.
        var counts = await mine
            .Where(i => ofUser.Contains(i.Id) || ofDepartments.Contains(i.Id) || targetingUnits.Contains(i.Id))
            .GroupBy(i => 1)
            .Select(g => new
            {
                All = g.Count(),
                You = g.Count(i => ofUser.Contains(i.Id)),
                Department = g.Count(i => ofDepartments.Contains(i.Id)),
                Unit = g.Count(i => targetingUnits.Contains(i.Id)),
            })
            .SingleOrDefaultAsync(ct);
        int CountOf(MineReason reason) => counts is null ? 0 : reason switch
        {
            MineReason.YouAreResponsible => counts.You,
            MineReason.YourDepartmentIsResponsible => counts.Department,
            _ => counts.Unit,
        };

        // One page per group that has rows (a statement each, at most three), then the responsible entries and
        // units of all those rows in two statements. An insats that is the user's for several reasons is listed
        // under each, which says most.
        var groups = new List<(MineReason Reason, int Count, int Page, IQueryable<Initiative> Rows)>();
        Expression<Func<Initiative, int>>? planOrder = null;
        foreach (var (reason, test) in reasons)
        {
            var count = CountOf(reason);
            if (count == 0)
            {
                continue;
            }
            var pageCount = Math.Max(1, (count + MyInitiatives.PageSize - 1) / MyInitiatives.PageSize);
            var groupPage = new MyInitiativeGroup(reason, []).Anchor == chosen ? Math.Min(page, pageCount) : 1;
            planOrder ??= await search.PlanOrderAsync(ct);
            groups.Add((reason, count, groupPage, InitiativeSearch.InPlanOrder(mine.Where(test), planOrder)
                .Skip((groupPage - 1) * MyInitiatives.PageSize).Take(MyInitiatives.PageSize)));
        }
        var rows = await search.RowsAsync(groups.Select(g => g.Rows).ToList(), units, ct);

        return View("~/Features/Initiatives/Mine.cshtml", new MyInitiatives(
            departments.Count > 0 || units.Count > 0,
            groups.Select((g, index) => new MyInitiativeGroup(g.Reason, rows[index], g.Count, g.Page)).ToList(),
            counts?.All ?? 0));
    }
}
