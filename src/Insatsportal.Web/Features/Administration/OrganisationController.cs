using Insatsportal.Web.Features.Shared;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Features.History;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Administration;

/// <summary>
/// Avdelningar, skolområden and enheter of the administrator's förvaltning (docs/authorization.md). Every kind
/// has the same actions; each route is spelled out so that the authorization matrix lists it.
/// </summary>
// Administration is not cached (see UsersController).
[NoPageCache]
[Authorize(Roles = Roles.Administrator)]
public sealed class OrganisationController(AppDbContext db, OrganisationEditor editor, UnitImport import, TimeProvider clock) : Controller
{
    [HttpGet("/admin/organisation/enheter/importera", Name = AdminRoutes.Import)]
    public async Task<IActionResult> Import(CancellationToken ct) => await ImportView(new UnitImportPage { OrganisationId = User.Scope().OrganisationId }, ct);

    [HttpPost("/admin/organisation/enheter/importera", Name = AdminRoutes.Import)]
    public async Task<IActionResult> Import(IFormFile? file, int? organisationId, CancellationToken ct)
    {
        var page = new UnitImportPage { OrganisationId = User.Scope().OrganisationId ?? organisationId, FileName = file?.FileName };
        if (!await MayImportInto(page.OrganisationId, ct))
        {
            page.Preview = ImportPreview.Refused("Välj förvaltning i listan.");
            return await ImportView(page, ct);
        }
        var (bytes, error) = await UnitImport.ReadAsync(file, ct);
        page.Preview = bytes is null ? ImportPreview.Refused(error!) : await import.PreviewAsync(bytes, page.OrganisationId!.Value, ct);
        page.Content = bytes is not null && page.Preview.CanImport ? UnitImport.Encode(bytes) : null;
        return await ImportView(page, ct);
    }

    [HttpPost("/admin/organisation/enheter/importera/bekrafta", Name = AdminRoutes.ConfirmImport)]
    public async Task<IActionResult> ConfirmImport(string? content, int? organisationId, CancellationToken ct)
    {
        var page = new UnitImportPage { OrganisationId = User.Scope().OrganisationId ?? organisationId };
        if (!await MayImportInto(page.OrganisationId, ct))
        {
            page.Preview = ImportPreview.Refused("Välj förvaltning i listan.");
            return await ImportView(page, ct);
        }
        if (UnitImport.Decode(content) is not { } bytes)
        {
            page.Preview = ImportPreview.Refused("Ingen fil att importera. Välj filen igen.");
            return await ImportView(page, ct);
        }
        var (preview, created, updated) = await import.ImportAsync(bytes, page.OrganisationId!.Value, ct);
        if (created + updated == 0)
        {
            page.Preview = preview;
            page.Content = preview.CanImport ? content : null;
            return await ImportView(page, ct);
        }
        var done = new List<string>();
        if (created > 0)
        {
            done.Add($"{Display.Count(created, "enhet", "enheter")} " + (created == 1 ? "är importerad." : "är importerade."));
        }
        if (updated > 0)
        {
            done.Add($"{Display.Count(updated, "enhet", "enheter")} " + (updated == 1 ? "har fått nytt id i Kolada." : "har fått nya id i Kolada."));
        }
        TempData["Bekraftelse"] = string.Join(" ", done);
        return RedirectToRoute(AdminRoutes.Organisation, null, "enheter");
    }

    private async Task<bool> MayImportInto(int? organisationId, CancellationToken ct) =>
        organisationId is { } org && User.Scope().Covers(org) && await db.Organisations.AnyAsync(o => o.Id == org, ct);

    private async Task<ViewResult> ImportView(UnitImportPage page, CancellationToken ct)
    {
        page.Organisations = await db.Organisations.AsNoTracking().Where(AdminScope.Organisations(User.Scope())).OrderBy(o => o.Name)
            .Select(o => new OrganisationChoice(o.Id, o.Name + ", " + o.Municipality)).ToListAsync(ct);
        return View("UnitImport", page);
    }

    [HttpGet("/admin/organisation", Name = AdminRoutes.Organisation)]
    public async Task<IActionResult> Index(int stangda = 0, CancellationToken ct = default) =>
        View("Organisation", await editor.PageAsync(User.Scope(), stangda == 1, ct));

    [HttpGet("/admin/organisation/avdelningar/ny", Name = AdminRoutes.NewDepartment)]
    public Task<IActionResult> CreateDepartment(CancellationToken ct) => NewForm(PartKind.Department, ct);

    [HttpPost("/admin/organisation/avdelningar/ny", Name = AdminRoutes.NewDepartment)]
    public Task<IActionResult> CreateDepartment(PartForm form, CancellationToken ct) => Create(PartKind.Department, form, ct);

    [HttpGet("/admin/organisation/avdelningar/{id:int}/redigera", Name = AdminRoutes.EditDepartment)]
    public Task<IActionResult> EditDepartment(int id, CancellationToken ct) => EditForm(PartKind.Department, id, ct);

