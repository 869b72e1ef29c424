using System.Linq.Expressions;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Insatsportal.Web.Features.Initiatives;

/// <summary>An insats as a list row: enough to recognise it and see who answers for it and where it goes. Of its
/// <see cref="TargetedUnitCount"/> units, <see cref="TargetedUnits"/> holds the first <see cref="UnitsNamed"/> by
/// name: an insats may target all of 600 units, and its own page lists them all.</summary>
public sealed record InitiativeRow(
    int Id, string? Number, string Title, int PlanId, string PlanName, int? GoalId, string? GoalName,
    InitiativeStatus Status, bool IsArchived, DateTime UpdatedAt,
    IReadOnlyList<ResponsibleSummary> Responsible, IReadOnlyList<UnitSummary> TargetedUnits, int TargetedUnitCount)
{
    public const int UnitsNamed = 8;
}

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
/// <see cref="ReadAccess.Initiatives"/>: one query counts, one fetches the page's rows, and four more fetch the
/// responsible entries and the targeted units of those rows only (<c>RowsAsync</c>). The form's option lists
/// are small <c>EXISTS</c> queries over the small tables, cached per user for a minute. No query runs per row;
/// <c>InitiativeSearchTests</c> counts the commands to keep it so.
/// </summary>
public sealed partial class InitiativeSearch(AppDbContext db, IMemoryCache cache, CurrentDataVersion dataVersion)
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
    /// statement, then the responsible entries and the targeted units of just those rows. A single
    /// statement with the lists joined in made SQLite materialise the whole ResponsibleEntries⋈Users and
    /// InitiativeUnits⋈Units joins (53 000 rows at Stockholm scale) and build an automatic index per request.
    /// Always five commands, whatever the number of rows. Each row names the units in
    /// <paramref name="unitsNamedFirst"/> that it targets (the unit filtered on, the reader's own) before the others.
    /// </summary>
    public async Task<IReadOnlyList<InitiativeRow>> RowsAsync(
        IQueryable<Initiative> orderedPage, IReadOnlyCollection<int> unitsNamedFirst, CancellationToken ct) =>
        (await RowsAsync([orderedPage], unitsNamedFirst, ct))[0];

    /// <summary>Several pages at once ("Mina insatser" has one per group): a statement per page for the rows,
    /// and still four for all their responsible entries and units.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<InitiativeRow>>> RowsAsync(
        IReadOnlyList<IQueryable<Initiative>> orderedPages, IReadOnlyCollection<int> unitsNamedFirst, CancellationToken ct)
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
        var unitsOf = await TargetedUnitsAsync(ids, unitsNamedFirst, ct);
        var responsibleOf = responsible.ToLookup(r => r.InitiativeId, r => r.Item);
        return pages.Select(heads => (IReadOnlyList<InitiativeRow>)heads.Select(h =>
            {
                var units = unitsOf.GetValueOrDefault(h.Id, new TargetedUnits(0, []));
                return new InitiativeRow(h.Id, h.Number, h.Title, h.PlanId, h.PlanName, h.GoalId, h.GoalName, h.Status,
                    h.IsArchived, h.UpdatedAt, responsibleOf[h.Id].ToList(), units.Named, units.Count);
            }).ToList())
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
                .Skip((page - 1) * InitiativeSearchQuery.PageSize).Take(InitiativeSearchQuery.PageSize),
                query.Unit is { } unit ? [unit] : [], ct);

        var options = await OptionsAsync(readable, inScope, organisation, user, query, ct);
        return new InitiativeSearchResult(query with { Page = page }, items, total, options) { Organisation = organisation };
    }
}
