using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Dashboard;

/// <summary>Resolves an <see cref="OverviewRequest"/> against the database and the user's scope.</summary>
public sealed class OverviewScopes(AppDbContext db, TimeProvider clock)
{
    /// <summary>Null when the user has no förvaltning (and so no overview).</summary>
    public async Task<OverviewScope?> ResolveAsync(OverviewRequest request, UserScope user, CancellationToken ct)
    {
        if (user.OrganisationId is not { } org)
        {
            return null;
        }
        var problems = request.Problems.ToList();
        var today = ReportStates.Today(clock);

        // The plans of the user's own förvaltning that they may read, with their rounds: one query.
        var plans = await db.Plans.AsNoTracking().Where(ReadAccess.Plans(user)).Where(p => p.OrganisationId == org && !p.IsArchived)
            .OrderByDescending(p => p.Status == PlanStatus.Adopted).ThenByDescending(p => p.PeriodStart).ThenByDescending(p => p.Id)
            .Select(p => new
            {
                p.Id, p.Name, p.Status,
                Rounds = db.FollowUpRounds.Where(r => r.PlanId == p.Id).OrderByDescending(r => r.OpensOn).ThenByDescending(r => r.Id)
                    .Select(r => new RoundOption(r.Id, r.Name, r.OpensOn, r.Deadline, r.Status)).ToList(),
            })
            .AsSingleQuery()
            .ToListAsync(ct);

        // The latest adopted plan is the default; a plan given in the URL must be one of the förvaltning's.
        var plan = request.Plan is { } wanted ? plans.FirstOrDefault(p => p.Id == wanted)
            : request.Round is { } givenRound ? plans.FirstOrDefault(p => p.Rounds.Any(r => r.Id == givenRound)) : null;
        if (request.Plan is not null && plan is null)
        {
            problems.Add("Planen finns inte i din förvaltning; förvaltningens senaste fastställda plan visas.");
        }
        plan ??= plans.FirstOrDefault(p => p.Status == PlanStatus.Adopted) ?? plans.FirstOrDefault();

        var rounds = plan?.Rounds ?? [];
        var round = request.Round is { } wantedRound ? rounds.FirstOrDefault(r => r.Id == wantedRound) : null;
        if (request.Round is not null && round is null)
        {
            problems.Add("Omgången hör inte till planen; planens senaste omgång visas.");
        }
        round ??= rounds.FirstOrDefault();

        var planId = plan?.Id ?? 0;
        // Archived goals too: insatser may still stand under one, and every figure must have its row.
        var goals = await db.Goals.AsNoTracking().Where(g => g.PlanId == planId).OrderBy(g => g.IsArchived).ThenBy(g => g.SortOrder)
            .Select(g => new Option(g.Id, (g.ShortName ?? g.Title) + (g.IsArchived ? " (arkiverat)" : ""))).ToListAsync(ct);
        var allDepartments = await db.Departments.AsNoTracking().Where(d => d.OrganisationId == org)
            .OrderBy(d => d.Name).Select(d => new { d.Id, d.Name, Open = d.ClosedOn == null }).ToListAsync(ct);
        var departments = allDepartments.Where(d => d.Open).Select(d => new Option(d.Id, d.Name)).ToList();

        var isPrincipal = OverviewScope.IsOnlyPrincipal(user);
        var ownUnits = user.UnitIds.ToList();
        var units = await db.Units.AsNoTracking().Where(u => u.OrganisationId == org && u.ClosedOn == null && (!isPrincipal || ownUnits.Contains(u.Id)))
            .OrderBy(u => u.Name).Select(u => new Option(u.Id, u.Name)).ToListAsync(ct);

        int? goalId = null;
        if (request.Goal is { } g && goals.All(x => x.Id != g))
        {
            problems.Add("Målet hör inte till planen och ignorerades.");
        }
        else
        {
            goalId = request.Goal;
        }

        // A rektor's figures are always their own units'; a unit outside them is ignored, never shown.
        int? chosenUnit = null;
        if (request.Unit is { } unit)
        {
            if (units.Any(u => u.Id == unit))
            {
                chosenUnit = unit;
            }
            else
            {
                problems.Add(isPrincipal
                    ? "Enheten är inte din; översikten visar dina egna enheter."
                    : "Enheten finns inte i din förvaltning och ignorerades.");
            }
        }
        IReadOnlyList<int>? unitIds = chosenUnit is { } c ? [c] : isPrincipal ? ownUnits : null;

        int? departmentId = null;
        var widened = false;
        if (request.Department is { } department)
        {
            if (departments.Any(d => d.Id == department))
            {
                departmentId = department;
            }
            else
            {
                problems.Add("Avdelningen finns inte i din förvaltning och ignorerades.");
            }
        }
        var defaultsToDepartment = OverviewScope.SeesOwnDepartmentFirst(user);
        if (request.AllDepartments)
        {
            widened = true;
        }
        else if (departmentId is null && defaultsToDepartment)
        {
            // An avdelningschef or tjänsteperson starts with their own department; "alla" widens to the förvaltning.
            departmentId = departments.Select(d => (int?)d.Id).FirstOrDefault(d => user.DepartmentIds.Contains(d!.Value));
        }

        int? unitDepartment = null;
        if (request.UnitDepartment is { } ud)
        {
            if (allDepartments.Any(d => d.Id == ud))
            {
                unitDepartment = ud;
            }
            else
            {
                problems.Add("Avdelningen finns inte i din förvaltning och ignorerades.");
            }
        }

        return new OverviewScope(
            user, org, plan is null ? null : new Option(plan.Id, plan.Name), round, rounds,
            goalId, request.NoGoal, departmentId, widened, unitIds, chosenUnit,
            plans.Select(p => new Option(p.Id, p.Name)).ToList(), goals, departments, units, problems, today)
        {
            UnitDepartmentId = unitDepartment, UnitsWithoutDepartment = unitDepartment is null && request.UnitsWithoutDepartment,
            AllDepartments = allDepartments.Select(d => new Option(d.Id, d.Name)).ToList(),
        };
    }
}