    [HttpPost("/admin/organisation/avdelningar/{id:int}/redigera", Name = AdminRoutes.EditDepartment)]
    public Task<IActionResult> EditDepartment(int id, PartForm form, CancellationToken ct) => Edit(PartKind.Department, id, form, ct);

    [HttpPost("/admin/organisation/avdelningar/{id:int}/stang", Name = AdminRoutes.CloseDepartment)]
    public Task<IActionResult> CloseDepartment(int id, CloseForm form, CancellationToken ct) => Close(PartKind.Department, id, form, ct);

    [HttpPost("/admin/organisation/avdelningar/{id:int}/oppna", Name = AdminRoutes.ReopenDepartment)]
    public Task<IActionResult> ReopenDepartment(int id, CancellationToken ct) => Reopen(PartKind.Department, id, ct);

    [HttpGet("/admin/organisation/avdelningar/{id:int}/historik", Name = AdminRoutes.DepartmentHistory)]
    public Task<IActionResult> DepartmentHistory(int id, CancellationToken ct) => History(PartKind.Department, id, ct);

    [HttpGet("/admin/organisation/omraden/ny", Name = AdminRoutes.NewSchoolArea)]
    public Task<IActionResult> CreateSchoolArea(CancellationToken ct) => NewForm(PartKind.SchoolArea, ct);

    [HttpPost("/admin/organisation/omraden/ny", Name = AdminRoutes.NewSchoolArea)]
    public Task<IActionResult> CreateSchoolArea(PartForm form, CancellationToken ct) => Create(PartKind.SchoolArea, form, ct);

    [HttpGet("/admin/organisation/omraden/{id:int}/redigera", Name = AdminRoutes.EditSchoolArea)]
    public Task<IActionResult> EditSchoolArea(int id, CancellationToken ct) => EditForm(PartKind.SchoolArea, id, ct);

    [HttpPost("/admin/organisation/omraden/{id:int}/redigera", Name = AdminRoutes.EditSchoolArea)]
    public Task<IActionResult> EditSchoolArea(int id, PartForm form, CancellationToken ct) => Edit(PartKind.SchoolArea, id, form, ct);

    [HttpPost("/admin/organisation/omraden/{id:int}/stang", Name = AdminRoutes.CloseSchoolArea)]
    public Task<IActionResult> CloseSchoolArea(int id, CloseForm form, CancellationToken ct) => Close(PartKind.SchoolArea, id, form, ct);

    [HttpPost("/admin/organisation/omraden/{id:int}/oppna", Name = AdminRoutes.ReopenSchoolArea)]
    public Task<IActionResult> ReopenSchoolArea(int id, CancellationToken ct) => Reopen(PartKind.SchoolArea, id, ct);

    [HttpGet("/admin/organisation/omraden/{id:int}/historik", Name = AdminRoutes.SchoolAreaHistory)]
    public Task<IActionResult> SchoolAreaHistory(int id, CancellationToken ct) => History(PartKind.SchoolArea, id, ct);

    [HttpGet("/admin/organisation/enheter/ny", Name = AdminRoutes.NewUnit)]
    public Task<IActionResult> CreateUnit(CancellationToken ct) => NewForm(PartKind.Unit, ct);

    [HttpPost("/admin/organisation/enheter/ny", Name = AdminRoutes.NewUnit)]
    public Task<IActionResult> CreateUnit(PartForm form, CancellationToken ct) => Create(PartKind.Unit, form, ct);

    [HttpGet("/admin/organisation/enheter/{id:int}/redigera", Name = AdminRoutes.EditUnit)]
    public Task<IActionResult> EditUnit(int id, CancellationToken ct) => EditForm(PartKind.Unit, id, ct);

    [HttpPost("/admin/organisation/enheter/{id:int}/redigera", Name = AdminRoutes.EditUnit)]
    public Task<IActionResult> EditUnit(int id, PartForm form, CancellationToken ct) => Edit(PartKind.Unit, id, form, ct);

    [HttpPost("/admin/organisation/enheter/{id:int}/stang", Name = AdminRoutes.CloseUnit)]
    public Task<IActionResult> CloseUnit(int id, CloseForm form, CancellationToken ct) => Close(PartKind.Unit, id, form, ct);

    [HttpPost("/admin/organisation/enheter/{id:int}/oppna", Name = AdminRoutes.ReopenUnit)]
    public Task<IActionResult> ReopenUnit(int id, CancellationToken ct) => Reopen(PartKind.Unit, id, ct);

    [HttpGet("/admin/organisation/enheter/{id:int}/historik", Name = AdminRoutes.UnitHistory)]
    public Task<IActionResult> UnitHistory(int id, CancellationToken ct) => History(PartKind.Unit, id, ct);

