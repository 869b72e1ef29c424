using Insatsportal.Web.Authorization;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Initiatives;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Insatsportal.Web.Features.Dashboard;

/// <summary>
/// Översikt: where a plan stands in a round, what changed since the previous round, and the lists behind every
/// figure. Read only. Leadership sees the förvaltning, an avdelningschef or tjänsteperson their department by
/// default (widening with avdelning=alla), a rektor their own units only; an administratör has no overview
/// (docs/authorization.md).
/// </summary>
public sealed class DashboardController(
    OverviewScopes scopes, OverviewQueries overview, OverviewLists lists, ComparisonQueries comparison, IAuthorizationService authorization,
    Kolada.KoladaFigures kolada) : Controller
{
    [HttpGet("/oversikt", Name = DashboardRoutes.Index)]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        if (await ScopeAsync(strictRound: false, ct) is not { } scope)
        {
            return Forbid();
        }
        // The links to the nämndunderlag are offered only to those its own action lets in.
        var mayTakeBoardReport = await this.MayAsync(authorization, new RoundResource(scope.OrganisationId), Operations.BoardReport);
        Kolada.KoladaPanel? panel = null;
        if (scope.Plan is { } plan)
        {
            // All the plan's goal figures in a fixed number of queries, whatever the number of goals or insatser.
            var planId = plan.Id;
            var (figures, status, municipality) = await kolada.ForGoalsAsync(
                scope.OrganisationId, l => l.Goal != null && l.Goal.PlanId == planId && !l.Goal.IsArchived, null, ct, statusWhenEmpty: false);
            panel = new Kolada.KoladaPanel(scope.OrganisationId, municipality, figures, status, false, "", "");
        }
        return View(await overview.GetAsync(scope, ct) with { MayTakeBoardReport = mayTakeBoardReport, Kolada = panel });
    }

    [HttpGet("/oversikt/sedan-forra", Name = DashboardRoutes.SinceLast)]
    public async Task<IActionResult> SinceLast(CancellationToken ct)
    {
        if (!MayView())
        {
            return Forbid();
        }
        if (await ScopeAsync(strictRound: true, ct) is not { } scope)
        {
            return NotFound();
        }
        return View(await comparison.CompareAsync(scope, Request.Query["avsnitt"].ToString().Trim(), Page(), ct));
    }

    [HttpGet("/oversikt/insatser", Name = DashboardRoutes.Initiatives)]
    public async Task<IActionResult> Initiatives(string? status, string? senast, CancellationToken ct)
    {
        if (!MayView())
        {
            return Forbid();
        }
        if (await ScopeAsync(strictRound: true, ct) is not { } scope)
        {
            return NotFound();
        }
        InitiativeStatus? chosen = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            var match = InitiativeSearchQuery.StatusValues.FirstOrDefault(s => string.Equals(s.Value, status.Trim(), StringComparison.OrdinalIgnoreCase));
            if (match.Value is null)
            {
                scope = scope with { Problems = [.. scope.Problems, "Statusen finns inte och ignorerades."] };
            }
            else
            {
                chosen = match.Status;
            }
        }
        LastFollowUpFilter? last = null;
        if (chosen is null && !string.IsNullOrWhiteSpace(senast))
        {
            var value = senast.Trim();
            if (string.Equals(value, OverviewLists.NeverValue, StringComparison.OrdinalIgnoreCase))
            {
                last = new LastFollowUpFilter(null);
            }
            else if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var roundId)
                && scope.RoundsUpToChosen().FirstOrDefault(r => r.Id == roundId) is { } round)
            {
                last = new LastFollowUpFilter(round);
            }
            else
            {
                scope = scope with { Problems = [.. scope.Problems, "Omgången för senast uppföljd finns inte och ignorerades."] };
            }
        }
        return View(await lists.InitiativesAsync(scope, chosen, last, Page(), ct));
    }

    [HttpGet("/oversikt/rapporter", Name = DashboardRoutes.Reports)]
    public async Task<IActionResult> Reports(string? lage, string? genomforande, CancellationToken ct)
    {
        if (!MayView())
        {
            return Forbid();
        }
        if (await ScopeAsync(strictRound: true, ct) is not { } scope)
        {
            return NotFound();
        }
        ReportState? state = null;
        ImplementationCategory? category = null;
        var missing = false;
        if (!string.IsNullOrWhiteSpace(genomforande))
        {
            var match = ImplementationCategories.Values.FirstOrDefault(v => string.Equals(v.Value, genomforande.Trim(), StringComparison.OrdinalIgnoreCase));
            if (match.Value is null)
            {
                scope = scope with { Problems = [.. scope.Problems, "Genomförandet finns inte och ignorerades."] };
            }
            else
            {
                category = match.Category;
            }
        }
        else if (!string.IsNullOrWhiteSpace(lage))
        {
            missing = string.Equals(lage.Trim(), ReportStateFilters.Missing, StringComparison.OrdinalIgnoreCase);
            var match = ReportStateFilters.Values.FirstOrDefault(v => string.Equals(v.Value, lage.Trim(), StringComparison.OrdinalIgnoreCase));
            if (match.Value is not null)
            {
                state = match.State;
            }
            else if (!missing)
            {
                scope = scope with { Problems = [.. scope.Problems, "Läget finns inte och ignorerades."] };
            }
        }
        return View(await lists.ReportsAsync(scope, state, missing, category, Page(), ct));
    }

    [HttpGet("/oversikt/indikatorer", Name = DashboardRoutes.Indicators)]
    public async Task<IActionResult> Indicators(CancellationToken ct)
    {
        if (!MayView())
        {
            return Forbid();
        }
        if (await ScopeAsync(strictRound: true, ct) is not { } scope)
        {
            return NotFound();
        }
        var table = await overview.IndicatorsAsync(scope, Page(), OverviewQueries.IndicatorPageSize, ct);
        return View(new IndicatorList(scope, table));
    }

    /// <summary>The list page asked for (sida); a value not understood gives page 1 and a note from the scope.</summary>
    private int Page() => OverviewRequest.Parse(Request.Query).Page;

    /// <summary>An administratör manages users and organisation, not plans: no overview unless they also hold
    /// another role.</summary>
    private bool MayView()
    {
        var user = User.Scope();
        return user.OrganisationId is not null && (user.IsPlanner || user.IsIn(Roles.Principal));
    }

    /// <summary>On the overview a round that is not the plan's gives a note and the latest round; on the pages
    /// behind it (reached by link with a round id) it is a 404, so ids of other förvaltningar cannot be probed.</summary>
    private async Task<OverviewScope?> ScopeAsync(bool strictRound, CancellationToken ct)
    {
        if (!MayView())
        {
            return null;
        }
        var request = OverviewRequest.Parse(Request.Query);
        var scope = await scopes.ResolveAsync(request, User.Scope(), ct);
        if (scope is null || (strictRound && request.Round is { } round && scope.Round?.Id != round))
        {
            return null;
        }
        return scope;
    }
}
