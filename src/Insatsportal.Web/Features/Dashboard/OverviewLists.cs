using System.Linq.Expressions;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Initiatives;
using Insatsportal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Dashboard;

public sealed record InitiativeListRow(int Id, string? Number, string Title, string? Goal, InitiativeStatus Status, string? Responsible);

/// <summary>Where a list stands: its total, the page shown and how to link to another page of it.</summary>
public sealed record Paging(int Total, int Page, int PageSize, Func<int, string> Link)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>The page asked for, within the list (a page past the end shows the last).</summary>
    public static int Clamp(int page, int total, int pageSize) => Math.Clamp(page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
}

public sealed record InitiativeList(OverviewScope Scope, string Heading, IReadOnlyList<InitiativeListRow> Rows, Paging Paging, string? SearchLink);

public sealed record ReportList(
    OverviewScope Scope, string Heading, IReadOnlyList<ReportRow> Rows, IReadOnlyDictionary<int, ReportState> States, Paging Paging);

/// <summary>The "senast uppföljd" filter of the insats list: never followed up, or last in the rounds opening on a day.</summary>
public sealed record LastFollowUpFilter(RoundOption? Round)
{
    public bool Never => Round is null;
}

/// <summary>
/// The lists behind the overview's figures: the same scope and the same filter expressions as the figures, so a
/// figure always equals the number of rows on the list it links to.
/// </summary>
public sealed class OverviewLists(AppDbContext db, LinkGenerator links)
{
    /// <summary>Rows per page of the lists behind the figures.</summary>
    public const int PageSize = 50;

    /// <summary>URL value (senast=aldrig) for the insatser never followed up.</summary>
    public const string NeverValue = "aldrig";

    /// <summary>
    /// The opening date of the latest round (of the plan's rounds up to the chosen one) in which the insats has a
    /// submitted or approved report at the scope's level; null when it has none. A correlated MAX that SQLite
    /// answers from the unique (RoundId, InitiativeId, UnitId) index, one seek per round and insats.
    /// </summary>
    public static Expression<Func<Initiative, DateOnly?>> LastRoundOpening(OverviewScope scope, AppDbContext db)
    {
        var reports = FollowedUp(scope, db);
        return i => reports.Where(r => r.InitiativeId == i.Id).Max(r => (DateOnly?)r.Round.OpensOn);
    }

    /// <summary>The reports that count as a follow-up: submitted or approved (submitting sets SubmittedAt, so it is not
    /// tested: the covering report index answers the query without reading the rows).</summary>
    private static IQueryable<FollowUpReport> FollowedUp(OverviewScope scope, AppDbContext db) =>
        scope.Level(scope.ReportsUpToRound(db)).Where(r => r.Status == ReportStatus.Submitted || r.Status == ReportStatus.Approved);

    /// <summary>The insatser whose latest follow-up is in the given bucket: the same expression as the figure.</summary>
    public static IQueryable<Initiative> LastFollowedUpIn(IQueryable<Initiative> q, OverviewScope scope, AppDbContext db, LastFollowUpFilter filter)
    {
        var reports = FollowedUp(scope, db);
        if (filter.Round is { } round)
        {
            var day = round.OpensOn;
            return q.Where(i => reports.Where(r => r.InitiativeId == i.Id).Max(r => (DateOnly?)r.Round.OpensOn) == day);
        }
        return q.Where(i => reports.Where(r => r.InitiativeId == i.Id).Max(r => (DateOnly?)r.Round.OpensOn) == null);
    }
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

