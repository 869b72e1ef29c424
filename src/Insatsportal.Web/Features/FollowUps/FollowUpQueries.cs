using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.FollowUps;

/// <summary>The follow-up pages' reads: rounds, reports and an insats's report matrix here; Att göra and the start
/// page's to-do in FollowUpQueries.Todo.cs.</summary>
public sealed partial class FollowUpQueries(
    AppDbContext db, TimeProvider clock, ReportCounts reportCounts, CurrentDataVersion dataVersion, LinkGenerator links)
{
    private DateOnly Today => ReportStates.Today(clock);

    public async Task<IReadOnlyList<RoundListItem>> RoundsAsync(UserScope user, CancellationToken ct)
    {
        var rounds = await db.FollowUpRounds.AsNoTracking()
            .Where(r => db.Plans.Where(ReadAccess.Plans(user)).Any(p => p.Id == r.PlanId))
            .OrderByDescending(r => r.Status == RoundStatus.Open).ThenByDescending(r => r.Deadline)
            .Select(r => new { r.Id, r.Name, r.PlanId, PlanName = r.Plan.Name, r.OpensOn, r.Deadline, r.Status })
            .ToListAsync(ct);
        // One GROUP BY over the readable reports of these rounds instead of four correlated counts per round,
        // kept for a while (ReportCounts): it reads every report of every round.
        var ids = rounds.Select(r => r.Id).ToList();
        var counts = (await reportCounts.GetAsync("omgangar|" + string.Join(',', ids), user, await dataVersion.GetAsync(ct), () => db.FollowUpReports.AsNoTracking()
                .Where(r => ids.Contains(r.RoundId)).Where(ReportAccess.Readable(user))
                .GroupBy(r => new { r.RoundId, r.Status })
                .Select(g => new RoundStatusCount(g.Key.RoundId, g.Key.Status, g.Count()))
                .ToListAsync(ct)))
            .ToLookup(c => c.RoundId);
        return rounds.Select(r =>
        {
            var c = counts[r.Id].ToList();
            int Of(params ReportStatus[] statuses) => c.Where(x => statuses.Contains(x.Status)).Sum(x => x.Count);
            return new RoundListItem(r.Id, r.Name, r.PlanId, r.PlanName, r.OpensOn, r.Deadline, r.Status,
                c.Sum(x => x.Count), Of(ReportStatus.Approved), Of(ReportStatus.Submitted),
                Of(ReportStatus.NotStarted, ReportStatus.Draft, ReportStatus.Returned));
        }).ToList();
    }

    /// <summary>
    /// A round with one page of its reports: counts per state over the chosen filters (one GROUP BY, which also
    /// gives the number of pages), then the page's 50 rows, ordered as the round holds the plan (goal's place,
    /// place under the goal, insats, unit). Options for the filters are the plan's goals and the förvaltning's
    /// departments and units. A fixed number of commands whatever the size of the round.
    /// </summary>
    public async Task<RoundDetails?> RoundAsync(int id, UserScope user, RoundReportQuery query, CancellationToken ct)
    {
        var round = await db.FollowUpRounds.AsNoTracking()
            .Where(r => r.Id == id && db.Plans.Where(ReadAccess.Plans(user)).Any(p => p.Id == r.PlanId))
            .Select(r => new { r.Id, r.Name, r.PlanId, PlanName = r.Plan.Name, r.Plan.OrganisationId, r.Kind, r.OpensOn, r.Deadline, r.Instructions, r.Status, r.ClosedAt })
            .SingleOrDefaultAsync(ct);
        if (round is null)
        {
            return null;
        }
        var today = Today;
        var filtered = db.FollowUpReports.AsNoTracking().Where(r => r.RoundId == id).Where(ReportAccess.Readable(user));
        if (query.Goal is { } goal)
        {
            filtered = filtered.Where(r => r.Initiative.GoalId == goal);
        }
        if (query.Department is { } department)
        {
            filtered = filtered.Where(r => r.ResponsibleDepartmentId == department);
        }
        if (query.Unit is { } unit)
        {
            filtered = filtered.Where(r => r.UnitId == unit);
        }
        if (query.Initiative is { } initiative)
        {
            filtered = filtered.Where(r => r.InitiativeId == initiative);
        }
        if (query.Patterns() is { Count: > 0 } patterns)
        {
            // Always four LIKEs (the variants repeated) so that the statement has one shape.
            string P(int n) => patterns[Math.Min(n, patterns.Count - 1)];
            var (p0, p1, p2, p3) = (P(0), P(1), P(2), P(3));
            filtered = filtered.Where(r => EF.Functions.Like(r.InitiativeTitle, p0, "\\") || EF.Functions.Like(r.InitiativeTitle, p1, "\\")
                || EF.Functions.Like(r.InitiativeTitle, p2, "\\") || EF.Functions.Like(r.InitiativeTitle, p3, "\\"));
        }

        var byStatus = (await filtered.GroupBy(r => r.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => x.Status, x => x.Count);
        var counts = Enum.GetValues<ReportState>().ToDictionary(s => s, _ => 0);
        foreach (var (status, count) in byStatus)
        {
            counts[ReportStates.Of(status, round.Deadline, today)] += count;
        }

        var rows = filtered;
        if (query.State is { } state)
        {
            var statuses = Enum.GetValues<ReportStatus>().Where(s => ReportStates.Of(s, round.Deadline, today) == state).ToList();
            rows = rows.Where(r => statuses.Contains(r.Status));
        }
        var total = query.State is { } chosen ? counts[chosen] : counts.Values.Sum();
        var pageCount = Math.Max(1, (total + RoundReportQuery.PageSize - 1) / RoundReportQuery.PageSize);
        var page = Math.Min(query.Page, pageCount);
        var reports = await rows
            // Exactly the columns of the index (RoundId, GoalSortOrderInRound, InitiativeSortOrderInRound, InitiativeId,
            // UnitId), so SQLite walks the index to the page instead of sorting the whole round: the övergripande
            // insatser (no goal) come first, and under an insats its own report, then its units in the order they were added.
            .OrderBy(r => r.GoalSortOrderInRound).ThenBy(r => r.InitiativeSortOrderInRound)
            .ThenBy(r => r.InitiativeId).ThenBy(r => r.UnitId)
            .Skip((page - 1) * RoundReportQuery.PageSize).Take(RoundReportQuery.PageSize)
            .Select(r => new { r.Id, r.InitiativeId, r.InitiativeTitle, r.UnitId, UnitName = r.Unit == null ? null : r.Unit.Name, Department = r.ResponsibleDepartment == null ? null : r.ResponsibleDepartment.Name, r.Status })
            .ToListAsync(ct);

        var missing = round.Status == RoundStatus.Open
            ? await db.Initiatives.CountAsync(i => i.PlanId == round.PlanId && !i.IsArchived && !db.FollowUpReports.Any(r => r.RoundId == id && r.InitiativeId == i.Id), ct)
            : 0;
        var goals = await db.Goals.AsNoTracking().Where(g => g.PlanId == round.PlanId && !g.IsArchived)
            .OrderBy(g => g.SortOrder).ThenBy(g => g.Id).Select(g => new { g.Id, Label = g.ShortName ?? g.Title }).ToListAsync(ct);
        var departments = await db.Departments.AsNoTracking().Where(d => d.OrganisationId == round.OrganisationId)
            .OrderBy(d => d.Name).Select(d => new { d.Id, d.Name }).ToListAsync(ct);
        // The unit filter offers only units whose reports the user may read: every unit of the förvaltning for
        // leadership, a rektor's own units, none for an official (who reads insats-level reports only).
        var leadership = user.IsIn(Roles.DirectorOfEducation) || user.IsIn(Roles.DepartmentHead);
        var ownUnits = user.IsIn(Roles.Principal) ? user.UnitIds.ToList() : [];
        var units = await db.Units.AsNoTracking()
            .Where(u => u.OrganisationId == round.OrganisationId && (leadership || ownUnits.Contains(u.Id)))
            .OrderBy(u => u.Name).Select(u => new { u.Id, u.Name }).ToListAsync(ct);

        return new RoundDetails(round.Id, round.Name, round.PlanId, round.PlanName, round.OrganisationId, round.Kind, round.OpensOn,
            round.Deadline, round.Instructions, round.Status, round.ClosedAt,
            reports.Select(r => new RoundReportRow(r.Id, r.InitiativeId, r.InitiativeTitle, r.UnitId, r.UnitName, r.Department, r.Status,
                ReportStates.Of(r.Status, round.Deadline, today))).ToList(),
            missing)
        {
            Query = query with { Page = page },
            Counts = counts,
            Total = total,
            PageCount = pageCount,
            Goals = goals.Select(g => (g.Id, g.Label)).ToList(),
            Departments = departments.Select(d => (d.Id, d.Name)).ToList(),
            Units = units.Select(u => (u.Id, u.Name)).ToList(),
        };
    }

    public async Task<ReportDetails?> ReportAsync(int id, UserScope user, CancellationToken ct)
    {
        var today = Today;
        var report = await db.FollowUpReports.AsNoTracking()
            .Where(r => r.Id == id).Where(ReportAccess.Readable(user))
            .Select(r => new
            {
                r.Id, r.RoundId, RoundName = r.Round.Name, RoundStatus = r.Round.Status, r.Round.Deadline, r.Round.Instructions,
                r.Round.PlanId, PlanName = r.Round.Plan.Name, r.Round.Plan.OrganisationId, r.InitiativeId, r.InitiativeTitle,
                r.UnitId, UnitName = r.Unit == null ? null : r.Unit.Name, UnitKoladaOuId = r.Unit == null ? null : r.Unit.KoladaOuId,
                r.Initiative.GoalId, r.Status, r.ReopenedAfterClose, r.ReturnComment,
                r.Implementation, r.ImplementationComment, r.OverallAssessment, r.NextSteps, r.Risks,
                Activities = r.Activities.OrderBy(a => a.Number).Select(a => new ReportActivityItem(a.Number, a.ActivityText, a.Status, a.Comment)).ToList(),
                Effects = r.Effects.OrderBy(e => e.SortOrder).Select(e => new ReportEffectItem(e.EffectText, e.IndicatorName, e.IndicatorUnit, e.Judgement, e.EvidenceType, e.Evidence, e.MeasuredValue)).ToList(),
                Transitions = r.Transitions.OrderBy(t => t.At).ThenBy(t => t.Id).Select(t => new TransitionItem(t.From, t.To, t.At, t.UserName, t.Comment)).ToList(),
                Authors = r.Transitions.Where(t => t.UserId != null && (t.To == ReportStatus.Draft || t.To == ReportStatus.Submitted))
                    .Select(t => t.UserId!).ToList(),
                r.SubmittedByUserId,
            })
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);
        return report is null ? null : new ReportDetails(
            report.Id, report.RoundId, report.RoundName, report.RoundStatus, report.Deadline, report.Instructions, report.PlanId,
            report.PlanName, report.OrganisationId, report.InitiativeId, report.InitiativeTitle, report.UnitId, report.UnitName,
            report.Status, ReportStates.Of(report.Status, report.Deadline, today), report.ReopenedAfterClose, report.ReturnComment,
            report.Implementation, report.ImplementationComment, report.OverallAssessment, report.NextSteps, report.Risks,
            report.Activities, report.Effects, report.Transitions,
            report.Authors.Append(report.SubmittedByUserId).OfType<string>().Distinct().ToList(), report.GoalId, report.UnitKoladaOuId);
    }

    public async Task<ReportMatrix> MatrixAsync(int initiativeId, UserScope user, int page, CancellationToken ct)
    {
        var today = Today;
        var reports = await db.FollowUpReports.AsNoTracking()
            .Where(r => r.InitiativeId == initiativeId).Where(ReportAccess.Readable(user))
            .Select(r => new { r.Id, r.RoundId, RoundName = r.Round.Name, RoundStatus = r.Round.Status, r.Round.Deadline, r.UnitId, UnitName = r.Unit == null ? null : r.Unit.Name, r.Status })
            .ToListAsync(ct);
        var rounds = reports.Select(r => (Id: r.RoundId, Name: r.RoundName, Status: r.RoundStatus, r.Deadline)).Distinct()
            .OrderBy(r => r.Deadline).Select(r => (r.Id, r.Name, r.Status)).ToList();
        var byCell = reports.ToDictionary(r => (r.RoundId, r.UnitId), r => (r.Id, State: ReportStates.Of(r.Status, r.Deadline, today)));
        var allRows = reports.Select(r => (r.UnitId, Label: r.UnitName ?? "Insatsen (ansvarig)")).Distinct()
            .OrderBy(r => r.UnitId is null ? 0 : 1).ThenBy(r => r.Label, StringComparer.Create(Shared.Display.Swedish, false))
            .ToList();
        page = Dashboard.Paging.Clamp(page, allRows.Count, ReportMatrix.PageSize);
        var rows = allRows.Skip((page - 1) * ReportMatrix.PageSize).Take(ReportMatrix.PageSize)
            .Select(row => new ReportMatrixRow(row.Label, rounds.Select(round =>
                byCell.TryGetValue((round.Id, row.UnitId), out var cell) ? ((int, ReportState)?)cell : null).ToList()))
            .ToList();
        var totals = rounds.Select(round => (IReadOnlyList<(ReportState, int)>)byCell
                .Where(c => c.Key.RoundId == round.Id).GroupBy(c => c.Value.State).OrderBy(g => g.Key)
                .Select(g => (g.Key, g.Count())).ToList())
            .ToList();
        var paging = new Dashboard.Paging(allRows.Count, page, ReportMatrix.PageSize,
            n => links.GetPathByName(Initiatives.InitiativeRoutes.Details, new { id = initiativeId, enhetssida = n }) + "#uppfoljning");
        return new ReportMatrix(rounds, rows, totals, paging);
    }
}
