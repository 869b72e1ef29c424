using Insatsportal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Initiatives;

public sealed record Option(string Value, string Text);

/// <summary>Everything the insats form offers to choose from, all within the plan's förvaltning.</summary>
public sealed record InitiativeFormOptions(
    int PlanId, string PlanName, int OrganisationId,
    IReadOnlyList<Option> Goals, IReadOnlyList<Option> Departments, IReadOnlyList<Option> Groups,
    IReadOnlyList<Option> Users, IReadOnlyList<Option> Partners, IReadOnlyList<Option> Units,
    IReadOnlyList<Option> Themes)
{
    /// <summary>The choices for the insats form. When editing (<c>initiativeId</c> given), the closed departments
    /// and units and the deactivated users the insats already names stay choosable, marked, so that saving
    /// neither drops nor refuses them.</summary>
    public static async Task<InitiativeFormOptions?> LoadAsync(AppDbContext db, int planId, CancellationToken ct, int? initiativeId = null)
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
        var users = await db.Users.AsNoTracking()
            .Where(u => u.OrganisationId == org && (u.IsActive || responsible.Any(r => r.UserId == u.Id)))
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
            themes.Select(t => new Option(Id(t.Id), t.Code is null ? t.Name : $"{t.Code} {t.Name}")).ToList());
    }

    public bool HasGoal(int id) => Goals.Any(o => o.Value == Key(id));
    public bool HasDepartment(int id) => Departments.Any(o => o.Value == Key(id));
    public bool HasGroup(int id) => Groups.Any(o => o.Value == Key(id));
    public bool HasUser(string id) => Users.Any(o => o.Value == id);
    public bool HasPartner(int id) => Partners.Any(o => o.Value == Key(id));
    public bool HasUnit(int id) => Units.Any(o => o.Value == Key(id));
    public bool HasTheme(int id) => Themes.Any(o => o.Value == Key(id));

    public string NameOf(IReadOnlyList<Option> options, int? id) =>
        id is null ? "" : options.FirstOrDefault(o => o.Value == Key(id.Value))?.Text ?? "";

    private static string Key(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
