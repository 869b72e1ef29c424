using System.ComponentModel.DataAnnotations;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.FollowUps;

public sealed class ReasonForm
{
    [Required(ErrorMessage = "Skriv en kommentar.")]
    [StringLength(4000, ErrorMessage = "Kommentaren får vara högst 4 000 tecken.")]
    public string? Comment { get; set; }
}

public sealed class ApproveForm
{
    [StringLength(4000, ErrorMessage = "Kommentaren får vara högst 4 000 tecken.")]
    public string? Comment { get; set; }
}

// IsOwnWork: the user wrote or submitted the report, so someone else must approve it (four eyes).
// Kolada: the school's own key figures beside its report; null when there are none to show.
public sealed record ReportPage(
    ReportDetails Report, ReportForm? Form, bool MayWrite, bool MayReview, bool MayReopen, bool IsOwnWork, Kolada.KoladaSection? Kolada);

/// <summary>One report: its author writes and submits it; the responsible avdelningschef or the förvaltningschef
/// approves it or returns it with a comment. Every id is checked against the user's scope.</summary>
public sealed class ReportsController(
    FollowUpQueries queries, ReportCommands commands, AppDbContext db, IAuthorizationService authorization, Kolada.KoladaFigures kolada) : Controller
{
    [HttpGet("/rapporter/{id:int}", Name = FollowUpRoutes.Report)]
    public async Task<IActionResult> Details(int id, CancellationToken ct)
    {
        if (await queries.ReportAsync(id, User.Scope(), ct) is not { } report)
        {
            return NotFound();
        }
        var page = await PageAsync(report, null, ct);
        return View(page);
    }

    [HttpPost("/rapporter/{id:int}", Name = FollowUpRoutes.SaveReport)]
    public async Task<IActionResult> Save(int id, ReportForm form, string? command, CancellationToken ct)
    {
        if (await queries.ReportAsync(id, User.Scope(), ct) is not { } report)
        {
            return NotFound();
        }
        if (await this.RefusalAsync(authorization, Resource(report), Operations.Write) is { } refusal)
        {
            return refusal;
        }
        if (!ReportRules.IsEditable(report.Status, report.RoundStatus, report.ReopenedAfterClose))
        {
            TempData["Fel"] = "Rapporten kan inte ändras i sitt nuvarande läge.";
            return RedirectToRoute(FollowUpRoutes.Report, new { id });
        }
        var submit = command == "klarmarkera";
        form.ValidateValues(ModelState);
        if (submit)
        {
            form.ValidateForSubmit(ModelState);
        }
        if (form.Activities.Count != report.Activities.Count || form.Effects.Count != report.Effects.Count)
        {
            ModelState.AddModelError("", "Formuläret stämmer inte med rapporten. Öppna rapporten igen.");
        }
        if (!ModelState.IsValid)
        {
            return View("Details", await PageAsync(report, form, ct));
        }
        switch (await commands.SaveAsync(id, form, submit, User.Scope(), ct))
        {
            case ReportOutcome.Conflict:
                ModelState.AddModelError("", "Någon annan har sparat rapporten medan du skrev. Dina svar är kvar nedan men har inte sparats; jämför med det sparade och spara igen.");
                var fresh = await queries.ReportAsync(id, User.Scope(), ct);
                form.ConcurrencyToken = (await commands.GetFormAsync(id, ct)).ConcurrencyToken;
                return View("Details", await PageAsync(fresh!, form, ct));
            case ReportOutcome.NotAllowedInState:
                TempData["Fel"] = "Rapporten kan inte ändras i sitt nuvarande läge.";
                return RedirectToRoute(FollowUpRoutes.Report, new { id });
            case ReportOutcome.Submitted:
                TempData["Bekraftelse"] = "Rapporten är klarmarkerad och skickad för granskning.";
                // The report page then offers the next one due ("Nästa rapport"), or says there is none.
                var next = await queries.NextToWriteAsync(User.Scope(), id, ct);
                TempData["NastaRapport"] = next?.ReportId.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
                TempData["NastaRapportText"] = next is null ? null
                    : $"{next.InitiativeTitle}{(next.UnitName is null ? "" : " – " + next.UnitName)}, sista dag {Shared.Display.Date(next.Deadline)}";
                return RedirectToRoute(FollowUpRoutes.Report, new { id });
            default:
                TempData["Bekraftelse"] = "Utkastet är sparat.";
                return RedirectToRoute(FollowUpRoutes.Report, new { id });
        }
    }

    [HttpPost("/rapporter/{id:int}/godkann", Name = FollowUpRoutes.ApproveReport)]
    public async Task<IActionResult> Approve(int id, ApproveForm form, CancellationToken ct)
    {
        if (await this.RefusalAsync(authorization, await ReadableAsync(id, ct), Operations.Review) is { } refusal)
        {
            return refusal;
        }
        if (!ModelState.IsValid)
        {
            TempData["Fel"] = "Kommentaren får vara högst 4 000 tecken.";
            return RedirectToRoute(FollowUpRoutes.Report, new { id }, "granska");
        }
        var outcome = await commands.ApproveAsync(id, Shared.Archiving.Clean(form.Comment), User.Scope(), ct);
        Flash(outcome == ReportOutcome.Approved, "Rapporten är godkänd.", outcome == ReportOutcome.OwnWork
            ? OwnWorkMessage
            : "Bara en inskickad rapport kan godkännas.");
        return RedirectToRoute(FollowUpRoutes.Report, new { id });
    }

    [HttpPost("/rapporter/{id:int}/returnera", Name = FollowUpRoutes.ReturnReport)]
    public async Task<IActionResult> Return(int id, ReasonForm form, CancellationToken ct)
    {
        if (await this.RefusalAsync(authorization, await ReadableAsync(id, ct), Operations.Review) is { } refusal)
        {
            return refusal;
        }
        if (!ModelState.IsValid)
        {
            TempData["Fel"] = "Skriv en kommentar om vad som ska ändras innan du skickar tillbaka rapporten.";
            // The message is shown next to the comment field, which gets the focus (not only at the top of the page).
            TempData["FelFalt"] = "Comment";
            return RedirectToRoute(FollowUpRoutes.Report, new { id }, "Comment");
        }
        var outcome = await commands.ReturnAsync(id, form.Comment!.Trim(), User.Scope(), ct);
        Flash(outcome == ReportOutcome.Returned, "Rapporten är skickad tillbaka till författaren.", "Bara en inskickad rapport kan skickas tillbaka.");
        return RedirectToRoute(FollowUpRoutes.Report, new { id });
    }

    [HttpPost("/rapporter/{id:int}/oppna-igen", Name = FollowUpRoutes.ReopenReport)]
    public async Task<IActionResult> Reopen(int id, ReasonForm form, CancellationToken ct)
    {
        if (await this.RefusalAsync(authorization, await ReadableAsync(id, ct), Operations.Reopen) is { } refusal)
        {
            return refusal;
        }
        if (!ModelState.IsValid)
        {
            TempData["Fel"] = "Ange skälet till att rapporten öppnas igen.";
            TempData["FelFalt"] = "ReopenComment";
            return RedirectToRoute(FollowUpRoutes.Report, new { id }, "ReopenComment");
        }
        var outcome = await commands.ReopenAsync(id, form.Comment!.Trim(), User.Scope(), ct);
        Flash(outcome == ReportOutcome.Reopened, "Rapporten är öppnad igen och kan ändras.", "Rapporten kan inte öppnas igen.");
        return RedirectToRoute(FollowUpRoutes.Report, new { id });
    }

    private void Flash(bool ok, string success, string failure)
    {
        if (ok)
        {
            TempData["Bekraftelse"] = success;
        }
        else
        {
            TempData["Fel"] = failure;
        }
    }

    private async Task<ReportPage> PageAsync(ReportDetails report, ReportForm? form, CancellationToken ct)
    {
        var resource = Resource(report);
        var mayWrite = ReportRules.IsEditable(report.Status, report.RoundStatus, report.ReopenedAfterClose)
            && await this.MayAsync(authorization, resource, Operations.Write);
        return new ReportPage(report, mayWrite ? form ?? await commands.GetFormAsync(report.Id, ct) : null, mayWrite,
            ReportRules.AwaitsReview(report.Status, report.RoundStatus, report.ReopenedAfterClose) && await this.MayAsync(authorization, resource, Operations.Review),
            ReportRules.MayReopen(report.RoundStatus, report.ReopenedAfterClose) && await this.MayAsync(authorization, resource, Operations.Reopen),
            ReportRules.IsOwnWork(User.Scope().UserId, null, report.AuthorIds),
            await SchoolFiguresAsync(report, ct));
    }

    /// <summary>
    /// The key figures linked "för skolorna" to the insats's goal or its expected effects, with this report's school's
    /// values and, where the figure is also linked for the municipality, the municipality and Riket beside them. No
    /// query when the school has no id in Kolada; otherwise the same few queries whatever the number of figures.
    /// Whoever may read the report sees them (the figures are public).
    /// </summary>
    private async Task<Kolada.KoladaSection?> SchoolFiguresAsync(ReportDetails report, CancellationToken ct)
    {
        if (report.UnitId is not { } unitId || report.UnitKoladaOuId is null)
        {
            return null;
        }
        var (initiativeId, goalId) = (report.InitiativeId, report.GoalId);
        var (figures, status, municipality) = await kolada.ForGoalsAsync(report.OrganisationId,
            l => l.ForUnits && ((goalId != null && l.GoalId == goalId)
                || (l.ExpectedEffect != null && l.ExpectedEffect.InitiativeId == initiativeId)),
            [unitId], ct, statusWhenEmpty: false);
        var shown = figures
            .Select(f => f with
            {
                // The school first; then the comparison the figure has (the municipality's total and Riket), where fetched.
                Rows = [.. f.Rows.Where(r => r.UnitId == unitId),
                    .. f.Rows.Where(r => r.UnitId is null && r.Gender == "T" && r.Cells.Any(c => c.Fetched))],
            })
            .Where(f => f.Rows.Any(r => r.UnitId == unitId))
            .DistinctBy(f => f.KpiId) // The same figure linked to the goal and to an effect is shown once.
            .ToList();
        if (shown.Count == 0)
        {
            return null;
        }
        var panel = new Kolada.KoladaPanel(report.OrganisationId, municipality, shown, status, MayManage: false, "", "Nyckeltal från Kolada");
        return new Kolada.KoladaSection(panel, shown, null, Url.RouteUrl(FollowUpRoutes.Report, new { id = report.Id })!, "");
    }

    public const string OwnWorkMessage =
        "Du har skrivit eller skickat in rapporten och kan därför inte godkänna den själv. Den godkänns av en annan granskare: " +
        "avdelningschefen för den ansvariga avdelningen eller förvaltningschefen.";

    private static ReportResource Resource(ReportDetails report) => new(report.Id, report.OrganisationId);

    /// <summary>The report as authorization sees it, if the user may read it; null for an unknown or unreadable id.</summary>
    private Task<ReportResource?> ReadableAsync(int id, CancellationToken ct) =>
        db.FollowUpReports.Where(r => r.Id == id).Where(ReportAccess.Readable(User.Scope()))
            .Select(r => new ReportResource(r.Id, r.Round.Plan.OrganisationId)).SingleOrDefaultAsync(ct);
}
