using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.History;
using Insatsportal.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Groups;

public sealed record GroupItem(
    int Id, int OrganisationId, string Organisation, string Municipality, GroupKind Kind, string Name, string? Assignment,
    int? ReportsToId, string? ReportsTo, bool IsArchived, string? ArchivedReason);

public sealed record GroupListPage(
    IReadOnlyList<GroupItem> Groups, bool ShowArchived, bool CanCreate, IReadOnlySet<int> EditableOrganisations,
    IReadOnlySet<int> ArchivableOrganisations);

/// <summary>Groups are the förvaltning's working organisation: every signed-in user may read them; planners
/// of the förvaltning create and edit them, the förvaltningschef archives them (docs/authorization.md).</summary>
public sealed class GroupsController(
    AppDbContext db, GroupEditor editor, IAuthorizationService authorization, TimeProvider clock) : Controller
{
    [HttpGet("/grupper", Name = GroupRoutes.Index)]
    public async Task<IActionResult> Index(int arkiverade = 0, CancellationToken ct = default)
    {
        var showArchived = arkiverade == 1;
        var groups = await db.Groups.AsNoTracking()
            .Where(g => showArchived || !g.IsArchived)
            .OrderBy(g => g.Organisation.Municipality).ThenBy(g => g.Kind).ThenBy(g => g.Name)
            .Select(g => new GroupItem(g.Id, g.OrganisationId, g.Organisation.Name, g.Organisation.Municipality, g.Kind,
                g.Name, g.Assignment, g.ReportsToGroupId, g.ReportsTo == null ? null : g.ReportsTo.Name, g.IsArchived,
                g.ArchivedReason))
            .ToListAsync(ct);
        var editable = new HashSet<int>();
        var archivable = new HashSet<int>();
        foreach (var org in groups.Select(g => g.OrganisationId).Distinct())
        {
            if (await this.MayAsync(authorization, new PlanContentResource(org), Operations.Edit)) { editable.Add(org); }
            if (await this.MayAsync(authorization, new PlanContentResource(org), Operations.Archive)) { archivable.Add(org); }
        }
        var own = User.Scope().OrganisationId;
        var canCreate = own is { } o && await this.MayAsync(authorization, new PlanContentResource(o), Operations.Create);
        return View(new GroupListPage(groups, showArchived, canCreate, editable, archivable));
    }

    [HttpGet("/grupper/ny", Name = GroupRoutes.Create)]
    public async Task<IActionResult> Create(CancellationToken ct)
    {
        if (User.Scope().OrganisationId is not { } org || !await this.MayAsync(authorization, new PlanContentResource(org), Operations.Create))
        {
            return Forbid();
        }
        return await FormView(new GroupForm(), org, ct);
    }

    [HttpPost("/grupper/ny", Name = GroupRoutes.Create)]
    public async Task<IActionResult> Create(GroupForm form, CancellationToken ct)
    {
        if (User.Scope().OrganisationId is not { } org || !await this.MayAsync(authorization, new PlanContentResource(org), Operations.Create))
        {
            return Forbid();
        }
        await editor.ValidateAsync(form, org, null, ModelState, ct);
        if (!ModelState.IsValid)
        {
            return await FormView(form, org, ct);
        }
        var id = await editor.CreateAsync(form, org, ct);
        TempData["Bekraftelse"] = "Gruppen är sparad.";
        return RedirectToRoute(GroupRoutes.Index, null, $"grupp-{id}");
    }

    [HttpGet("/grupper/{id:int}/redigera", Name = GroupRoutes.Edit)]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        if (await editor.OrganisationOfAsync(id, ct) is not { } org)
        {
            return NotFound();
        }
        if (!await this.MayAsync(authorization, new PlanContentResource(org), Operations.Edit))
        {
            return Forbid();
        }
        var form = (await editor.LoadAsync(id, ct))!;
        form.LoadedAt = clock.GetUtcNow().UtcTicks;
        return await FormView(form, org, ct);
    }

    [HttpPost("/grupper/{id:int}/redigera", Name = GroupRoutes.Edit)]
    public async Task<IActionResult> Edit(int id, GroupForm form, CancellationToken ct)
    {
        if (await editor.OrganisationOfAsync(id, ct) is not { } org)
        {
            return NotFound();
        }
        if (!await this.MayAsync(authorization, new PlanContentResource(org), Operations.Edit))
        {
            return Forbid();
        }
        form.Id = id;
        await editor.ValidateAsync(form, org, id, ModelState, ct);
        if (!ModelState.IsValid)
        {
            return await FormView(form, org, ct);
        }
        if (await editor.UpdateAsync(id, form, ct) is { } conflict)
        {
            form.Conflict = conflict;
            ModelState.Remove(nameof(GroupForm.ConcurrencyToken));
            ModelState.Remove(nameof(GroupForm.LoadedAt));
            ModelState.AddModelError("", EditConflict.Message);
            return await FormView(form, org, ct);
        }
        TempData["Bekraftelse"] = "Gruppen är sparad.";
        return RedirectToRoute(GroupRoutes.Index, null, $"grupp-{id}");
    }

    [HttpPost("/grupper/{id:int}/arkivera", Name = GroupRoutes.Archive)]
    public async Task<IActionResult> Archive(int id, ArchiveForm archive, CancellationToken ct)
    {
        if (await editor.OrganisationOfAsync(id, ct) is not { } org)
        {
            return NotFound();
        }
        if (!await this.MayAsync(authorization, new PlanContentResource(org), Operations.Archive))
        {
            return Forbid();
        }
        if (!ModelState.IsValid)
        {
            // The reason field is on the group's edit page; it comes back there with the message.
            var form = (await editor.LoadAsync(id, ct))!;
            form.LoadedAt = clock.GetUtcNow().UtcTicks;
            return await FormView(form, org, ct);
        }
        await editor.ArchiveAsync(id, archive.Reason!, User.Scope().UserId, ct);
        TempData["Bekraftelse"] = "Gruppen är arkiverad.";
        return RedirectToRoute(GroupRoutes.Index, new { arkiverade = 1 }, $"grupp-{id}");
    }

    [HttpPost("/grupper/{id:int}/aterstall", Name = GroupRoutes.Restore)]
    public async Task<IActionResult> Restore(int id, CancellationToken ct)
    {
        if (await editor.OrganisationOfAsync(id, ct) is not { } org)
        {
            return NotFound();
        }
        if (!await this.MayAsync(authorization, new PlanContentResource(org), Operations.Archive))
        {
            return Forbid();
        }
        await editor.RestoreAsync(id, ct);
        TempData["Bekraftelse"] = "Gruppen är återställd.";
        return RedirectToRoute(GroupRoutes.Index, null, $"grupp-{id}");
    }

    private async Task<ViewResult> FormView(GroupForm form, int organisationId, CancellationToken ct)
    {
        form.SteeringGroups = await editor.SteeringGroupsAsync(organisationId, form.Id, form.ReportsToGroupId, ct);
        if (form.Id is { } id)
        {
            var state = await db.Groups.AsNoTracking().Where(g => g.Id == id)
                .Select(g => new { g.IsArchived, g.ArchivedAt, g.ArchivedReason }).SingleAsync(ct);
            form.Archive = new ArchivePanel("Gruppen", state.IsArchived, state.ArchivedAt, state.ArchivedReason,
                await this.MayAsync(authorization, new PlanContentResource(organisationId), Operations.Archive), Url.RouteUrl(GroupRoutes.Archive, new { id })!, Url.RouteUrl(GroupRoutes.Restore, new { id })!);
        }
        return View("Form", form);
    }

}
