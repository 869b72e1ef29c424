using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Plans;

public sealed record PlanListItem(
    int Id, string Name, string Organisation, string Municipality, PlanKind Kind, DateOnly PeriodStart,
    DateOnly PeriodEnd, PlanStatus Status, int GoalCount, int InitiativeCount, bool IsArchived);

public sealed record PlanDetails(
    int Id, string Name, string Organisation, string Municipality, string? Board, PlanKind Kind,
    DateOnly PeriodStart, DateOnly PeriodEnd, PlanStatus Status, string? AdoptedBy, DateOnly? AdoptedOn,
    string? Description, string? Source, bool IsArchived,
    int OrganisationId, DateTime? ArchivedAt, string? ArchivedReason,
    IReadOnlyList<OccasionItem> FollowUpOccasions, IReadOnlyList<ThemeItem> Themes,
    IReadOnlyList<PlanSection> Sections, bool IsLarge = false, int InitiativeCount = 0);

public sealed record OccasionItem(FollowUpOccasionKind Kind, string Name, string? Timing);

public sealed record ThemeItem(int Id, ThemeKind Kind, string? Code, string Name);

/// <summary>
/// A goal (or a heading, or the övergripande insatser) with its insatser in order. In a large plan
/// (<see cref="PlanDetails.IsLarge"/>) a section carries one page of its insatser (<see cref="Page"/> of
/// <see cref="PageSize"/>) and its <see cref="Count"/>: a plan's 1 200 insatser are not rendered on one page.
/// </summary>
public sealed record PlanSection(
    int? GoalId, string Heading, string? ShortName, string? SteeringGroup, IReadOnlyList<PlanInitiativeItem> Initiatives,
    bool IsArchived = false, int Count = 0, int Page = 1, int PageSize = int.MaxValue)
{
    public int PageCount => Math.Max(1, (int)((Count + (long)PageSize - 1) / PageSize));

    public bool IsPaged => PageCount > 1;
}

public sealed record PlanInitiativeItem(
    int Id, string? Number, string Title, InitiativeStatus Status, IReadOnlyList<string> Responsible,
    IReadOnlyList<int> ThemeIds);

public sealed class PlanQueries(AppDbContext db)
{
    /// <summary>A plan with more insatser than this is large: its contents names each section with its count
    /// instead of listing every insats, and each section shows <see cref="SectionPageSize"/> insatser at a time
    /// with a pager. Every real plan so far (up to 28 insatser) is below it and is shown whole as the Halmstad
    /// table, as before.</summary>
    public const int LargePlanAbove = 60;

    public const int SectionPageSize = 20;

    public async Task<IReadOnlyList<PlanListItem>> ListAsync(UserScope user, bool includeArchived, CancellationToken ct) =>
        await db.Plans.AsNoTracking()
            .Where(ReadAccess.Plans(user))
            .Where(p => includeArchived || !p.IsArchived)
            .OrderBy(p => p.Organisation.Municipality).ThenByDescending(p => p.PeriodStart).ThenBy(p => p.Name)
            .Select(p => new PlanListItem(
                p.Id, p.Name, p.Organisation.Name, p.Organisation.Municipality, p.Kind, p.PeriodStart, p.PeriodEnd,
                p.Status, p.Goals.Count(g => !g.IsArchived), p.Initiatives.Count(i => !i.IsArchived), p.IsArchived))
            .ToListAsync(ct);

