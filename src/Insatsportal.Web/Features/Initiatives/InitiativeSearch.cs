using System.Globalization;
using System.Linq.Expressions;
using System.Text.RegularExpressions;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Insatsportal.Web.Features.Initiatives;

/// <summary>An insats as a list row: enough to recognise it and see who answers for it and where it goes.</summary>
public sealed record InitiativeRow(
    int Id, string? Number, string Title, int PlanId, string PlanName, int? GoalId, string? GoalName,
    InitiativeStatus Status, bool IsArchived, DateTime UpdatedAt,
    IReadOnlyList<ResponsibleSummary> Responsible, IReadOnlyList<UnitSummary> TargetedUnits);

/// <summary>The ids are carried so that "Mina insatser" can say why a row is the user's without another query.</summary>
public sealed record ResponsibleSummary(string RoleTitle, int? DepartmentId, string? Department, string? UserId, string? Person);

public sealed record UnitSummary(int Id, string Name);

public sealed record SearchOption(string Value, string Label, string? Group = null);

/// <summary>The search form's choices. <see cref="PersonsInScope"/> is how many responsible people there are
/// when <see cref="Persons"/> holds only the chosen one because there are too many to list (see
/// <see cref="InitiativeSearch.PersonListLimit"/>), otherwise null.</summary>
public sealed record SearchOptions(
    IReadOnlyList<SearchOption> Plans, IReadOnlyList<SearchOption> Goals, IReadOnlyList<SearchOption> Departments,
    IReadOnlyList<SearchOption> Persons, IReadOnlyList<SearchOption> Units, IReadOnlyList<SearchOption> Themes,
    int? PersonsInScope = null)
{
    /// <summary>The förvaltningar whose plans the user can read (the other lists hold only the chosen one's).</summary>
    public IReadOnlyList<SearchOption> Organisations { get; init; } = [];
}

public sealed record InitiativeSearchResult(
    InitiativeSearchQuery Query, IReadOnlyList<InitiativeRow> Items, int TotalCount, SearchOptions Options)
{
    /// <summary>The förvaltning searched (the user's own unless another or all were chosen); null for all.</summary>
    public int? Organisation { get; init; }

    public int PageCount => Math.Max(1, (TotalCount + InitiativeSearchQuery.PageSize - 1) / InitiativeSearchQuery.PageSize);
}

/// <summary>
/// Searching insatser. Everything is filtered, counted, sorted and paged in SQL, always under
/// <see cref="ReadAccess.Initiatives"/>: one query counts, one fetches the page's rows, and two more fetch the
/// responsible entries and targeted units of those rows only (<c>RowsAsync</c>). The form's option lists
/// are small <c>EXISTS</c> queries over the small tables, cached per user for a minute. No query runs per row;
/// <c>InitiativeSearchTests</c> counts the commands to keep it so.
/// </summary>
public sealed class InitiativeSearch(AppDbContext db, IMemoryCache cache, CurrentDataVersion dataVersion)
{
    /// <summary>How long a user's option lists are reused: a new plan, unit or responsible person shows up in
    /// the form's choices within this time (the rows themselves are always current).</summary>
    public static readonly TimeSpan OptionsLifetime = TimeSpan.FromSeconds(60);

    /// <summary>Above this many responsible people (a large förvaltning has over a thousand: 110 KB of options
    /// on every page), the person filter is offered within a chosen department, as goals are within a plan.</summary>
    public const int PersonListLimit = 200;

    private sealed record Head(
        int Id, string? Number, string Title, int PlanId, string PlanName, int? GoalId, string? GoalName,
        InitiativeStatus Status, bool IsArchived, DateTime UpdatedAt);

    private static readonly Expression<Func<Initiative, Head>> HeadOf = i => new Head(
        i.Id, i.Number, i.Title, i.PlanId, i.Plan.Name, i.GoalId, i.Goal == null ? null : i.Goal.ShortName ?? i.Goal.Title,
        i.Status, i.IsArchived, i.UpdatedAt);

