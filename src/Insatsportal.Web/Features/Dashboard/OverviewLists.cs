using System.Linq.Expressions;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Initiatives;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Dashboard;

public sealed record InitiativeListRow(int Id, string? Number, string Title, string? Goal, InitiativeStatus Status, string? Responsible);

public sealed record InitiativeList(OverviewScope Scope, InitiativeStatus? Status, IReadOnlyList<InitiativeListRow> Rows, string? SearchLink);

public sealed record ReportList(
    OverviewScope Scope, string Heading, IReadOnlyList<ReportRow> Rows, IReadOnlyDictionary<int, ReportState> States);

/// <summary>
/// The lists behind the overview's figures: the same scope and the same filter expressions as the figures, so a
/// figure always equals the number of rows on the list it links to.
/// </summary>
public sealed class OverviewLists(AppDbContext db)
{
    /// <summary>Who answers for a report: the rektor of the unit, or the insats' named responsible or first
    /// responsible entry (with its department).</summary>
    public static Expression<Func<FollowUpReport, ReportRow>> Row(AppDbContext db) => r => new ReportRow(
        r.Id, r.InitiativeId, r.InitiativeTitle, r.Unit == null ? null : r.Unit.Name,
        r.UnitId != null
            ? db.UserUnits.Where(u => u.UnitId == r.UnitId && u.User.IsActive).OrderBy(u => u.User.DisplayName)
                .Select(u => u.User.DisplayName + ", rektor").FirstOrDefault() ?? "Rektor för " + r.Unit!.Name
            : r.ResponsibleUser != null ? r.ResponsibleUser.DisplayName
            : r.Initiative.Responsible.OrderBy(x => x.SortOrder).Select(x => x.RoleTitle + (x.Department == null ? "" : ", " + x.Department.Name)).FirstOrDefault(),
        r.Status, r.Implementation);

    public async Task<InitiativeList> InitiativesAsync(OverviewScope scope, InitiativeStatus? status, CancellationToken ct)
    {
        var q = scope.Initiatives(db);
        if (status is { } s)
        {
            q = q.Where(i => i.Status == s);
        }
        var rows = await q
            .OrderBy(i => i.Goal == null ? int.MaxValue : i.Goal.SortOrder).ThenBy(i => i.SortOrder).ThenBy(i => i.Id)
            .Select(i => new InitiativeListRow(i.Id, i.Number, i.Title, i.Goal == null ? null : i.Goal.ShortName ?? i.Goal.Title, i.Status,
                i.Responsible.OrderBy(x => x.SortOrder).Select(x => x.RoleTitle + (x.Department == null ? "" : ", " + x.Department.Name)).FirstOrDefault()))
            .ToListAsync(ct);
        return new InitiativeList(scope, status, rows, SearchLink(scope, status));
    }

    /// <summary>The same selection in the insats search, when /insatser can express it (one unit at most).</summary>
    private static string? SearchLink(OverviewScope scope, InitiativeStatus? status)
    {
        if (scope.Plan is null || scope.NoGoal || (scope.UnitIds is { Count: > 1 }))
        {
            return null;
        }
        return new InitiativeSearchQuery
        {
            Plan = scope.Plan.Id, Goal = scope.GoalId, Department = scope.DepartmentId, Unit = scope.UnitIds?.Single(),
            Statuses = status is { } s ? [s] : [],
        }.Link(1);
    }

    public async Task<ReportList> ReportsAsync(OverviewScope scope, ReportState? state, bool missing, ImplementationCategory? category, CancellationToken ct)
    {
        if (scope.Round is not { } round)
        {
            return new ReportList(scope, "Rapporter", [], new Dictionary<int, ReportState>());
        }
        var q = scope.Reports(db);
        var heading = "Alla rapporter";
        if (category is { } c)
        {
            q = scope.Level(q).Where(ImplementationCategories.Of(c));
            heading = $"Genomförande: {ImplementationCategories.Name(c)}";
        }
        else if (missing)
        {
            q = q.Where(ReportStateFilters.IsMissing);
            heading = "Rapporter som saknas (ej inskickade)";
        }
        else if (state is { } s)
        {
            q = q.Where(ReportStateFilters.In(s, scope.Today > round.Deadline));
            heading = $"Rapporter i läget {Shared.Display.Name(s).ToLower(Shared.Display.Swedish)}";
        }
        var rows = await q
            .OrderBy(r => r.Initiative.Goal == null ? int.MaxValue : r.Initiative.Goal.SortOrder).ThenBy(r => r.Initiative.SortOrder)
            .ThenBy(r => r.InitiativeId).ThenBy(r => r.UnitId == null ? "" : r.Unit!.Name)
            .Select(Row(db))
            .ToListAsync(ct);
        return new ReportList(scope, heading, rows, rows.ToDictionary(r => r.ReportId, r => ReportStates.Of(r.Status, round.Deadline, scope.Today)));
    }
}
