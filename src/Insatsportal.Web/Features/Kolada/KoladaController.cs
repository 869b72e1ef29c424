using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Features.Administration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Kolada;

public sealed record KoladaAdminPage(
    int? OrganisationId, string? OrganisationName, IReadOnlyList<(int Id, string Name)> Organisations, string? Municipality,
    FetchStatus? Status, int LinkCount, int CatalogueCount, string? Message, string? Error, string? Search,
    IReadOnlyList<KpiMatch> Matches);

public sealed record ChoosePage(string Heading, string Action, string BackUrl, string? Text, string? Error, IReadOnlyList<KpiMatch> Matches);

/// <summary>Kolada's key figures: the förvaltning's settings, fetching, uploads and linking (docs/kolada.md).
/// Everything here is for an administrator of the förvaltning or its förvaltningschef; 404 for what the user cannot
/// read, 403 for what they may read but not manage.</summary>
public sealed class KoladaController(AppDbContext db, KoladaService kolada, IAuthorizationService authorization) : Controller
{
    /// <summary>Linking, fetching and uploading (<see cref="KoladaAuthorizationHandler"/>).</summary>
    private Task<bool> MayManageAsync(int organisationId) =>
        this.MayAsync(authorization, new KoladaResource(organisationId), Operations.Edit);