    /// <summary>
    /// The rows of an ordered, paged query, shared by the list and "Mina insatser": the rows' own columns in one
    /// statement, then the responsible entries and the targeted units of just those rows by their ids. A single
    /// statement with the lists joined in made SQLite materialise the whole ResponsibleEntries⋈Users and
    /// InitiativeUnits⋈Units joins (53 000 rows at Stockholm scale) and build an automatic index per request.
    /// Always three commands, whatever the number of rows.
    /// </summary>
    public async Task<IReadOnlyList<InitiativeRow>> RowsAsync(IQueryable<Initiative> orderedPage, CancellationToken ct) =>
        (await RowsAsync([orderedPage], ct))[0];

    /// <summary>Several pages at once ("Mina insatser" has one per group): a statement per page for the rows,
    /// and still two for all their responsible entries and units.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<InitiativeRow>>> RowsAsync(
        IReadOnlyList<IQueryable<Initiative>> orderedPages, CancellationToken ct)
    {
        var pages = new List<List<Head>>();
        foreach (var orderedPage in orderedPages)
        {
            pages.Add(await orderedPage.Select(HeadOf).ToListAsync(ct));
        }
        var ids = pages.SelectMany(h => h).Select(h => h.Id).Distinct().ToList();
        if (ids.Count == 0)
        {
            return pages.Select(_ => (IReadOnlyList<InitiativeRow>)[]).ToList();
        }
        var responsible = await db.ResponsibleEntries.AsNoTracking()
            .Where(r => ids.Contains(r.InitiativeId))
            .OrderBy(r => r.InitiativeId).ThenBy(r => r.SortOrder).ThenBy(r => r.Id)
            .Select(r => new
            {
                r.InitiativeId,
                Item = new ResponsibleSummary(r.RoleTitle, r.DepartmentId, r.Department == null ? null : r.Department.Name,
                    r.UserId, r.User == null ? null : r.User.DisplayName),
            })
            .ToListAsync(ct);
        var units = await db.InitiativeUnits.AsNoTracking()
            .Where(t => ids.Contains(t.InitiativeId))
            .OrderBy(t => t.InitiativeId).ThenBy(t => t.Unit.Name)
            .Select(t => new { t.InitiativeId, Item = new UnitSummary(t.UnitId, t.Unit.Name) })
            .ToListAsync(ct);
        var responsibleOf = responsible.ToLookup(r => r.InitiativeId, r => r.Item);
        var unitsOf = units.ToLookup(u => u.InitiativeId, u => u.Item);
        return pages.Select(heads => (IReadOnlyList<InitiativeRow>)heads.Select(h => new InitiativeRow(
                h.Id, h.Number, h.Title, h.PlanId, h.PlanName, h.GoalId, h.GoalName, h.Status, h.IsArchived, h.UpdatedAt,
                responsibleOf[h.Id].ToList(), unitsOf[h.Id].ToList())).ToList())
            .ToList();
    }

    /// <summary>
    /// The list opens on the user's own förvaltning: other förvaltningar's adopted plans are readable, but one
    /// choice away ("Alla förvaltningar"), and the filter lists hold only what the chosen förvaltning holds. A plan
    /// or goal given without a förvaltning (a link from a plan's page) is shown wherever it belongs.
    /// </summary>
    public async Task<InitiativeSearchResult> SearchAsync(InitiativeSearchQuery query, UserScope user, CancellationToken ct)
    {
        var organisation = query.Organisation
            ?? (query.AllOrganisations || query.Plan is not null || query.Goal is not null ? null : user.OrganisationId);
        var readable = db.Initiatives.AsNoTracking().Where(ReadAccess.Initiatives(user));
        if (!query.IncludeArchived)
        {
            readable = readable.Where(i => !i.IsArchived);
        }
        var inScope = organisation is { } chosen ? readable.Where(i => i.Plan.OrganisationId == chosen) : readable;
        var matching = Filter(inScope, query);

        var total = await matching.CountAsync(ct);
        var pageCount = Math.Max(1, (total + InitiativeSearchQuery.PageSize - 1) / InitiativeSearchQuery.PageSize);
        var page = Math.Min(query.Page, pageCount);

        var items = total == 0
            ? []
            : await RowsAsync(Sort(matching, query, query.Sort == InitiativeSort.Plan ? await PlanOrderAsync(ct) : null)
                .Skip((page - 1) * InitiativeSearchQuery.PageSize).Take(InitiativeSearchQuery.PageSize), ct);

        var options = await OptionsAsync(readable, inScope, organisation, user, query, ct);
        return new InitiativeSearchResult(query with { Page = page }, items, total, options) { Organisation = organisation };
    }

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
        if (query.Department is { } department)
        {
            initiatives = initiatives.Where(i => i.Responsible.Any(r => r.DepartmentId == department));
        }
        if (query.Person is { } person)
        {
            initiatives = initiatives.Where(i => i.Responsible.Any(r => r.UserId == person));
        }
        if (query.Unit is { } unit)
        {
            initiatives = initiatives.Where(i => i.TargetedUnits.Any(t => t.UnitId == unit));
        }
        if (query.Theme is { } theme)
        {
            initiatives = initiatives.Where(i => i.Themes.Any(t => t.ThemeId == theme));
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
            (InitiativeSort.Plan, false) => initiatives.OrderBy(planOrder!)
                .ThenBy(i => i.Goal == null ? int.MaxValue : i.Goal.SortOrder).ThenBy(i => i.SortOrder).ThenBy(i => i.Id),
            (InitiativeSort.Plan, true) => initiatives.OrderByDescending(planOrder!)
                .ThenBy(i => i.Goal == null ? int.MaxValue : i.Goal.SortOrder).ThenBy(i => i.SortOrder).ThenBy(i => i.Id),
        };

    /// <summary>
    /// The plans' places in Swedish name order (ties by id), as an integer per insats: <c>CASE PlanId WHEN 7 THEN 0
    /// WHEN 3 THEN 1 … END</c>. Sorting every readable insats by its plan's name made SQLite compare 5 000 names through
    /// the Swedish collation for each page of the default list (37 ms of Stockholm's /insatser; with the rank 3 ms).
    /// There are tens of plans, not thousands, so the expression stays small.
    /// </summary>
    private async Task<Expression<Func<Initiative, int>>> PlanOrderAsync(CancellationToken ct)
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

    /// <summary>Statuses are stored by name, so sorting the column would be alphabetical in English; this is
    /// the order of an insats' life instead.</summary>
    private static readonly Expression<Func<Initiative, int>> StatusOrder = i =>
        i.Status == InitiativeStatus.Planned ? 0
        : i.Status == InitiativeStatus.Ongoing ? 1
        : i.Status == InitiativeStatus.Paused ? 2
        : i.Status == InitiativeStatus.Completed ? 3
        : 4;

    /// <summary>
    /// The form's choices are taken from the insatser the user can read (with the same archived choice), so a
    /// list never names a draft plan, a department or a person the user could not otherwise see. Each list is
    /// read from its small table with an <c>EXISTS</c> over the readable insatser (by the foreign-key indexes),
    /// which stops at the first match, instead of a <c>SELECT DISTINCT</c> over every readable insats' units and
    /// responsible entries; and the lists are cached per user and choice for <see cref="OptionsLifetime"/>.
    /// </summary>
    private async Task<SearchOptions> OptionsAsync(
        IQueryable<Initiative> readable, IQueryable<Initiative> inScope, int? organisation, UserScope user,
        InitiativeSearchQuery query, CancellationToken ct)
    {
        // The key holds everything ReadAccess.Initiatives and the lists depend on, so a changed scope never
        // sees another scope's lists; and the data version, so that lists are never older than the data (a page
        // kept by the output cache would otherwise keep old lists until the next change).
        var key = string.Join('|', "insatser-val", await dataVersion.GetAsync(ct), user.UserId, user.OrganisationId, user.IsPlanner,
            string.Join(',', user.UnitIds.Order()), query.IncludeArchived, organisation, query.Plan, query.Goal, query.Department);
        if (!cache.TryGetValue(key, out SearchOptions? options) || options is null)
        {
            options = await ReadOptionsAsync(readable, inScope, organisation, query, ct);
            cache.Set(key, options, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = OptionsLifetime, Size = 1 });
        }
        return query.Department is null && options.Persons.Count > PersonListLimit
            ? options with { Persons = options.Persons.Where(p => p.Value == query.Person).ToList(), PersonsInScope = options.Persons.Count }
            : options;
    }

    private async Task<SearchOptions> ReadOptionsAsync(
        IQueryable<Initiative> allReadable, IQueryable<Initiative> readable, int? organisation, InitiativeSearchQuery query,
        CancellationToken ct)
    {
        // Every readable plan with its förvaltning, in the one statement the plan list always took: the
        // förvaltningar are offered from it, the plans of the chosen one only.
        var readablePlans = await db.Plans.AsNoTracking()
            .Where(p => allReadable.Any(i => i.PlanId == p.Id))
            .OrderBy(p => p.Name)
            .Select(p => new { PlanId = p.Id, p.Name, p.OrganisationId, Organisation = p.Organisation.Name, p.Organisation.Municipality })
            .ToListAsync(ct);
        var plans = readablePlans.Where(p => organisation is null || p.OrganisationId == organisation).ToList();
        var organisations = readablePlans.DistinctBy(p => p.OrganisationId)
            .Select(p => new SearchOption(Id(p.OrganisationId), $"{p.Organisation}, {p.Municipality}"))
            .OrderBy(o => o.Label, StringComparer.Create(Display.Swedish, CompareOptions.None)).ToList();

        // Goals belong to one plan, so they are offered once a plan is chosen (or to show a goal given in a link).
        var planId = query.Plan;
        var goalId = query.Goal;
        var goals = planId is null && goalId is null
            ? []
            : await db.Goals.AsNoTracking()
                .Where(g => planId != null ? g.PlanId == planId : g.Id == goalId)
                .Where(g => readable.Any(i => i.GoalId == g.Id))
                .OrderBy(g => g.SortOrder).Select(g => new { g.Id, g.Title }).ToListAsync(ct);

        var departments = await db.Departments.AsNoTracking()
            .Where(d => db.ResponsibleEntries.Any(r => r.DepartmentId == d.Id && readable.Any(i => i.Id == r.InitiativeId)))
            .Select(d => new { d.Id, d.Name, d.Organisation.Municipality })
            .OrderBy(d => d.Name).ThenBy(d => d.Municipality).ToListAsync(ct);

        // With a department chosen: the people responsible for that department's insatser.
        var departmentId = query.Department;
        var persons = await db.Users.AsNoTracking()
            .Where(u => db.ResponsibleEntries.Any(r => r.UserId == u.Id && readable.Any(i => i.Id == r.InitiativeId
                && (departmentId == null || i.Responsible.Any(d => d.DepartmentId == departmentId)))))
            .Select(u => new { u.Id, u.DisplayName })
            .OrderBy(p => p.DisplayName).ToListAsync(ct);


        var units = await db.Units.AsNoTracking()
            .Where(u => db.InitiativeUnits.Any(t => t.UnitId == u.Id && readable.Any(i => i.Id == t.InitiativeId)))
            .Select(u => new { u.Id, u.Name })
            .OrderBy(u => u.Name).ToListAsync(ct);

        var themes = await db.Themes.AsNoTracking()
            .Where(t => db.InitiativeThemes.Any(x => x.ThemeId == t.Id
                && readable.Any(i => i.Id == x.InitiativeId && (planId == null || i.PlanId == planId))))
            .Select(t => new { t.Id, t.Code, t.Name, t.SortOrder, Plan = t.Plan.Name })
            .OrderBy(t => t.Plan).ThenBy(t => t.SortOrder).ToListAsync(ct);

        static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
        // Department names repeat between förvaltningar ("Kvalitetsavdelningen"), so those get their municipality.
        var repeated = departments.GroupBy(d => d.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return new SearchOptions(
            plans.Select(p => new SearchOption(Id(p.PlanId), p.Name)).ToList(),
            goals.Select(g => new SearchOption(Id(g.Id), g.Title)).ToList(),
            departments.Select(d => new SearchOption(Id(d.Id), repeated.Contains(d.Name) ? $"{d.Name} ({d.Municipality})" : d.Name)).ToList(),
            persons.Select(p => new SearchOption(p.Id, p.DisplayName)).ToList(),
            units.Select(u => new SearchOption(Id(u.Id), u.Name)).ToList(),
            themes.Select(t => new SearchOption(Id(t.Id), t.Code is null ? t.Name : $"{t.Code} {t.Name}", t.Plan)).ToList())
        {
            Organisations = organisations,
        };
    }
}
