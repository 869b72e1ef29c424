using System.Linq.Expressions;
using System.Text.RegularExpressions;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Initiatives;

/// <summary>The query's filters and orders, as SQL on each engine.</summary>
public sealed partial class InitiativeSearch
{
    private IQueryable<Initiative> Filter(IQueryable<Initiative> initiatives, InitiativeSearchQuery query)
    {
        if (db.Database.IsSqlite())
        {
            // The FTS5 index over title, background and content (migration ScaleListsFullTextSearch), kept
            // current by triggers: a prefix search per word, case-insensitive for å, ä, ö as for A–Z, and "läs"
            // does not find "las" (remove_diacritics 0). It replaces up to nine LIKE '%…%' per row.
            if (query.FullTextQuery() is { } match)
            {
                var found = db.Database.SqlQuery<int>(
                    $"SELECT rowid AS \"Value\" FROM \"InitiativeText\" WHERE \"InitiativeText\" MATCH {match}");
                initiatives = initiatives.Where(i => found.Contains(i.Id));
            }
        }
        else if (db.Database.IsNpgsql())
        {
            initiatives = FilterByRegex(initiatives, query);
        }
        else
        {
            initiatives = FilterByLike(initiatives, query);
        }
        if (query.Plan is { } plan)
        {
            initiatives = initiatives.Where(i => i.PlanId == plan);
        }
        if (query.Goal is { } goal)
        {
            initiatives = initiatives.Where(i => i.GoalId == goal);
        }
        if (query.Statuses.Count > 0)
        {
            var statuses = query.Statuses.ToList();
            initiatives = initiatives.Where(i => statuses.Contains(i.Status));
        }
        // "Id IN (the insatser of the department, person, unit or theme)", read once by that column's index, rather
        // than an EXISTS probed for each insats in scope: SQLite walked all 5 000 of a Stockholm-size förvaltning's
        // insatser for the EXISTS, 3–4 ms per statement against 1.5–2, and the list sends two (count and rows).
        if (query.Department is { } department)
        {
            var ofDepartment = db.ResponsibleEntries.Where(r => r.DepartmentId == department).Select(r => r.InitiativeId);
            initiatives = initiatives.Where(i => ofDepartment.Contains(i.Id));
        }
        if (query.Person is { } person)
        {
            var ofPerson = db.ResponsibleEntries.Where(r => r.UserId == person).Select(r => r.InitiativeId);
            initiatives = initiatives.Where(i => ofPerson.Contains(i.Id));
        }
        if (query.Unit is { } unit)
        {
            var targetingUnit = db.InitiativeUnits.Where(t => t.UnitId == unit).Select(t => t.InitiativeId);
            initiatives = initiatives.Where(i => targetingUnit.Contains(i.Id));
        }
        if (query.Theme is { } theme)
        {
            var ofTheme = db.InitiativeThemes.Where(t => t.ThemeId == theme).Select(t => t.InitiativeId);
            initiatives = initiatives.Where(i => ofTheme.Contains(i.Id));
        }
        return initiatives;
    }

    /// <summary>The free text on PostgreSQL: every word must begin a word of the title, the background or the
    /// content (<see cref="InitiativeSearchQuery.WordRegexes"/>), as on SQLite.</summary>
    private static IQueryable<Initiative> FilterByRegex(IQueryable<Initiative> initiatives, InitiativeSearchQuery query)
    {
        // Singleline keeps Npgsql from adding the "partial newline-sensitive" flag, under which [^[:alnum:]] would not
        // match a line break, and a word at the start of a line would not be found.
        const RegexOptions ignoreCase = RegexOptions.IgnoreCase | RegexOptions.Singleline;
        foreach (var pattern in query.WordRegexes())
        {
            if (pattern is null)
            {
                return initiatives.Where(i => false);
            }
            initiatives = initiatives.Where(i => Regex.IsMatch(i.Title, pattern, ignoreCase)
                || (i.Background != null && Regex.IsMatch(i.Background, pattern, ignoreCase))
                || (i.Content != null && Regex.IsMatch(i.Content, pattern, ignoreCase)));
        }
        return initiatives;
    }

