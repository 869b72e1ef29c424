using Insatsportal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Initiatives;

public sealed record Option(string Value, string Text);

/// <summary>The result of a search among the förvaltning's people for one responsible row.</summary>
public sealed record PeopleFound(int Row, string Term, IReadOnlyList<Option> People);

/// <summary>Everything the insats form offers to choose from, all within the plan's förvaltning.</summary>
public sealed record InitiativeFormOptions(
    int PlanId, string PlanName, int OrganisationId,
    IReadOnlyList<Option> Goals, IReadOnlyList<Option> Departments, IReadOnlyList<Option> Groups,
    IReadOnlyList<Option> Users, IReadOnlyList<Option> Partners, IReadOnlyList<Option> Units,
    IReadOnlyList<Option> Themes)
{
    /// <summary>Up to this many people the form lists everyone in each "Person" field; above it (a large
    /// förvaltning has thousands, and each responsible row would carry all of them) the field lists the chosen
    /// person and the field's search results, see <see cref="SearchPeopleAsync"/>.</summary>
    public const int PeopleListLimit = 200;

    public const int PeopleSearchLimit = 30;

    /// <summary>True when <see cref="Users"/> holds only the people the form names, not everyone.</summary>
    public bool SearchesPeople { get; init; }

    /// <summary>How many people the förvaltning has to choose from.</summary>
    public int PeopleCount { get; init; }

    /// <summary>True for an insats that has no responsible in the database (some came so from their source
    /// document, e.g. Stockholm 2008–2010 "IT-struktur"): the form asks for one but saves without, so that the
    /// insats stays editable. A new insats, and one that has a responsible, must keep at least one.</summary>
    public bool ResponsibleOptional { get; init; }

    /// <summary>The choices for the insats form. When editing (<c>initiativeId</c> given), the closed departments
    /// and units and the deactivated users the insats already names stay choosable, marked, so that saving
    /// neither drops nor refuses them. With <c>namedUserIds</c> (the form's chosen people) and more than
    /// <see cref="PeopleListLimit"/> people, only those people are loaded; without it (the import) everyone is.</summary>
    public static async Task<InitiativeFormOptions?> LoadAsync(AppDbContext db, int planId, CancellationToken ct,
        int? initiativeId = null, IReadOnlyCollection<string>? namedUserIds = null)
    {
        var plan = await db.Plans.AsNoTracking().Where(p => p.Id == planId)
            .Select(p => new { p.Id, p.Name, p.OrganisationId }).SingleOrDefaultAsync(ct);
        if (plan is null)
        {
            return null;
        }
        var org = plan.OrganisationId;
        static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var goals = await db.Goals.AsNoTracking().Where(g => g.PlanId == planId && !g.IsArchived).OrderBy(g => g.SortOrder)
            .Select(g => new { g.Id, Text = g.ShortName ?? g.Title }).ToListAsync(ct);
        var responsible = db.ResponsibleEntries.Where(r => r.InitiativeId == initiativeId);
        var targeted = db.InitiativeUnits.Where(t => t.InitiativeId == initiativeId);
        var departments = await db.Departments.AsNoTracking()
            .Where(d => d.OrganisationId == org && (d.ClosedOn == null || responsible.Any(r => r.DepartmentId == d.Id)))
            .OrderBy(d => d.Name).Select(d => new { d.Id, Name = d.ClosedOn == null ? d.Name : d.Name + " (stängd)" }).ToListAsync(ct);
        var groups = await db.Groups.AsNoTracking().Where(g => g.OrganisationId == org && !g.IsArchived)
            .OrderBy(g => g.Name).Select(g => new { g.Id, g.Name }).ToListAsync(ct);
        var choosable = db.Users.AsNoTracking()
            .Where(u => u.OrganisationId == org && (u.IsActive || responsible.Any(r => r.UserId == u.Id)));
        var peopleCount = await choosable.CountAsync(ct);
        var searchesPeople = namedUserIds is not null && peopleCount > PeopleListLimit;
        if (searchesPeople)
        {
            var named = namedUserIds!.Where(id => !string.IsNullOrEmpty(id)).Distinct().Take(100).ToList();
            choosable = choosable.Where(u => named.Contains(u.Id));
        }
        var users = await choosable
            .OrderBy(u => u.DisplayName).Select(u => new { u.Id, DisplayName = u.IsActive ? u.DisplayName : u.DisplayName + " (inaktiverad)", u.Title })
            .ToListAsync(ct);
        var partners = await db.Partners.AsNoTracking().Where(p => p.OrganisationId == org)
            .OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct);
        var units = await db.Units.AsNoTracking()
            .Where(u => u.OrganisationId == org && (u.ClosedOn == null || targeted.Any(t => t.UnitId == u.Id)))
            .OrderBy(u => u.Name).Select(u => new { u.Id, Name = u.ClosedOn == null ? u.Name : u.Name + " (stängd)" }).ToListAsync(ct);
        var themes = await db.Themes.AsNoTracking().Where(t => t.PlanId == planId).OrderBy(t => t.SortOrder)
            .Select(t => new { t.Id, t.Code, t.Name }).ToListAsync(ct);
        return new InitiativeFormOptions(plan.Id, plan.Name, org,
            goals.Select(g => new Option(Id(g.Id), g.Text)).ToList(),
            departments.Select(d => new Option(Id(d.Id), d.Name)).ToList(),
            groups.Select(g => new Option(Id(g.Id), g.Name)).ToList(),
            users.Select(u => new Option(u.Id, u.Title is null ? u.DisplayName : $"{u.DisplayName} ({u.Title})")).ToList(),
            partners.Select(p => new Option(Id(p.Id), p.Name)).ToList(),
            units.Select(u => new Option(Id(u.Id), u.Name)).ToList(),
            themes.Select(t => new Option(Id(t.Id), t.Code is null ? t.Name : $"{t.Code} {t.Name}")).ToList())
        {
            SearchesPeople = searchesPeople,
            PeopleCount = peopleCount,
        };
    }

    /// <summary>Active people of the förvaltning whose name, title or e-mail contains the term, by name, at most
    /// <see cref="PeopleSearchLimit"/> + 1 (so the caller can tell that there were more).</summary>
    public async Task<IReadOnlyList<Option>> SearchPeopleAsync(AppDbContext db, string term, CancellationToken ct)
    {
        // SQLite's LIKE ignores case for A–Z only: "åsa" must find "Åsa", so each case variant is tried.
        var patterns = InitiativeSearchQuery.CaseVariants(term.Trim())
            .Select(v => "%" + InitiativeSearchQuery.EscapeLike(v) + "%").ToList();
        var email = "%" + InitiativeSearchQuery.EscapeLike(term.Trim().ToUpperInvariant()) + "%";
        // CaseVariants gives one to three patterns; repeating the first keeps one query shape.
        var (p0, p1, p2) = (patterns[0], patterns.ElementAtOrDefault(1) ?? patterns[0], patterns.ElementAtOrDefault(2) ?? patterns[0]);
        const string escape = InitiativeSearchQuery.LikeEscape;
        var found = await db.Users.AsNoTracking()
            .Where(u => u.OrganisationId == OrganisationId && u.IsActive)
            .Where(u => EF.Functions.Like(u.NormalizedEmail!, email, escape)
                || EF.Functions.Like(u.DisplayName, p0, escape) || EF.Functions.Like(u.DisplayName, p1, escape) || EF.Functions.Like(u.DisplayName, p2, escape)
                || EF.Functions.Like(u.Title!, p0, escape) || EF.Functions.Like(u.Title!, p1, escape) || EF.Functions.Like(u.Title!, p2, escape))
            .OrderBy(u => u.DisplayName).Take(PeopleSearchLimit + 1)
            .Select(u => new { u.Id, u.DisplayName, u.Title })
            .ToListAsync(ct);
        return found.Select(u => new Option(u.Id, u.Title is null ? u.DisplayName : $"{u.DisplayName} ({u.Title})")).ToList();
    }

    public bool HasGoal(int id) => Goals.Any(o => o.Value == Key(id));
    public bool HasDepartment(int id) => Departments.Any(o => o.Value == Key(id));
    public bool HasGroup(int id) => Groups.Any(o => o.Value == Key(id));
    public bool HasUser(string id) => Users.Any(o => o.Value == id);
    public bool HasPartner(int id) => Partners.Any(o => o.Value == Key(id));

    /// <summary>A set, since a form may choose all of a large förvaltning's 600 units (a scan per chosen unit made
    /// that 350 000 comparisons per save). Built on first use; a copy made with <c>with</c> would keep it, so none is.</summary>
    public bool HasUnit(int id) => (_unitKeys ??= Units.Select(o => o.Value).ToHashSet(StringComparer.Ordinal)).Contains(Key(id));

    private HashSet<string>? _unitKeys;
    public bool HasTheme(int id) => Themes.Any(o => o.Value == Key(id));

    public string NameOf(IReadOnlyList<Option> options, int? id) =>
        id is null ? "" : options.FirstOrDefault(o => o.Value == Key(id.Value))?.Text ?? "";

    private static string Key(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
