using System.Globalization;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Insatsportal.Web.Features.Initiatives;

public sealed partial class InitiativeSearch
{
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
        // "Id IN (the responsible of the readable insatser)", evaluated once, rather than an EXISTS per user: at
        // Stockholm scale 3 000 users against 1 200 responsible, 2–3 times less work for SQLite.
        var responsible = readable.Where(i => departmentId == null || i.Responsible.Any(d => d.DepartmentId == departmentId))
            .SelectMany(i => i.Responsible).Where(r => r.UserId != null).Select(r => r.UserId!);
        var persons = await db.Users.AsNoTracking()
            .Where(u => responsible.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName })
            .ToListAsync(ct);
        // Ordered here, and only when they will be listed: over the limit (1 200 people at Stockholm scale) only the
        // count and the chosen person are shown, and a Swedish-collation sort in SQLite calls into .NET for each of
        // its 12 000 comparisons.
        if (departmentId is not null || persons.Count <= PersonListLimit)
        {
            persons = persons.OrderBy(p => p.DisplayName, SwedishText.Comparer).ToList();
        }


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
