using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.FollowUps;

/// <summary>Opens and closes rounds, and creates their report assignments.</summary>
public sealed class RoundCommands(AppDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Opens a round: one report per insats for its responsible, and one per (insats × targeted unit) for that
    /// unit's rektor. Archived insatser get none.
    /// </summary>
    public async Task<FollowUpRound> OpenAsync(
        int planId, string name, FollowUpOccasionKind kind, DateOnly opensOn, DateOnly deadline, string? instructions,
        CancellationToken ct)
    {
        var round = new FollowUpRound
        {
            PlanId = planId, Name = name, Kind = kind, OpensOn = opensOn, Deadline = deadline, Instructions = instructions,
            Status = RoundStatus.Open,
            PlanNameInRound = await db.Plans.Where(p => p.Id == planId).Select(p => p.Name).SingleAsync(ct),
            FollowUpOccasionId = await db.FollowUpOccasions.Where(o => o.PlanId == planId && o.Kind == kind)
                .OrderBy(o => o.SortOrder).Select(o => (int?)o.Id).FirstOrDefaultAsync(ct),
        };
        db.FollowUpRounds.Add(round);
        await AddReportsAsync(round, planId, ct);
        await db.SaveChangesAsync(ct);
        return round;
    }

    /// <summary>Brings insatser added to the plan after the round opened into it; returns how many got reports.</summary>
    public async Task<int> AddMissingAsync(int roundId, CancellationToken ct)
    {
        var round = await db.FollowUpRounds.SingleAsync(r => r.Id == roundId, ct);
        if (round.Status != RoundStatus.Open)
        {
            return 0;
        }
        var added = await AddReportsAsync(round, round.PlanId, ct);
        await db.SaveChangesAsync(ct);
        return added;
    }

    public async Task<bool> CloseAsync(int roundId, string userId, CancellationToken ct)
    {
        var round = await db.FollowUpRounds.SingleAsync(r => r.Id == roundId, ct);
        if (round.Status == RoundStatus.Closed)
        {
            return false;
        }
        round.Status = RoundStatus.Closed;
        round.ClosedAt = clock.GetUtcNow().UtcDateTime;
        round.ClosedByUserId = userId;
        round.PlanNameInRound = await db.Plans.Where(p => p.Id == round.PlanId).Select(p => p.Name).SingleAsync(ct);

        // Freeze what the round says about each insats as it stands at closing.
        var current = await db.Initiatives.AsNoTracking().Where(i => i.PlanId == round.PlanId)
            .Select(i => new
            {
                i.Id, i.Title, i.Status, i.EndDate, Goal = i.Goal == null ? null : i.Goal.Title,
                i.Number, GoalSortOrder = i.Goal == null ? (int?)null : i.Goal.SortOrder, GoalShortName = i.Goal == null ? null : i.Goal.ShortName, i.SortOrder,
            })
            .ToDictionaryAsync(i => i.Id, ct);
        foreach (var report in await db.FollowUpReports.Where(r => r.RoundId == roundId).ToListAsync(ct))
        {
            if (current.TryGetValue(report.InitiativeId, out var i))
            {
                report.InitiativeTitle = i.Title;
                report.InitiativeStatusInRound = i.Status;
                report.InitiativeEndDateInRound = i.EndDate;
                report.GoalTitleInRound = i.Goal;
                report.InitiativeNumberInRound = i.Number;
                report.GoalSortOrderInRound = i.GoalSortOrder;
                report.GoalShortNameInRound = i.GoalShortName;
                report.InitiativeSortOrderInRound = i.SortOrder;
            }
        }
        await db.SaveChangesAsync(ct);
        return true;
    }

    private async Task<int> AddReportsAsync(FollowUpRound round, int planId, CancellationToken ct)
    {
        var initiatives = await db.Initiatives.AsNoTracking()
            .Where(i => i.PlanId == planId && !i.IsArchived)
            .Select(i => new
            {
                i.Id, i.Title, i.Status, i.EndDate, Goal = i.Goal == null ? null : i.Goal.Title,
                i.Number, GoalSortOrder = i.Goal == null ? (int?)null : i.Goal.SortOrder, GoalShortName = i.Goal == null ? null : i.Goal.ShortName, i.SortOrder,
                Department = i.Responsible.OrderBy(r => r.SortOrder).Where(r => r.DepartmentId != null).Select(r => r.DepartmentId).FirstOrDefault(),
                User = i.Responsible.OrderBy(r => r.SortOrder).Where(r => r.UserId != null).Select(r => r.UserId).FirstOrDefault(),
                Units = i.TargetedUnits.Select(u => u.UnitId).ToList(),
                Activities = i.Activities.OrderBy(a => a.Number).Select(a => new { a.Number, a.Text }).ToList(),
                Effects = i.ExpectedEffects.OrderBy(e => e.SortOrder).Select(e => new { e.SortOrder, e.Text, e.IndicatorName, e.IndicatorUnit }).ToList(),
            })
            .AsSplitQuery()
            .ToListAsync(ct);
        var existing = round.Id == 0
            ? []
            : await db.FollowUpReports.Where(r => r.RoundId == round.Id).Select(r => new { r.InitiativeId, r.UnitId }).ToListAsync(ct);
        var taken = existing.Select(e => (e.InitiativeId, e.UnitId)).ToHashSet();

        var added = 0;
        foreach (var i in initiatives)
        {
            foreach (var unit in new int?[] { null }.Concat(i.Units.Select(u => (int?)u)))
            {
                if (!taken.Add((i.Id, unit)))
                {
                    continue;
                }
                round.Reports.Add(new FollowUpReport
                {
                    InitiativeId = i.Id, UnitId = unit, InitiativeTitle = i.Title, Status = ReportStatus.NotStarted,
                    InitiativeStatusInRound = i.Status, InitiativeEndDateInRound = i.EndDate, GoalTitleInRound = i.Goal,
                    InitiativeNumberInRound = i.Number, GoalSortOrderInRound = i.GoalSortOrder, GoalShortNameInRound = i.GoalShortName, InitiativeSortOrderInRound = i.SortOrder,
                    ResponsibleDepartmentId = i.Department, ResponsibleUserId = unit is null ? i.User : null,
                    Activities = i.Activities.Select(a => new ReportActivity { Number = a.Number, ActivityText = a.Text }).ToList(),
                    Effects = i.Effects.Select(e => new ReportEffect
                    {
                        SortOrder = e.SortOrder, EffectText = e.Text, IndicatorName = e.IndicatorName, IndicatorUnit = e.IndicatorUnit,
                    }).ToList(),
                });
                added++;
            }
        }
        return added;
    }
}