    /// <summary>The plan page's content. <c>pagedSection</c> is the index of the section that <c>page</c> applies
    /// to (the URL's <c>avsnitt</c>); every other section shows its first page.</summary>
    public async Task<PlanDetails?> GetAsync(
        int id, UserScope user, bool includeArchivedGoals, CancellationToken ct, int? pagedSection = null, int page = 1)
    {
        var plan = await db.Plans.AsNoTracking()
            .Where(p => p.Id == id)
            .Where(ReadAccess.Plans(user))
            .Select(p => new
            {
                p.Id, p.Name, Organisation = p.Organisation.Name, p.Organisation.Municipality, p.Organisation.BoardName,
                p.Kind, p.PeriodStart, p.PeriodEnd, p.Status, p.AdoptedBy, p.AdoptedOn, p.Description, p.Source, p.IsArchived,
                p.OrganisationId, p.ArchivedAt, p.ArchivedReason,
                Occasions = p.FollowUpOccasions.OrderBy(o => o.SortOrder)
                    .Select(o => new OccasionItem(o.Kind, o.Name, o.Timing)).ToList(),
                Themes = p.Themes.OrderBy(t => t.SortOrder)
                    .Select(t => new ThemeItem(t.Id, t.Kind, t.Code, t.Name)).ToList(),
            })
            .SingleOrDefaultAsync(ct);
        if (plan is null)
        {
            return null;
        }

        var goals = await db.Goals.AsNoTracking()
            .Where(g => g.PlanId == id && (includeArchivedGoals || !g.IsArchived))
            .OrderBy(g => g.SortOrder).ThenBy(g => g.Id)
            .Select(g => new { g.Id, g.Title, g.ShortName, SteeringGroup = g.SteeringGroup == null ? null : g.SteeringGroup.Name, g.IsArchived })
            .ToListAsync(ct);

        // The insatser's own columns for the whole plan (narrow rows: 1 200 of them cost little), their heading
        // themes only when the plan groups by headings, and the responsible role titles only for the rows shown.
        var initiatives = await db.Initiatives.AsNoTracking()
            .Where(i => i.PlanId == id && !i.IsArchived)
            .OrderBy(i => i.SortOrder).ThenBy(i => i.Id)
            .Select(i => new { i.Id, i.GoalId, i.Number, i.Title, i.Status })
            .ToListAsync(ct);
        var headingIds = plan.Themes.Where(t => t.Kind == ThemeKind.Heading).Select(t => t.Id).ToList();
        var themesOf = goals.Count > 0 || headingIds.Count == 0 || initiatives.All(i => i.GoalId is not null)
            ? Enumerable.Empty<(int InitiativeId, int ThemeId)>().ToLookup(t => t.InitiativeId, t => t.ThemeId)
            : (await db.InitiativeThemes.AsNoTracking()
                .Where(t => t.Initiative.PlanId == id && headingIds.Contains(t.ThemeId))
                .Select(t => new { t.InitiativeId, t.ThemeId })
                .ToListAsync(ct)).ToLookup(t => t.InitiativeId, t => t.ThemeId);
        var items = initiatives
            .Select(i => new
            {
                i.GoalId,
                Item = new PlanInitiativeItem(i.Id, i.Number, i.Title, i.Status, [], themesOf[i.Id].ToList()),
            })
            .ToList();

        var sections = goals
            .Select(g => new PlanSection(g.Id, g.Title, g.ShortName, g.SteeringGroup,
                items.Where(i => i.GoalId == g.Id).Select(i => i.Item).ToList(), g.IsArchived))
            .ToList();
        var outsideGoals = items.Where(i => i.GoalId is null).Select(i => i.Item).ToList();
        if (outsideGoals.Count > 0)
        {
            sections.AddRange(SectionsOutsideGoals(outsideGoals, plan.Themes, hasGoals: goals.Count > 0));
        }

        // In a large plan, cut every section to the page it shows; then fetch who answers for just those insatser.
        var isLarge = initiatives.Count > LargePlanAbove;
        var pageSize = isLarge ? SectionPageSize : int.MaxValue;
        sections = sections.Select((section, index) =>
            {
                var sized = section with { Count = section.Initiatives.Count, PageSize = pageSize };
                var shown = index == pagedSection ? Math.Clamp(page, 1, sized.PageCount) : 1;
                return sized with
                {
                    Initiatives = section.Initiatives.Skip((int)Math.Min(int.MaxValue, (shown - 1L) * pageSize)).Take(pageSize).ToList(),
                    Page = shown,
                };
            })
            .ToList();
        var shownIds = sections.SelectMany(s => s.Initiatives).Select(i => i.Id).ToList();
        var responsible = (await db.ResponsibleEntries.AsNoTracking()
                .Where(r => shownIds.Contains(r.InitiativeId))
                .OrderBy(r => r.InitiativeId).ThenBy(r => r.SortOrder).ThenBy(r => r.Id)
                .Select(r => new { r.InitiativeId, r.RoleTitle })
                .ToListAsync(ct))
            .ToLookup(r => r.InitiativeId, r => r.RoleTitle);
        sections = sections
            .Select(s => s with { Initiatives = s.Initiatives.Select(i => i with { Responsible = responsible[i.Id].ToList() }).ToList() })
            .ToList();

        return new PlanDetails(plan.Id, plan.Name, plan.Organisation, plan.Municipality, plan.BoardName, plan.Kind,
            plan.PeriodStart, plan.PeriodEnd, plan.Status, plan.AdoptedBy, plan.AdoptedOn, plan.Description,
            plan.Source, plan.IsArchived, plan.OrganisationId, plan.ArchivedAt, plan.ArchivedReason, plan.Occasions, plan.Themes, sections,
            isLarge, initiatives.Count);
    }

    /// <summary>
    /// Insatser outside the goals are "övergripande insatser" in a plan with goals. A plan without goals
    /// (Stockholm's, say) groups its insatser under the headings it uses instead.
    /// </summary>
    private static IEnumerable<PlanSection> SectionsOutsideGoals(
        List<PlanInitiativeItem> items, IReadOnlyList<ThemeItem> themes, bool hasGoals)
    {
        var headings = themes.Where(t => t.Kind == ThemeKind.Heading).ToList();
        if (hasGoals || headings.Count == 0)
        {
            yield return new PlanSection(null, hasGoals ? "Övergripande insatser" : "Insatser", null, null, items);
            yield break;
        }
        var placed = new HashSet<int>();
        foreach (var heading in headings)
        {
            var under = items.Where(i => i.ThemeIds.Contains(heading.Id) && placed.Add(i.Id)).ToList();
            if (under.Count > 0)
            {
                yield return new PlanSection(null, heading.Code is null ? heading.Name : $"{heading.Code} {heading.Name}", null, null, under);
            }
        }
        var rest = items.Where(i => !placed.Contains(i.Id)).ToList();
        if (rest.Count > 0)
        {
            yield return new PlanSection(null, "Övriga insatser", null, null, rest);
        }
    }
}