    private async Task<IActionResult> NewForm(PartKind kind, CancellationToken ct)
    {
        var form = new PartForm { Kind = kind, OrganisationId = User.Scope().OrganisationId };
        return await FormView(form, ct);
    }

    private async Task<IActionResult> Create(PartKind kind, PartForm form, CancellationToken ct)
    {
        var admin = User.Scope();
        form.Kind = kind;
        form.OrganisationId = admin.OrganisationId ?? form.OrganisationId;
        await editor.ValidateAsync(admin, form, ModelState, ct);
        if (!ModelState.IsValid)
        {
            return await FormView(form, ct);
        }
        await editor.CreateAsync(form, ct);
        TempData["Bekraftelse"] = kind.Is("sparad", "sparat") + ".";
        return RedirectToRoute(AdminRoutes.Organisation, null, kind.Segment());
    }

    private async Task<IActionResult> EditForm(PartKind kind, int id, CancellationToken ct)
    {
        if (await editor.OrganisationOfAsync(User.Scope(), kind, id, ct) is null)
        {
            return NotFound();
        }
        return await FormView(await editor.LoadAsync(kind, id, ct), ct);
    }

    private async Task<IActionResult> Edit(PartKind kind, int id, PartForm form, CancellationToken ct)
    {
        var admin = User.Scope();
        if (await editor.OrganisationOfAsync(admin, kind, id, ct) is not { } org)
        {
            return NotFound();
        }
        form.Kind = kind;
        form.Id = id;
        form.OrganisationId = org;
        await editor.ValidateAsync(admin, form, ModelState, ct);
        if (ModelState.IsValid)
        {
            if (await editor.UpdateAsync(form, ct) is not { } conflict)
            {
                TempData["Bekraftelse"] = "Ändringarna är sparade.";
                return RedirectToRoute(AdminRoutes.Organisation, null, kind.Segment());
            }
            form.Conflict = conflict;
            ModelState.Remove(nameof(PartForm.ConcurrencyToken));
            ModelState.Remove(nameof(PartForm.LoadedAt));
            ModelState.AddModelError("", EditConflict.Message);
        }
        return await FormView(form, ct);
    }

    private async Task<IActionResult> Close(PartKind kind, int id, CloseForm close, CancellationToken ct)
    {
        if (await editor.OrganisationOfAsync(User.Scope(), kind, id, ct) is null)
        {
            return NotFound();
        }
        var refusal = ModelState.IsValid ? await editor.SetClosedAsync(kind, id, close.ClosedOn, ct) : null;
        if (!ModelState.IsValid || refusal is not null)
        {
            if (refusal is not null)
            {
                ModelState.AddModelError(nameof(CloseForm.ClosedOn), refusal);
            }
            return await FormView(await editor.LoadAsync(kind, id, ct), ct);
        }
        TempData["Bekraftelse"] = kind.Is("stängd", "stängt") + ". Namnet finns kvar i historik, insatser och gamla rapporter men kan inte väljas för nytt.";
        return RedirectToRoute(AdminRoutes.Organisation, new { stangda = 1 }, kind.Segment());
    }

    private async Task<IActionResult> Reopen(PartKind kind, int id, CancellationToken ct)
    {
        if (await editor.OrganisationOfAsync(User.Scope(), kind, id, ct) is null)
        {
            return NotFound();
        }
        if (await editor.SetClosedAsync(kind, id, null, ct) is { } refusal)
        {
            ModelState.AddModelError("", refusal);
            return await FormView(await editor.LoadAsync(kind, id, ct), ct);
        }
        TempData["Bekraftelse"] = kind.Is("öppnad", "öppnat") + " igen.";
        return RedirectToRoute(AdminRoutes.Organisation, null, kind.Segment());
    }

    private async Task<IActionResult> History(PartKind kind, int id, CancellationToken ct)
    {
        if (await editor.OrganisationOfAsync(User.Scope(), kind, id, ct) is null)
        {
            return NotFound();
        }
        var name = await editor.NameAsync(kind, id, ct);
        var type = kind.HistoryType();
        var items = await db.ChangeLog.AsNoTracking()
            .Where(c => c.EntityType == type && c.EntityId == id)
            .OrderByDescending(c => c.At).ThenByDescending(c => c.Id)
            .Select(c => new HistoryItem(c.At, c.UserName, c.Action, c.Field, c.OldValue, c.NewValue))
            .ToListAsync(ct);
        return View("History", new HistoryPage(name, Url.RouteUrl(AdminRoutes.EditPart(kind), new { id })!, items));
    }

    private async Task<ViewResult> FormView(PartForm form, CancellationToken ct)
    {
        await editor.FillOptionsAsync(User.Scope(), form, ct);
        if (form.Id is { } id && form.ClosedOn is null)
        {
            form.ClosedOn = (await editor.LoadAsync(form.Kind, id, ct)).ClosedOn;
        }
        form.Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return View("PartForm", form);
    }
}