    /// <summary>One page of the insatser behind a figure, with their total: two commands.</summary>
    public async Task<InitiativeList> InitiativesAsync(OverviewScope scope, InitiativeStatus? status, LastFollowUpFilter? last, int page, CancellationToken ct)
    {
        var q = scope.Initiatives(db);
        var heading = "Insatser";
        (string, string?) extra = ("status", null);
        if (status is { } s)
        {
            q = q.Where(i => i.Status == s);
            heading = $"Insatser med status {s.Name().ToLower(Shared.Display.Swedish)}";
            extra = ("status", InitiativeSearchQuery.StatusValue(s));
        }
        else if (last is not null)
        {
            q = LastFollowedUpIn(q, scope, db, last);
            heading = last.Round is { } r ? $"Insatser senast uppföljda i {r.Name}" : "Insatser som aldrig har följts upp";
            extra = ("senast", last.Round is { } lr ? lr.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : NeverValue);
        }
        var total = await q.CountAsync(ct);
        page = Paging.Clamp(page, total, PageSize);
        var rows = total == 0 ? [] : await q
            .OrderBy(i => i.Goal == null ? int.MaxValue : i.Goal.SortOrder).ThenBy(i => i.SortOrder).ThenBy(i => i.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(i => new InitiativeListRow(i.Id, i.Number, i.Title, i.Goal == null ? null : i.Goal.ShortName ?? i.Goal.Title, i.Status,
                i.Responsible.OrderBy(x => x.SortOrder).Select(x => x.RoleTitle + (x.Department == null ? "" : ", " + x.Department.Name)).FirstOrDefault()))
            .ToListAsync(ct);
        var paging = new Paging(total, page, PageSize, p => scope.Link(Path(DashboardRoutes.Initiatives), extra, ("sida", PageValue(p))));
        return new InitiativeList(scope, heading, rows, paging, last is null ? SearchLink(scope, status) : null);
    }

    /// <summary>The path of a page, generated from its route.</summary>
    private string Path(string route) => links.GetPathByRouteValues(route, values: null)!;

    private static string? PageValue(int page) => page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The same selection in the insats search, when /insatser can express it (one unit at most).</summary>
    private string? SearchLink(OverviewScope scope, InitiativeStatus? status)
    {
        if (scope.Plan is null || scope.NoGoal || (scope.UnitIds is { Count: > 1 }))
        {
            return null;
        }
        return new InitiativeSearchQuery
        {
            Plan = scope.Plan.Id, Goal = scope.GoalId, Department = scope.DepartmentId, Unit = scope.UnitIds?.Single(),
            Statuses = status is { } s ? [s] : [],
        }.Link(Path(InitiativeRoutes.Index), 1);
    }

    /// <summary>One page of the round's reports behind a figure, with their total: two commands.</summary>
    public async Task<ReportList> ReportsAsync(OverviewScope scope, ReportState? state, bool missing, ImplementationCategory? category, int page, CancellationToken ct)
    {
        if (scope.Round is not { } round)
        {
            return new ReportList(scope, "Rapporter", [], new Dictionary<int, ReportState>(), new Paging(0, 1, PageSize, _ => scope.Link(Path(DashboardRoutes.Reports))));
        }
        (string, string?) extra = ("lage", null);
        var q = scope.Reports(db);
        var heading = "Alla rapporter";
        if (category is { } c)
        {
            q = scope.Level(q).Where(ImplementationCategories.Of(c));
            heading = $"Genomförande: {ImplementationCategories.Name(c)}";
            extra = ("genomforande", ImplementationCategories.Value(c));
        }
        else if (missing)
        {
            q = q.Where(ReportStateFilters.IsMissing);
            heading = "Rapporter som saknas (ej inskickade)";
            extra = ("lage", ReportStateFilters.Missing);
        }
        else if (state is { } s)
        {
            q = q.Where(ReportStateFilters.In(s, scope.Today > round.Deadline));
            heading = $"Rapporter i läget {Shared.Display.Name(s).ToLower(Shared.Display.Swedish)}";
            extra = ("lage", ReportStateFilters.Value(s));
        }
        var total = await q.CountAsync(ct);
        page = Paging.Clamp(page, total, PageSize);
        // Ordered as the round keeps them (goal and insats place in the round), then by unit; the key's last part
        // (the id) makes the paging stable.
        var rows = total == 0 ? [] : await q
            .OrderBy(r => r.GoalSortOrderInRound == null ? int.MaxValue : r.GoalSortOrderInRound).ThenBy(r => r.InitiativeSortOrderInRound)
            .ThenBy(r => r.InitiativeId).ThenBy(r => r.UnitId == null ? "" : r.Unit!.Name).ThenBy(r => r.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(Row(db))
            .ToListAsync(ct);
        var paging = new Paging(total, page, PageSize, p => scope.Link(Path(DashboardRoutes.Reports), extra, ("sida", PageValue(p))));
        return new ReportList(scope, heading, rows, rows.ToDictionary(r => r.ReportId, r => ReportStates.Of(r.Status, round.Deadline, scope.Today)), paging);
    }
}