    [HttpGet("/kolada", Name = KoladaRoutes.Index)]
    public async Task<IActionResult> Index(int? forvaltning, string? sok, CancellationToken ct)
    {
        var user = User.Scope();
        if (!user.IsIn(Roles.Administrator) && !user.IsIn(Roles.DirectorOfEducation))
        {
            return Forbid();
        }
        var organisations = await db.Organisations.AsNoTracking().Where(AdminScope.Organisations(user))
            .Where(o => user.IsIn(Roles.Administrator) || o.Id == user.OrganisationId)
            .OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        var chosen = forvaltning ?? user.OrganisationId ?? (organisations.Count == 1 ? organisations[0].Id : null);
        if (chosen is { } id && !await MayManageAsync(id))
        {
            return NotFound();
        }
        var list = organisations.Select(o => (o.Id, o.Name)).ToList();
        var catalogue = await db.KoladaKpis.CountAsync(ct);
        IReadOnlyList<KpiMatch> matches = [];
        string? error = null;
        if (!string.IsNullOrWhiteSpace(sok))
        {
            if (sok.Length > Data.Configurations.Lengths.Phrase)
            {
                error = $"Sökningen får vara högst {Data.Configurations.Lengths.Phrase} tecken.";
            }
            else
            {
                (matches, error) = await kolada.SearchAsync(sok, ct);
            }
        }
        if (chosen is not { } org)
        {
            return View("Index", new KoladaAdminPage(null, null, list, null, null, 0, catalogue, null, error, sok, matches));
        }
        var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == org)
            .Select(o => new { o.Name, o.KoladaMunicipalityId }).SingleOrDefaultAsync(ct);
        if (organisation is null)
        {
            return NotFound();
        }
        var state = await db.KoladaFetchStates.AsNoTracking().Where(s => s.OrganisationId == org)
            .Select(s => new FetchStatus(s.LastSuccessAt, s.LastSource, s.LastFailureAt, s.LastFailure)).SingleOrDefaultAsync(ct);
        var links = await db.KoladaLinks.CountAsync(l => l.OrganisationId == org && l.RemovedAt == null, ct);
        return View("Index", new KoladaAdminPage(org, organisation.Name, list, organisation.KoladaMunicipalityId, state, links,
            catalogue, TempData["KoladaBesked"] as string, error ?? TempData["KoladaFel"] as string, sok, matches));
    }

    [HttpPost("/kolada/kommun", Name = KoladaRoutes.SetMunicipality)]
    public async Task<IActionResult> SetMunicipality(int forvaltning, string? kommunkod, CancellationToken ct)
    {
        if (!await ExistsAsync(forvaltning, ct) || !await MayManageAsync(forvaltning))
        {
            return Refuse(forvaltning);
        }
        if (await kolada.SetMunicipalityAsync(forvaltning, kommunkod, ct) is { } error)
        {
            TempData["KoladaFel"] = error;
        }
        else
        {
            TempData["KoladaBesked"] = "Kommunkoden är sparad.";
        }
        return RedirectToRoute(KoladaRoutes.Index, new { forvaltning });
    }

    [HttpPost("/kolada/hamta", Name = KoladaRoutes.Fetch)]
    public async Task<IActionResult> Fetch(int forvaltning, string? tillbaka, CancellationToken ct)
    {
        if (!await ExistsAsync(forvaltning, ct) || !await MayManageAsync(forvaltning))
        {
            return Refuse(forvaltning);
        }
        var error = await kolada.FetchAsync(forvaltning, ct);
        TempData[error is null ? "KoladaBesked" : "KoladaFel"] = error is null
            ? "Nyckeltalen är hämtade från Kolada."
            : $"Hämtningen misslyckades: {error} De tidigare värdena finns kvar.";
        return Url.IsLocalUrl(tillbaka) ? Redirect(tillbaka) : RedirectToRoute(KoladaRoutes.Index, new { forvaltning });
    }

    [HttpPost("/kolada/katalog", Name = KoladaRoutes.Catalogue)]
    public async Task<IActionResult> Catalogue(int forvaltning, CancellationToken ct)
    {
        if (!await ExistsAsync(forvaltning, ct) || !await MayManageAsync(forvaltning))
        {
            return Refuse(forvaltning);
        }
        try
        {
            var count = await kolada.RefreshCatalogueAsync(ct);
            TempData["KoladaBesked"] = $"Katalogen är hämtad: {Shared.Display.Count(count, "nyckeltal", "nyckeltal")}.";
        }
        catch (KoladaFetchException ex)
        {
            TempData["KoladaFel"] = $"Katalogen gick inte att hämta: {ex.Message} Den lokala katalogen är oförändrad.";
        }
        return RedirectToRoute(KoladaRoutes.Index, new { forvaltning });
    }

    [HttpPost("/kolada/ladda-upp", Name = KoladaRoutes.Upload)]
    [RequestSizeLimit(64L * 1024 * 1024)]
    public async Task<IActionResult> Upload(int forvaltning, IFormFile? fil, CancellationToken ct)
    {
        if (!await ExistsAsync(forvaltning, ct) || !await MayManageAsync(forvaltning))
        {
            return Refuse(forvaltning);
        }
        if (fil is null || fil.Length == 0)
        {
            TempData["KoladaFel"] = "Välj en JSON-fil med värden från Kolada.";
            return RedirectToRoute(KoladaRoutes.Index, new { forvaltning });
        }
        await using var stream = fil.OpenReadStream();
        var (count, error) = await kolada.UploadAsync(forvaltning, stream, ct);
        TempData[error is null ? "KoladaBesked" : "KoladaFel"] = error
            ?? $"Filen är inläst: {Shared.Display.Count(count, "värde", "värden")}.";
        return RedirectToRoute(KoladaRoutes.Index, new { forvaltning });
    }

    [HttpPost("/mal/{id:int}/nyckeltal", Name = KoladaRoutes.LinkGoal)]
    public async Task<IActionResult> LinkGoal(int id, string? nyckeltal, bool kommun, bool skolor, CancellationToken ct)
    {
        var goal = await db.Goals.Where(g => g.Id == id).Where(g => db.Plans.Where(ReadAccess.Plans(User.Scope())).Any(p => p.Id == g.PlanId))
            .Select(g => new { g.Plan.OrganisationId, g.Title }).SingleOrDefaultAsync(ct);
        if (goal is null)
        {
            return NotFound();
        }
        if (!await MayManageAsync(goal.OrganisationId))
        {
            return Forbid();
        }
        var outcome = await kolada.LinkAsync(goal.OrganisationId, id, null, nyckeltal, kommun, skolor, User.Scope().UserId, ct);
        if (outcome.Linked)
        {
            TempData["Bekraftelse"] = "Nyckeltalet är kopplat till målet.";
            return RedirectToRoute(Goals.GoalRoutes.Details, new { id }, "nyckeltal");
        }
        return View("Choose", new ChoosePage($"Koppla nyckeltal till målet ”{goal.Title}”", Url.RouteUrl(KoladaRoutes.LinkGoal, new { id })!,
            Url.RouteUrl(Goals.GoalRoutes.Details, new { id })!,
            nyckeltal, outcome.Error, outcome.Matches));
    }

    [HttpPost("/insatser/{id:int}/effekter/{effectId:int}/nyckeltal", Name = KoladaRoutes.LinkEffect)]
    public async Task<IActionResult> LinkEffect(int id, int effectId, string? nyckeltal, bool kommun, bool skolor, CancellationToken ct)
    {
        var effect = await db.ExpectedEffects.Where(e => e.Id == effectId && e.InitiativeId == id)
            .Where(e => db.Plans.Where(ReadAccess.Plans(User.Scope())).Any(p => p.Id == e.Initiative.PlanId))
            .Select(e => new { e.Initiative.Plan.OrganisationId, e.Text }).SingleOrDefaultAsync(ct);
        if (effect is null)
        {
            return NotFound();
        }
        if (!await MayManageAsync(effect.OrganisationId))
        {
            return Forbid();
        }
        var outcome = await kolada.LinkAsync(effect.OrganisationId, null, effectId, nyckeltal, kommun, skolor, User.Scope().UserId, ct);
        if (outcome.Linked)
        {
            TempData["Bekraftelse"] = "Nyckeltalet är kopplat till den förväntade effekten.";
            return RedirectToRoute(Initiatives.InitiativeRoutes.Details, new { id }, "nyckeltal");
        }
        var text = effect.Text.Length > 80 ? effect.Text[..80] + "…" : effect.Text;
        return View("Choose", new ChoosePage($"Koppla nyckeltal till effekten ”{text}”", Url.RouteUrl(KoladaRoutes.LinkEffect, new { id, effectId })!,
            Url.RouteUrl(Initiatives.InitiativeRoutes.Details, new { id })!, nyckeltal, outcome.Error, outcome.Matches));
    }

    [HttpPost("/nyckeltal/{id:int}/ta-bort", Name = KoladaRoutes.Unlink)]
    public async Task<IActionResult> Unlink(int id, CancellationToken ct)
    {
        var linkId = id;
        var link = await db.KoladaLinks.Where(l => l.Id == linkId)
            .Select(l => new
            {
                l.RemovedAt,
                l.OrganisationId, l.GoalId, InitiativeId = (int?)l.ExpectedEffect!.InitiativeId,
                PlanId = l.Goal != null ? l.Goal.PlanId : l.ExpectedEffect!.Initiative.PlanId,
            })
            .SingleOrDefaultAsync(ct);
        if (link is null || !await db.Plans.Where(ReadAccess.Plans(User.Scope())).AnyAsync(p => p.Id == link.PlanId, ct))
        {
            return NotFound();
        }
        if (!await MayManageAsync(link.OrganisationId))
        {
            return Forbid();
        }
        // A second click on a removed link (another tab) just shows the page again.
        if (link.RemovedAt is null)
        {
            await kolada.UnlinkAsync(linkId, User.Scope().UserId, ct);
        }
        TempData["Bekraftelse"] = "Nyckeltalet är inte längre kopplat. Kopplingen finns kvar i historiken.";
        return link.GoalId is { } goal
            ? RedirectToRoute(Goals.GoalRoutes.Details, new { id = goal }, "nyckeltal")
            : RedirectToRoute(Initiatives.InitiativeRoutes.Details, new { id = link.InitiativeId }, "nyckeltal");
    }

    private Task<bool> ExistsAsync(int organisationId, CancellationToken ct) => db.Organisations.AnyAsync(o => o.Id == organisationId, ct);

    /// <summary>Another förvaltning's settings are not found; the user's own are forbidden when they may not manage them.</summary>
    private IActionResult Refuse(int organisationId) =>
        User.Scope().OrganisationId is { } own && own != organisationId ? NotFound() : Forbid();
}
