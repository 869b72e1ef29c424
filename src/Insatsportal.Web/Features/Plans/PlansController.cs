using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Features.History;
using Insatsportal.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Plans;

public sealed record PlanListPage(IReadOnlyList<PlanListItem> Plans, bool ShowArchived, bool CanCreate);

public sealed record PlanPage(
    PlanDetails Plan, bool ShowArchived, bool CanEdit, bool CanCreate, ArchivePanel Archive);

public sealed class PlansController(
    AppDbContext db, PlanQueries queries, PlanEditor editor, PlanCarryOver carryOver, IAuthorizationService authorization)
    : Controller
{
    [HttpGet("/planer", Name = PlanRoutes.Index)]
    public async Task<IActionResult> Index(int arkiverade = 0, CancellationToken ct = default)
    {
        var plans = await queries.ListAsync(User.Scope(), includeArchived: arkiverade == 1, ct);
        var canCreate = User.Scope().OrganisationId is { } org && await this.MayAsync(authorization, new PlanContentResource(org), Operations.Create);
        return View(new PlanListPage(plans, arkiverade == 1, canCreate));
    }

    [HttpGet("/planer/{id:int}", Name = PlanRoutes.Details)]
    public async Task<IActionResult> Details(int id, int arkiverade = 0, CancellationToken ct = default) =>
        await DetailsView(id, arkiverade == 1, ct);

    /// <summary>Which section <c>sida</c> pages (<c>avsnitt</c>, the section's place on the page); bad values give
    /// the first page, never an error.</summary>
    private (int? Section, int Page) SectionPaging()
    {
        static int? Number(string raw) =>
            int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
        return (Number(Request.Query["avsnitt"].ToString()), Number(Request.Query["sida"].ToString()) ?? 1);
    }

    [HttpGet("/planer/ny", Name = PlanRoutes.Create)]
    public async Task<IActionResult> Create()
    {
        if (User.Scope().OrganisationId is not { } org || !await this.MayAsync(authorization, new PlanContentResource(org), Operations.Create))
        {
            return Forbid();
        }
        return View("Form", new PlanForm { Status = Domain.PlanStatus.Draft });
    }

    [HttpPost("/planer/ny", Name = PlanRoutes.Create)]
    public async Task<IActionResult> Create(PlanForm form, string? command, CancellationToken ct)
    {
        if (User.Scope().OrganisationId is not { } org || !await this.MayAsync(authorization, new PlanContentResource(org), Operations.Create))
        {
            return Forbid();
        }
        if (form.ApplyRowCommand(command))
        {
            // Adding or removing a row is not a save: no validation messages yet.
            ModelState.Clear();
            return View("Form", form);
        }
        await editor.ValidateAsync(form, null, ModelState, ct);
        if (!ModelState.IsValid)
        {
            return View("Form", form);
        }
        var id = await editor.CreateAsync(form, org, ct);
        TempData["Bekraftelse"] = "Planen är sparad.";
        return RedirectToRoute(PlanRoutes.Details, new { id });
    }

    [HttpGet("/planer/{id:int}/redigera", Name = PlanRoutes.Edit)]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        if (await this.RefusalAsync(authorization, await ReadableAsync(id, ct), Operations.Edit) is { } refusal)
        {
            return refusal;
        }
        return View("Form", await editor.LoadAsync(id, ct));
    }

    [HttpPost("/planer/{id:int}/redigera", Name = PlanRoutes.Edit)]
    public async Task<IActionResult> Edit(int id, PlanForm form, string? command, CancellationToken ct)
    {
        if (await this.RefusalAsync(authorization, await ReadableAsync(id, ct), Operations.Edit) is { } refusal)
        {
            return refusal;
        }
        form.Id = id;
        if (form.ApplyRowCommand(command))
        {
            ModelState.Clear();
            return View("Form", form);
        }
        await editor.ValidateAsync(form, id, ModelState, ct);
        if (!ModelState.IsValid)
        {
            return View("Form", form);
        }
        if (await editor.UpdateAsync(id, form, ct) is { } conflict)
        {
            form.Conflict = conflict;
            ModelState.Remove(nameof(PlanForm.ConcurrencyToken));
            ModelState.Remove(nameof(PlanForm.LoadedAt));
            ModelState.AddModelError("", EditConflict.Message);
            return View("Form", form);
        }
        TempData["Bekraftelse"] = "Planen är sparad.";
        return RedirectToRoute(PlanRoutes.Details, new { id });
    }

    [HttpPost("/planer/{id:int}/arkivera", Name = PlanRoutes.Archive)]
    public async Task<IActionResult> Archive(int id, ArchiveForm archive, CancellationToken ct)
    {
        if (await this.RefusalAsync(authorization, await ReadableAsync(id, ct), Operations.Archive) is { } refusal)
        {
            return refusal;
        }
        if (!ModelState.IsValid)
        {
            return await DetailsView(id, showArchived: false, ct);
        }
        await editor.ArchiveAsync(id, archive.Reason!, User.Scope().UserId, ct);
        TempData["Bekraftelse"] = "Planen är arkiverad.";
        return RedirectToRoute(PlanRoutes.Details, new { id });
    }

    [HttpPost("/planer/{id:int}/aterstall", Name = PlanRoutes.Restore)]
    public async Task<IActionResult> Restore(int id, CancellationToken ct)
    {
        if (await this.RefusalAsync(authorization, await ReadableAsync(id, ct), Operations.Archive) is { } refusal)
        {
            return refusal;
        }
        await editor.RestoreAsync(id, ct);
        TempData["Bekraftelse"] = "Planen är återställd.";
        return RedirectToRoute(PlanRoutes.Details, new { id });
    }

    [HttpGet("/planer/{id:int}/overfor", Name = PlanRoutes.CarryOver)]
    public async Task<IActionResult> CarryOver(int id, CancellationToken ct)
    {
        if (await this.RefusalAsync(authorization, await ReadableAsync(id, ct), Operations.Create) is { } refusal)
        {
            return refusal;
        }
        var form = new CarryOverForm();
        await carryOver.PrepareAsync(form, id, ct);
        // Everything unfinished goes along unless the user unticks it.
        form.InitiativeIds = form.Candidates.Select(c => c.Id).ToList();
        return View("CarryOver", form);
    }

    [HttpPost("/planer/{id:int}/overfor", Name = PlanRoutes.CarryOver)]
    public async Task<IActionResult> CarryOver(int id, CarryOverForm form, CancellationToken ct)
    {
        if (await this.RefusalAsync(authorization, await ReadableAsync(id, ct), Operations.Create) is { } refusal)
        {
            return refusal;
        }
        await carryOver.PrepareAsync(form, id, ct);
        PlanCarryOver.Validate(form, ModelState);
        if (!ModelState.IsValid)
        {
            return View("CarryOver", form);
        }
        var (planId, count) = await carryOver.CarryOverAsync(form, ct);
        TempData["Bekraftelse"] = count == 1
            ? "Den nya planen är skapad. 1 insats fördes över."
            : $"Den nya planen är skapad. {Display.Count(count, "insats", "insatser")} fördes över.";
        return RedirectToRoute(PlanRoutes.Details, new { id = planId });
    }

    private async Task<IActionResult> DetailsView(int id, bool showArchived, CancellationToken ct)
    {
        var (section, page) = SectionPaging();
        if (await queries.GetAsync(id, User.Scope(), showArchived, ct, section, page) is not { } plan)
        {
            return NotFound();
        }
        var canArchive = await this.MayAsync(authorization, new PlanContentResource(plan.OrganisationId), Operations.Archive);
        return View("Details", new PlanPage(plan, showArchived,
            await this.MayAsync(authorization, new PlanContentResource(plan.OrganisationId), Operations.Edit), await this.MayAsync(authorization, new PlanContentResource(plan.OrganisationId), Operations.Create),
            new ArchivePanel("Planen", plan.IsArchived, plan.ArchivedAt, plan.ArchivedReason, canArchive,
                Url.RouteUrl(PlanRoutes.Archive, new { id })!, Url.RouteUrl(PlanRoutes.Restore, new { id })!)));
    }

    /// <summary>The plan as authorization sees it, if the user may read it; null for an unknown or unreadable id.</summary>
    private Task<PlanContentResource?> ReadableAsync(int id, CancellationToken ct) =>
        db.Plans.Where(p => p.Id == id).Where(ReadAccess.Plans(User.Scope()))
            .Select(p => new PlanContentResource(p.OrganisationId)).SingleOrDefaultAsync(ct);
}
