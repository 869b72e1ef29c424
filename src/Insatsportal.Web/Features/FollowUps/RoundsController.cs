using System.ComponentModel.DataAnnotations;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.FollowUps;

public sealed class RoundForm
{
    [Required(ErrorMessage = "Välj plan.")]
    [Display(Name = "Plan")]
    public int? PlanId { get; set; }

    [Required(ErrorMessage = "Ange omgångens namn, till exempel ”Delårsrapport 1 2021”.")]
    [StringLength(200, ErrorMessage = "Namnet får vara högst 200 tecken.")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Välj typ av uppföljning.")]
    [Display(Name = "Typ av uppföljning")]
    public FollowUpOccasionKind? Kind { get; set; }

    [Required(ErrorMessage = "Ange när omgången öppnar.")]
    [Display(Name = "Öppnar")]
    public DateOnly? OpensOn { get; set; }

    [Required(ErrorMessage = "Ange sista dag att rapportera.")]
    [Display(Name = "Sista dag att rapportera")]
    public DateOnly? Deadline { get; set; }

    [StringLength(4000, ErrorMessage = "Instruktionerna får vara högst 4 000 tecken.")]
    public string? Instructions { get; set; }
}

/// <summary>The list of rounds and whether the user may open a new one.</summary>
public sealed record RoundsPage(IReadOnlyList<RoundListItem> Rounds, bool MayOpen);

public sealed record RoundFormPage(RoundForm Form, IReadOnlyList<(int Id, string Name)> Plans);

/// <summary>Uppföljningsomgångar: leadership opens and closes them; everyone sees the reports they may read.</summary>
public sealed class RoundsController(
    FollowUpQueries queries, RoundCommands commands, AppDbContext db, IAuthorizationService authorization, TimeProvider clock) : Controller
{
    [HttpGet("/omgangar", Name = FollowUpRoutes.Rounds)]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var mayOpen = User.Scope().OrganisationId is { } org && await this.MayAsync(authorization, new RoundResource(org), Operations.Create);
        return View(new RoundsPage(await queries.RoundsAsync(User.Scope(), ct), mayOpen));
    }

    [HttpGet("/omgangar/ny", Name = FollowUpRoutes.NewRound)]
    public async Task<IActionResult> Create(int? plan, CancellationToken ct)
    {
        if (await this.RefusalAsync(authorization, OwnOrganisation(), Operations.Create) is { } refusal)
        {
            return refusal;
        }
        var today = ReportStates.Today(clock);
        return View(new RoundFormPage(new RoundForm { PlanId = plan, OpensOn = today, Deadline = today.AddDays(30), Kind = FollowUpOccasionKind.InterimReport },
            await PlansAsync(ct)));
    }

    [HttpPost("/omgangar/ny", Name = FollowUpRoutes.NewRound)]
    public async Task<IActionResult> Create([Bind(Prefix = "Form")] RoundForm form, CancellationToken ct)
    {
        if (await this.RefusalAsync(authorization, OwnOrganisation(), Operations.Create) is { } refusal)
        {
            return refusal;
        }
        var plans = await PlansAsync(ct);
        if (form.PlanId is { } planId && plans.All(p => p.Id != planId))
        {
            ModelState.AddModelError("Form.PlanId", "Välj en plan i din förvaltning.");
        }
        if (form.Kind is { } kind && !Enum.IsDefined(kind))
        {
            ModelState.AddModelError("Form.Kind", "Välj en giltig typ av uppföljning.");
        }
        if (form.OpensOn is { } opens && form.Deadline is { } deadline && deadline < opens)
        {
            ModelState.AddModelError("Form.Deadline", "Sista dag att rapportera kan inte vara före öppningsdagen.");
        }
        if (!ModelState.IsValid)
        {
            return View(new RoundFormPage(form, plans));
        }
        var round = await commands.OpenAsync(form.PlanId!.Value, form.Name!.Trim(), form.Kind!.Value, form.OpensOn!.Value,
            form.Deadline!.Value, string.IsNullOrWhiteSpace(form.Instructions) ? null : form.Instructions.Trim(), ct);
        TempData["Bekraftelse"] = $"Omgången är öppnad med {Shared.Display.Count(round.Reports.Count, "rapport", "rapporter")} att lämna.";
        return RedirectToRoute(FollowUpRoutes.Round, new { id = round.Id });
    }

    [HttpGet("/omgangar/{id:int}", Name = FollowUpRoutes.Round)]
    public async Task<IActionResult> Details(int id, CancellationToken ct)
    {
        if (await queries.RoundAsync(id, User.Scope(), RoundReportQuery.Parse(Request.Query), ct) is not { } round)
        {
            return NotFound();
        }
        return View(round with
        {
            MayLead = await this.MayAsync(authorization, new RoundResource(round.OrganisationId), Operations.Edit),
            MayTakeBoardReport = await this.MayAsync(authorization, new RoundResource(round.OrganisationId), Operations.BoardReport),
        });
    }

    [HttpPost("/omgangar/{id:int}/stang", Name = FollowUpRoutes.CloseRound)]
    public async Task<IActionResult> Close(int id, CancellationToken ct)
    {
        if (await this.RefusalAsync(authorization, await ReadableAsync(id, ct), Operations.Edit) is { } refusal)
        {
            return refusal;
        }
        TempData["Bekraftelse"] = await commands.CloseAsync(id, User.Scope().UserId, ct)
            ? "Omgången är stängd. Rapporterna kan inte längre ändras."
            : "Omgången var redan stängd.";
        return RedirectToRoute(FollowUpRoutes.Round, new { id });
    }

    [HttpPost("/omgangar/{id:int}/lagg-till", Name = FollowUpRoutes.AddMissing)]
    public async Task<IActionResult> AddMissing(int id, CancellationToken ct)
    {
        if (await this.RefusalAsync(authorization, await ReadableAsync(id, ct), Operations.Edit) is { } refusal)
        {
            return refusal;
        }
        var added = await commands.AddMissingAsync(id, ct);
        TempData["Bekraftelse"] = added == 0 ? "Alla insatser är redan med i omgången." : $"{Shared.Display.Count(added, "ny rapport", "nya rapporter")} har lagts till i omgången.";
        return RedirectToRoute(FollowUpRoutes.Round, new { id });
    }

    /// <summary>A new round is opened in the user's own förvaltning; a user without one is refused as for any other.</summary>
    private RoundResource OwnOrganisation() => new(User.Scope().OrganisationId ?? 0);

    /// <summary>The round as authorization sees it, if the user may read its plan; null for an unknown or unreadable id.</summary>
    private Task<RoundResource?> ReadableAsync(int roundId, CancellationToken ct) =>
        db.FollowUpRounds.Where(r => r.Id == roundId && db.Plans.Where(ReadAccess.Plans(User.Scope())).Any(p => p.Id == r.PlanId))
            .Select(r => new RoundResource(r.Plan.OrganisationId)).SingleOrDefaultAsync(ct);

    private async Task<IReadOnlyList<(int Id, string Name)>> PlansAsync(CancellationToken ct)
    {
        var org = User.Scope().OrganisationId;
        var plans = await db.Plans.AsNoTracking().Where(p => p.OrganisationId == org && !p.IsArchived && p.Status != PlanStatus.Closed)
            .OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct);
        return plans.Select(p => (p.Id, p.Name)).ToList();
    }
}
