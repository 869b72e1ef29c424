using System.ComponentModel.DataAnnotations;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Features.FollowUps;
using Insatsportal.Web.Features.History;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Initiatives;

public sealed class ArchiveForm
{
    [Required(ErrorMessage = "Ange varför insatsen arkiveras.")]
    [StringLength(1000, ErrorMessage = "Skälet får vara högst 1 000 tecken.")]
    public string? Reason { get; set; }
}

/// <summary>The insats's page: the insats, whether the user may edit it, its reports per unit and round, and its
/// Kolada figures.</summary>
public sealed record InitiativePage(InitiativeDetails Initiative, bool MayEdit, ReportMatrix Matrix, Kolada.KoladaEffects Kolada);

public sealed class InitiativesController(
    InitiativeQueries queries, InitiativeCommands commands, FollowUpQueries followUps, AppDbContext db,
    IAuthorizationService authorization, Kolada.KoladaFigures kolada) : Controller
{
    /// <summary>The search's parameters are read from the query string by <see cref="InitiativeSearchQuery.Parse"/>,
    /// not bound, so that a bad value in a shared link is a Swedish note rather than an error.</summary>
    [HttpGet("/insatser", Name = InitiativeRoutes.Index)]
    public async Task<IActionResult> Index([FromServices] InitiativeSearch search, CancellationToken ct) =>
        View(await search.SearchAsync(InitiativeSearchQuery.Parse(Request.Query), User.Scope(), ct));

    [HttpGet("/insatser/{id:int}", Name = InitiativeRoutes.Details)]
    public async Task<IActionResult> Details(int id, int? enhetssida, CancellationToken ct)
    {
        if (await queries.GetAsync(id, User.Scope(), ct) is not { } initiative)
        {
            return NotFound();
        }
        var mayEdit = await ResourceAsync(id, ct) is { } resource && await this.MayAsync(authorization, resource, Operations.Edit);
        return View(new InitiativePage(initiative, mayEdit, await followUps.MatrixAsync(id, User.Scope(), enhetssida ?? 1, ct),
            await KoladaAsync(id, ct)));
    }

    /// <summary>The figures linked to the insats's expected effects; three queries whatever their number.</summary>
    private async Task<Kolada.KoladaEffects> KoladaAsync(int id, CancellationToken ct)
    {
        var organisationId = await db.Initiatives.Where(i => i.Id == id).Select(i => i.Plan.OrganisationId).SingleAsync(ct);
        var effects = await db.ExpectedEffects.AsNoTracking().Where(e => e.InitiativeId == id).OrderBy(e => e.SortOrder)
            .Select(e => new Kolada.EffectRef(e.Id, e.SortOrder, e.Text)).ToListAsync(ct);
        var (figures, status, municipality) = await kolada.ForGoalsAsync(
            organisationId, l => l.ExpectedEffect != null && l.ExpectedEffect.InitiativeId == id, null, ct);
        var mayManage = await this.MayAsync(authorization, new KoladaResource(organisationId), Operations.Edit);
        var panel = new Kolada.KoladaPanel(organisationId, municipality, figures, status, mayManage, "", "Nyckeltal från Kolada");
        return new Kolada.KoladaEffects(panel, effects, id);
    }

    [HttpGet("/insatser/ny", Name = InitiativeRoutes.Create)]
    public async Task<IActionResult> Create(int? plan, CancellationToken ct)
    {
        if (await CreatableOptionsAsync(plan, null, ct) is not { } options)
        {
            return NotFound();
        }
        if (await this.RefusalAsync(authorization, NewInitiative(options), Operations.Create) is { } refusal)
        {
            return refusal;
        }
        var form = new InitiativeForm { Status = Domain.InitiativeStatus.Planned, Responsible = [new()], Activities = [new()] };
        return ShowForm(form, options, null);
    }

    [HttpPost("/insatser/ny", Name = InitiativeRoutes.Create)]
    public async Task<IActionResult> Create(int? plan, InitiativeForm form, string? command, CancellationToken ct)
    {
        if (await CreatableOptionsAsync(plan, form, ct) is not { } options)
        {
            return NotFound();
        }
        if (await this.RefusalAsync(authorization, NewInitiative(options), Operations.Create) is { } refusal)
        {
            return refusal;
        }
        if (RowCommand.Parse(command) is { } rowCommand)
        {
            string? focus = null;
            if (rowCommand.ApplyTo(form))
            {
                // The user returns to the row they changed, not to the top of the page.
                focus = rowCommand.FocusId(form);
            }
            ModelState.Clear();
            return ShowForm(form, options, null, focus: focus);
        }
        if (options.SearchesPeople && PersonSearchCommand.Find(command, form) is { } search)
        {
            return await ShowPeopleFoundAsync(form, options, null, search, ct);
        }
        form.DropEmptyRows();
        InitiativeCommands.Validate(form, options, User.Scope(), ModelState);
        if (!ModelState.IsValid)
        {
            return ShowForm(form, options, null);
        }
        var id = await commands.CreateAsync(options.PlanId, form, options, ct);
        TempData["Bekraftelse"] = "Insatsen är skapad.";
        return RedirectToRoute(InitiativeRoutes.Details, new { id });
    }

    [HttpGet("/insatser/{id:int}/redigera", Name = InitiativeRoutes.Edit)]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        if (await commands.GetFormAsync(id, ct) is not { } form || await EditableOptionsAsync(id, form, ct) is not { } options)
        {
            return NotFound();
        }
        if (await this.RefusalAsync(authorization, await ResourceAsync(id, ct), Operations.Edit) is { } refusal)
        {
            return refusal;
        }
        if (form.Responsible.Count == 0)
        {
            // An empty row to fill in: the form asks for a responsible (see ResponsibleOptional).
            form.Responsible.Add(new());
        }
        return ShowForm(form, options, id);
    }

    [HttpPost("/insatser/{id:int}/redigera", Name = InitiativeRoutes.Edit)]
    public async Task<IActionResult> Edit(int id, InitiativeForm form, string? command, CancellationToken ct)
    {
        if (await EditableOptionsAsync(id, form, ct) is not { } options)
        {
            return NotFound();
        }
        if (await this.RefusalAsync(authorization, await ResourceAsync(id, ct), Operations.Edit) is { } refusal)
        {
            return refusal;
        }
        if (RowCommand.Parse(command) is { } rowCommand)
        {
            string? focus = null;
            if (rowCommand.ApplyTo(form))
            {
                // The user returns to the row they changed, not to the top of the page.
                focus = rowCommand.FocusId(form);
            }
            ModelState.Clear();
            return ShowForm(form, options, id, focus: focus);
        }
        if (options.SearchesPeople && PersonSearchCommand.Find(command, form) is { } search)
        {
            return await ShowPeopleFoundAsync(form, options, id, search, ct);
        }
        form.DropEmptyRows();
        InitiativeCommands.Validate(form, options, User.Scope(), ModelState);
        if (form.ConcurrencyToken is null || form.LoadedAt is null)
        {
            ModelState.AddModelError("", "Formuläret saknar versionsuppgifter. Öppna insatsen igen och gör om ändringen.");
        }
        if (!ModelState.IsValid)
        {
            return ShowForm(form, options, id);
        }
        switch (await commands.UpdateAsync(id, form, options, ct))
        {
            case SaveResult.Saved:
                TempData["Bekraftelse"] = "Insatsen är sparad.";
                return RedirectToRoute(InitiativeRoutes.Details, new { id });
            case SaveResult.Conflict conflict:
                ModelState.AddModelError("", EditConflict.Message);
                return ShowForm(form, options, id, conflict.Details);
            default:
                return NotFound();
        }
    }

    [HttpPost("/insatser/{id:int}/arkivera", Name = InitiativeRoutes.Archive)]
    public async Task<IActionResult> Archive(int id, ArchiveForm form, CancellationToken ct)
    {
        if (!await ReadableAsync(id, ct))
        {
            return NotFound();
        }
        if (await this.RefusalAsync(authorization, await ResourceAsync(id, ct), Operations.Archive) is { } refusal)
        {
            return refusal;
        }
        if (!ModelState.IsValid)
        {
            TempData["Fel"] = ModelState.Values.SelectMany(v => v.Errors).First().ErrorMessage;
            return RedirectToRoute(InitiativeRoutes.Details, new { id }, "arkivera");
        }
        var archived = await commands.ArchiveAsync(id, form.Reason!.Trim(), User.Scope().UserId, ct);
        TempData["Bekraftelse"] = archived ? "Insatsen är arkiverad." : "Insatsen var redan arkiverad.";
        return RedirectToRoute(InitiativeRoutes.Details, new { id });
    }

    [HttpPost("/insatser/{id:int}/aterstall", Name = InitiativeRoutes.Restore)]
    public async Task<IActionResult> Restore(int id, CancellationToken ct)
    {
        if (!await ReadableAsync(id, ct))
        {
            return NotFound();
        }
        if (await this.RefusalAsync(authorization, await ResourceAsync(id, ct), Operations.Archive) is { } refusal)
        {
            return refusal;
        }
        var restored = await commands.RestoreAsync(id, ct);
        TempData["Bekraftelse"] = restored ? "Insatsen är återställd." : "Insatsen var inte arkiverad.";
        return RedirectToRoute(InitiativeRoutes.Details, new { id });
    }

    [HttpPost("/insatser/{id:int}/kopiera", Name = InitiativeRoutes.Copy)]
    public async Task<IActionResult> Copy(int id, CancellationToken ct)
    {
        if (!await ReadableAsync(id, ct))
        {
            return NotFound();
        }
        if (await this.RefusalAsync(authorization, await ResourceAsync(id, ct), Operations.Create) is { } refusal)
        {
            return refusal;
        }
        var copyId = await commands.CopyAsync(id, ct);
        TempData["Bekraftelse"] = "En kopia av insatsen är skapad. Ändra det som ska skilja den från originalet.";
        return RedirectToRoute(InitiativeRoutes.Edit, new { id = copyId });
    }

    private ViewResult ShowForm(InitiativeForm form, InitiativeFormOptions options, int? id, EditConflict? conflict = null,
        PeopleFound? peopleFound = null, string? focus = null)
    {
        form.Page = new InitiativeFormPage(options, id, conflict, peopleFound, focus);
        return View("Form", form);
    }

    /// <summary>The form again with one row's search results in its "Person" list (and focus on it).</summary>
    private async Task<IActionResult> ShowPeopleFoundAsync(InitiativeForm form, InitiativeFormOptions options, int? id,
        PersonSearchCommand search, CancellationToken ct)
    {
        ModelState.Clear();
        IReadOnlyList<Option> found = [];
        if (search.Term.Length is 0 or > 100)
        {
            ModelState.AddModelError($"Responsible[{search.Row}].PersonSearch",
                search.Term.Length == 0 ? "Skriv en del av ett namn, en titel eller en e-postadress att söka på." : "Sökningen får vara högst 100 tecken.");
        }
        else
        {
            found = await options.SearchPeopleAsync(db, search.Term, ct);
        }
        form.Responsible[search.Row].PersonSearch = null;
        return ShowForm(form, options, id, peopleFound: new PeopleFound(search.Row, search.Term, found));
    }

    private Task<bool> ReadableAsync(int id, CancellationToken ct) =>
        db.Initiatives.Where(i => i.Id == id).Where(ReadAccess.Initiatives(User.Scope())).AnyAsync(ct);

    /// <summary>The form's choices for a readable, non-archived insats; null means 404.</summary>
    private async Task<InitiativeFormOptions?> EditableOptionsAsync(int id, InitiativeForm form, CancellationToken ct)
    {
        var initiative = await db.Initiatives.Where(i => i.Id == id && !i.IsArchived).Where(ReadAccess.Initiatives(User.Scope()))
            .Select(i => new { i.PlanId, HasResponsible = i.Responsible.Any() }).SingleOrDefaultAsync(ct);
        return initiative is null || await InitiativeFormOptions.LoadAsync(db, initiative.PlanId, ct, id, NamedPeople(form)) is not { } options
            ? null
            : options with { ResponsibleOptional = !initiative.HasResponsible };
    }

    private async Task<InitiativeFormOptions?> CreatableOptionsAsync(int? planId, InitiativeForm? form, CancellationToken ct)
    {
        var readable = planId is not null && await db.Plans.Where(p => p.Id == planId && !p.IsArchived)
            .Where(ReadAccess.Plans(User.Scope())).AnyAsync(ct);
        return readable ? await InitiativeFormOptions.LoadAsync(db, planId!.Value, ct, null, NamedPeople(form)) : null;
    }

    private static List<string> NamedPeople(InitiativeForm? form) =>
        form?.Responsible.Select(r => r.UserId).OfType<string>().ToList() ?? [];

    /// <summary>A new insats as authorization sees it: may the user create insatser in this förvaltning at all? Which
    /// departments the new insats names is checked with the form (a Swedish message, not a 403).</summary>
    private InitiativeResource NewInitiative(InitiativeFormOptions options) =>
        new(options.OrganisationId, User.Scope().DepartmentIds.ToList());

    /// <summary>The insats as authorization sees it: its förvaltning and the departments that answer for it.</summary>
    private Task<InitiativeResource?> ResourceAsync(int id, CancellationToken ct) =>
        db.Initiatives.Where(i => i.Id == id)
            .Select(i => new InitiativeResource(i.Plan.OrganisationId,
                i.Responsible.Where(r => r.DepartmentId != null).Select(r => r.DepartmentId!.Value).ToList()))
            .SingleOrDefaultAsync(ct);
}