    /// <summary>The free text on SQL Server (no full-text index is required there): every word must be
    /// found in the title, the background or the content, a word when any of its case variants is.</summary>
    private static IQueryable<Initiative> FilterByLike(IQueryable<Initiative> initiatives, InitiativeSearchQuery query)
    {
        foreach (var patterns in query.WordPatterns())
        {
            var p0 = patterns[0];
            var p1 = patterns.Count > 1 ? patterns[1] : null;
            var p2 = patterns.Count > 2 ? patterns[2] : null;
            initiatives = initiatives.Where(i =>
                EF.Functions.Like(i.Title, p0, InitiativeSearchQuery.LikeEscape)
                || EF.Functions.Like(i.Background, p0, InitiativeSearchQuery.LikeEscape)
                || EF.Functions.Like(i.Content, p0, InitiativeSearchQuery.LikeEscape)
                || (p1 != null && (EF.Functions.Like(i.Title, p1, InitiativeSearchQuery.LikeEscape)
                    || EF.Functions.Like(i.Background, p1, InitiativeSearchQuery.LikeEscape)
                    || EF.Functions.Like(i.Content, p1, InitiativeSearchQuery.LikeEscape)))
                || (p2 != null && (EF.Functions.Like(i.Title, p2, InitiativeSearchQuery.LikeEscape)
                    || EF.Functions.Like(i.Background, p2, InitiativeSearchQuery.LikeEscape)
                    || EF.Functions.Like(i.Content, p2, InitiativeSearchQuery.LikeEscape))));
        }
        return initiatives;
    }

    /// <summary>Every order ends in the id so that paging is stable when the sort key ties.</summary>
    private static IQueryable<Initiative> Sort(
        IQueryable<Initiative> initiatives, InitiativeSearchQuery query, Expression<Func<Initiative, int>>? planOrder) =>
        (query.Sort, query.Descending) switch
        {
            (InitiativeSort.Title, false) => initiatives.OrderBy(i => i.Title).ThenBy(i => i.Id),
            (InitiativeSort.Title, true) => initiatives.OrderByDescending(i => i.Title).ThenByDescending(i => i.Id),
            (InitiativeSort.Status, false) => initiatives.OrderBy(StatusOrder).ThenBy(i => i.Title).ThenBy(i => i.Id),
            (InitiativeSort.Status, true) => initiatives.OrderByDescending(StatusOrder).ThenBy(i => i.Title).ThenBy(i => i.Id),
            (InitiativeSort.Updated, false) => initiatives.OrderBy(i => i.UpdatedAt).ThenBy(i => i.Id),
            (InitiativeSort.Updated, true) => initiatives.OrderByDescending(i => i.UpdatedAt).ThenByDescending(i => i.Id),
            // Within a plan the document's own order: goals in order, övergripande insatser last.
            (InitiativeSort.Plan, false) => InPlanOrder(initiatives, planOrder!),
            (InitiativeSort.Plan, true) => initiatives.OrderByDescending(planOrder!)
                .ThenBy(i => i.Goal == null ? int.MaxValue : i.Goal.SortOrder).ThenBy(i => i.SortOrder).ThenBy(i => i.Id),
        };

    /// <summary>
    /// The plans' places in Swedish name order (ties by id), as an integer per insats: <c>CASE PlanId WHEN 7 THEN 0
    /// WHEN 3 THEN 1 … END</c>. Sorting every readable insats by its plan's name made SQLite compare 5 000 names through
    /// the Swedish collation for each page of the default list (37 ms of Stockholm's /insatser; with the rank 3 ms).
    /// There are tens of plans, not thousands, so the expression stays small.
    /// </summary>
    public async Task<Expression<Func<Initiative, int>>> PlanOrderAsync(CancellationToken ct)
    {
        var plans = await db.Plans.AsNoTracking().Select(p => new { p.Id, p.Name }).ToListAsync(ct);
        var ranked = plans.OrderBy(p => p.Name, SwedishText.Comparer).ThenBy(p => p.Id).Select(p => p.Id).ToList();
        var initiative = Expression.Parameter(typeof(Initiative), "i");
        var planId = Expression.Property(initiative, nameof(Initiative.PlanId));
        Expression rank = Expression.Constant(ranked.Count);
        for (var n = ranked.Count - 1; n >= 0; n--)
        {
            rank = Expression.Condition(Expression.Equal(planId, Expression.Constant(ranked[n])), Expression.Constant(n), rank);
        }
        return Expression.Lambda<Func<Initiative, int>>(rank, initiative);
    }

    /// <summary>Plans in Swedish name order (<paramref name="planOrder"/> from <see cref="PlanOrderAsync"/>), and
    /// within a plan the document's own order: goals in order, övergripande insatser last.</summary>
    public static IOrderedQueryable<Initiative> InPlanOrder(
        IQueryable<Initiative> initiatives, Expression<Func<Initiative, int>> planOrder) =>
        initiatives.OrderBy(planOrder)
            .ThenBy(i => i.Goal == null ? int.MaxValue : i.Goal.SortOrder).ThenBy(i => i.SortOrder).ThenBy(i => i.Id);

    /// <summary>Statuses are stored by name, so sorting the column would be alphabetical in English; this is
    /// the order of an insats' life instead.</summary>
    private static readonly Expression<Func<Initiative, int>> StatusOrder = i =>
        i.Status == InitiativeStatus.Planned ? 0
        : i.Status == InitiativeStatus.Ongoing ? 1
        : i.Status == InitiativeStatus.Paused ? 2
        : i.Status == InitiativeStatus.Completed ? 3
        : 4;
}
