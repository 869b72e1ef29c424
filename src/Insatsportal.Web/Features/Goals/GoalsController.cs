using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.History;
using Insatsportal.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Goals;

public sealed record GoalDetails(
    int Id, string Title, string? ShortName, string? Description, int PlanId, string PlanName,
    string? SteeringGroup, string? SteeringGroupAssignment, IReadOnlyList<GoalInitiative> Initiatives,
    int OrganisationId, bool IsArchived, DateTime? ArchivedAt, string? ArchivedReason);

public sealed record GoalInitiative(int Id, string Title, InitiativeStatus Status, IReadOnlyList<string> Responsible);

/// <summary>The goal's page: the goal, what the user may do, and its Kolada figures.</summary>
public sealed record GoalPage(GoalDetails Goal, bool CanEdit, ArchivePanel Archive, Kolada.KoladaSection Kolada);

public sealed class GoalsController(
    AppDbContext db, GoalEditor editor, IAuthorizationService authorization, Kolada.KoladaFigures kolada) : Controller
{
    /// <summary>An archived goal is still readable by id, with its reason and (for those allowed) a restore button.</summary>
    [HttpGet("/mal/{id:int}", Name = GoalRoutes.Details)]
    public async Task<IActionResult> Details(int id, CancellationToken ct) => await DetailsView(id, ct);

    [HttpGet("/planer/{planId:int}/mal/ny", Name = GoalRoutes.Create)]
    public async Task<IActionResult> Create(int planId, CancellationToken ct)
    {
        if (await PlanOrganisationAsync(planId, ct) is not { } org)
        {
            return NotFound();
        }
        if (!await this.MayAsync(authorization, new PlanContentResource(org), Operations.Create))
        {
            return Forbid();
        }
        var form = new GoalForm();
        await editor.PrepareAsync(form, planId, org, ct);
        form.Position = form.Positions;
        return View("Form", form);
    }

    [HttpPost("/planer/{planId:int}/mal/ny", Name = GoalRoutes.Create)]
    public async Task<IActionResult> Create(int planId, GoalForm form, CancellationToken ct)
    {
        if (await PlanOrganisationAsync(planId, ct) is not { } org)
        {
            return NotFound();
        }
        if (!await this.MayAsync(authorization, new PlanContentResource(org), Operations.Create))
        {
            return Forbid();
        }
        await editor.PrepareAsync(form, planId, org, ct);
        editor.Validate(form, ModelState);
        if (!ModelState.IsValid)
        {
            return View("Form", form);
        }
        var id = await editor.CreateAsync(form, planId, ct);
        TempData["Bekraftelse"] = "Målet är sparat.";
        return RedirectToRoute(GoalRoutes.Details, new { id });
    }

    [HttpGet("/mal/{id:int}/redigera", Name = GoalRoutes.Edit)]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        if (await this.RefusalAsync(authorization, await ReadableAsync(id, ct), Operations.Edit) is { } refusal)
        {
            return refusal;
        }
        var form = (await editor.LoadAsync(id, ct))!;
        await editor.PrepareAsync(form, form.PlanId, (await GoalOrganisationAsync(id, ct))!.Value, ct);
        return View("Form", form);
    }

    [HttpPost("/mal/{id:int}/redigera", Name = GoalRoutes.Edit)]
    public async Task<IActionResult> Edit(int id, GoalForm form, CancellationToken ct)
    {
        if (await this.RefusalAsync(authorization, await ReadableAsync(id, ct), Operations.Edit) is { } refusal)
        {
            return refusal;
        }
        form.Id = id;
        var planId = await db.Goals.Where(g => g.Id == id).Select(g => g.PlanId).SingleAsync(ct);
        await editor.PrepareAsync(form, planId, (await GoalOrganisationAsync(id, ct))!.Value, ct);
        editor.Validate(form, ModelState);
        if (!ModelState.IsValid)
        {
            return View("Form", form);
        }
        if (await editor.UpdateAsync(id, form, ct) is { } conflict)
        {
            form.Conflict = conflict;
            ModelState.Remove(nameof(GoalForm.ConcurrencyToken));
            ModelState.Remove(nameof(GoalForm.LoadedAt));
            ModelState.AddModelError("", EditConflict.Message);
            return View("Form", form);
        }
        TempData["Bekraftelse"] = "Målet är sparat.";
        return RedirectToRoute(GoalRoutes.Details, new { id });
    }

    [HttpPost("/mal/{id:int}/arkivera", Name = GoalRoutes.Archive)]
    public async Task<IActionResult> Archive(int id, ArchiveForm archive, CancellationToken ct)
    {
        if (await this.RefusalAsync(authorization, await ReadableAsync(id, ct), Operations.Archive) is { } refusal)
        {
            return refusal;
        }
        if (!ModelState.IsValid)
        {
            return await DetailsView(id, ct);
        }
        await editor.ArchiveAsync(id, archive.Reason!, User.Scope().UserId, ct);
        TempData["Bekraftelse"] = "Målet är arkiverat.";
        return RedirectToRoute(GoalRoutes.Details, new { id });
    }

    [HttpPost("/mal/{id:int}/aterstall", Name = GoalRoutes.Restore)]
    public async Task<IActionResult> Restore(int id, CancellationToken ct)
    {
        if (await this.RefusalAsync(authorization, await ReadableAsync(id, ct), Operations.Archive) is { } refusal)
        {
            return refusal;
        }
        await editor.RestoreAsync(id, ct);
        TempData["Bekraftelse"] = "Målet är återställt.";
        return RedirectToRoute(GoalRoutes.Details, new { id });
    }

    private async Task<IActionResult> DetailsView(int id, CancellationToken ct)
    {
        var planFilter = ReadAccess.Plans(User.Scope());
        var goal = await db.Goals.AsNoTracking()
            .Where(g => g.Id == id)
            .Where(g => db.Plans.Where(planFilter).Any(p => p.Id == g.PlanId))
            .Select(g => new GoalDetails(
                g.Id, g.Title, g.ShortName, g.Description, g.PlanId, g.Plan.Name,
                g.SteeringGroup == null ? null : g.SteeringGroup.Name,
                g.SteeringGroup == null ? null : g.SteeringGroup.Assignment,
                g.Initiatives.Where(i => !i.IsArchived).OrderBy(i => i.SortOrder)
                    .Select(i => new GoalInitiative(i.Id, i.Title, i.Status,
                        i.Responsible.OrderBy(r => r.SortOrder).Select(r => r.RoleTitle).ToList()))
                    .ToList(),
                g.Plan.OrganisationId, g.IsArchived, g.ArchivedAt, g.ArchivedReason))
            .SingleOrDefaultAsync(ct);
        if (goal is null)
        {
            return NotFound();
        }
        var canArchive = await this.MayAsync(authorization, new PlanContentResource(goal.OrganisationId), Operations.Archive);
        var (figures, status, municipality) = await kolada.ForGoalsAsync(goal.OrganisationId, l => l.GoalId == id, null, ct);
        var linkAction = Url.RouteUrl(Kolada.KoladaRoutes.LinkGoal, new { id })!;
        var mayManage = await this.MayAsync(authorization, new KoladaResource(goal.OrganisationId), Operations.Edit);
        var panel = new Kolada.KoladaPanel(goal.OrganisationId, municipality, figures, status, mayManage, linkAction, "Nyckeltal från Kolada");
        var section = new Kolada.KoladaSection(panel, figures, linkAction, Url.RouteUrl(GoalRoutes.Details, new { id })!, "till målet");
        return View("Details", new GoalPage(goal, await this.MayAsync(authorization, new PlanContentResource(goal.OrganisationId), Operations.Edit),
            new ArchivePanel("Målet", goal.IsArchived, goal.ArchivedAt, goal.ArchivedReason, canArchive,
                Url.RouteUrl(GoalRoutes.Archive, new { id })!, Url.RouteUrl(GoalRoutes.Restore, new { id })!), section));
    }

    /// <summary>The organisation of a plan the user may read; null for an unknown or unreadable plan.</summary>
    private Task<int?> PlanOrganisationAsync(int planId, CancellationToken ct) =>
        db.Plans.Where(p => p.Id == planId).Where(ReadAccess.Plans(User.Scope()))
            .Select(p => (int?)p.OrganisationId).SingleOrDefaultAsync(ct);

    private Task<int?> GoalOrganisationAsync(int id, CancellationToken ct) =>
        db.Goals.Where(g => g.Id == id && db.Plans.Where(ReadAccess.Plans(User.Scope())).Any(p => p.Id == g.PlanId))
            .Select(g => (int?)g.Plan.OrganisationId).SingleOrDefaultAsync(ct);

    /// <summary>The goal as authorization sees it (its plan's förvaltning), if the user may read it; null for an unknown
    /// or unreadable id.</summary>
    private async Task<PlanContentResource?> ReadableAsync(int id, CancellationToken ct) =>
        await GoalOrganisationAsync(id, ct) is { } org ? new PlanContentResource(org) : null;
}
