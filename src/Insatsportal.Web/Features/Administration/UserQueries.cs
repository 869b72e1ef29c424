using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Initiatives;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Administration;

public sealed record UserRow(string Id, string DisplayName, string? Email, string? Title, string? Organisation, bool IsActive, IReadOnlyList<string> Roles);

public sealed record UserListPage(IReadOnlyList<UserRow> Users, string? Search, bool ShowInactive, int Page, int PageCount, int Total)
{
    /// <summary>The list's filters and another page as the route values of a link to <see cref="AdminRoutes.Users"/>.</summary>
    public RouteValueDictionary RouteValues(int page)
    {
        var values = new RouteValueDictionary();
        if (!string.IsNullOrWhiteSpace(Search))
        {
            values["sok"] = Search;
        }
        if (ShowInactive)
        {
            values["inaktiva"] = "1";
        }
        if (page > 1)
        {
            values["sida"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return values;
    }
}

public sealed record ResponsibilityRow(int InitiativeId, string Title, string Plan, string RoleTitle, InitiativeStatus Status, bool IsArchived, bool IsOpen);

public sealed record ReportRow(int ReportId, string InitiativeTitle, string Round, string? Unit, ReportStatus Status);

public sealed record NamedItem(int Id, string Name, bool Closed);

public sealed record UserDetails(
    string Id, string DisplayName, string? Email, string? Title, int? OrganisationId, string? Organisation, bool IsActive,
    bool LockedOut, IReadOnlyList<string> Roles, IReadOnlyList<NamedItem> Departments, IReadOnlyList<NamedItem> Units,
    IReadOnlyList<ResponsibilityRow> Responsibilities, IReadOnlyList<ReportRow> OpenReports, bool IsSelf, UserHistoryPage? History = null,
    IReadOnlyList<ProviderLink>? ProviderLinks = null, bool MayUsePassword = true)
{
    /// <summary>Why the last command was refused (deactivating oneself, say), shown at the top of the page.</summary>
    public string? Error { get; init; }
}

/// <summary>A link between the user and an identity at the OpenID Connect provider (docs/sso.md).</summary>
public sealed record ProviderLink(string Issuer, string Key);

/// <summary>Reading users for the administrator: filtered, counted and paged in SQL.</summary>
public sealed class UserQueries(AppDbContext db, TimeProvider clock, Handover handover)
{
    public const int PageSize = 25;

    public async Task<UserListPage> ListAsync(UserScope admin, string? search, bool showInactive, int page, CancellationToken ct)
    {
        var users = db.Users.AsNoTracking().Where(AdminScope.Users(admin));
        if (!showInactive)
        {
            users = users.Where(u => u.IsActive);
        }
        var term = search?.Trim();
        if (!string.IsNullOrEmpty(term))
        {
            static string Pattern(string text) => "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            // SQLite's LIKE ignores case for A–Z only, so a name is also tried with its å, ä, ö in upper case and with a
            // capital first letter ("åsa" finds "Åsa Öberg"), as the insats search does; the other engines' LIKE
            // ignores case anyway. Always three patterns (repeated), so that the statement has one shape.
            var variants = InitiativeSearchQuery.CaseVariants(term).Select(Pattern).ToList();
            string P(int n) => variants[Math.Min(n, variants.Count - 1)];
            var (p0, p1, p2) = (P(0), P(1), P(2));
            var upper = Pattern(term).ToUpperInvariant();
            users = users.Where(u => EF.Functions.Like(u.DisplayName, p0, "\\") || EF.Functions.Like(u.DisplayName, p1, "\\")
                || EF.Functions.Like(u.DisplayName, p2, "\\") || EF.Functions.Like(u.NormalizedEmail!, upper, "\\")
                || EF.Functions.Like(u.Title!, p0, "\\") || EF.Functions.Like(u.Title!, p1, "\\") || EF.Functions.Like(u.Title!, p2, "\\"));
        }
        var total = await users.CountAsync(ct);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var rows = await users.OrderBy(u => u.DisplayName).ThenBy(u => u.Email)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(u => new
            {
                u.Id, u.DisplayName, u.Email, u.Title, Organisation = u.Organisation == null ? null : u.Organisation.Name, u.IsActive,
                Roles = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList(),
            })
            .ToListAsync(ct);
        return new UserListPage(
            rows.Select(r => new UserRow(r.Id, r.DisplayName, r.Email, r.Title, r.Organisation, r.IsActive, r.Roles.Order(StringComparer.Ordinal).ToList())).ToList(),
            term, showInactive, page, pageCount, total);
    }

    /// <summary>The organisation of a user the administrator may see; null when there is none (404).</summary>
    public async Task<(bool Found, int? OrganisationId)> FindAsync(UserScope admin, string id, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id).Where(AdminScope.Users(admin))
            .Select(u => new { u.OrganisationId }).SingleOrDefaultAsync(ct);
        return (user is not null, user?.OrganisationId);
    }

    public async Task<IReadOnlyList<ProviderLink>> ProviderLinksAsync(string id, CancellationToken ct) =>
        await db.UserLogins.AsNoTracking().Where(l => l.UserId == id).OrderBy(l => l.LoginProvider)
            .Select(l => new ProviderLink(l.LoginProvider, l.ProviderKey)).ToListAsync(ct);

    public async Task<UserDetails?> DetailsAsync(UserScope admin, string id, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id).Where(AdminScope.Users(admin))
            .Select(u => new
            {
                u.Id, u.DisplayName, u.Email, u.Title, u.OrganisationId, Organisation = u.Organisation == null ? null : u.Organisation.Name,
                u.IsActive, u.LockoutEnd,
            })
            .SingleOrDefaultAsync(ct);
        if (user is null)
        {
            return null;
        }
        var roles = await RolesAsync(id, ct);
        var departments = await db.UserDepartments.AsNoTracking().Where(d => d.UserId == id).OrderBy(d => d.Department.Name)
            .Select(d => new NamedItem(d.DepartmentId, d.Department.Name, d.Department.ClosedOn != null)).ToListAsync(ct);
        var units = await db.UserUnits.AsNoTracking().Where(u => u.UserId == id).OrderBy(u => u.Unit.Name)
            .Select(u => new NamedItem(u.UnitId, u.Unit.Name, u.Unit.ClosedOn != null)).ToListAsync(ct);
        var responsibilities = await db.ResponsibleEntries.AsNoTracking().Where(r => r.UserId == id)
            .OrderBy(r => r.Initiative.Plan.Name).ThenBy(r => r.Initiative.Title)
            .Select(r => new { r.InitiativeId, r.Initiative.Title, Plan = r.Initiative.Plan.Name, r.RoleTitle, r.Initiative.Status,
                r.Initiative.IsArchived, PlanArchived = r.Initiative.Plan.IsArchived, PlanStatus = r.Initiative.Plan.Status })
            .ToListAsync(ct);
        var unitReports = handover.UnitReportsOf(id).Select(r => r.Id);
        var reports = await Handover.OpenReports(db).Where(r => r.ResponsibleUserId == id || unitReports.Contains(r.Id))
            .OrderBy(r => r.Round.Deadline).ThenBy(r => r.InitiativeTitle)
            .Select(r => new ReportRow(r.Id, r.InitiativeTitle, r.Round.Name, r.Unit == null ? null : r.Unit.Name, r.Status))
            .ToListAsync(ct);
        return new UserDetails(user.Id, user.DisplayName, user.Email, user.Title, user.OrganisationId, user.Organisation, user.IsActive,
            user.LockoutEnd > clock.GetUtcNow(), roles, departments, units,
            responsibilities.Select(r => new ResponsibilityRow(r.InitiativeId, r.Title, r.Plan, r.RoleTitle, r.Status, r.IsArchived,
                Handover.IsOpen(r.Status, r.IsArchived, r.PlanArchived, r.PlanStatus))).ToList(),
            reports, admin.UserId == id);
    }

    public async Task<List<string>> RolesAsync(string userId, CancellationToken ct) =>
        (await db.UserRoles.Where(r => r.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToListAsync(ct))
        .Order(StringComparer.Ordinal).ToList();

    public async Task<UserForm?> LoadFormAsync(UserScope admin, string id, CancellationToken ct)
    {
        var form = await db.Users.AsNoTracking().Where(u => u.Id == id).Where(AdminScope.Users(admin))
            .Select(u => new UserForm
            {
                Id = u.Id, DisplayName = u.DisplayName, Email = u.Email, Title = u.Title, OrganisationId = u.OrganisationId,
                ConcurrencyStamp = u.ConcurrencyStamp,
                DepartmentIds = u.Departments.Select(d => d.DepartmentId).ToList(),
                UnitIds = u.Units.Select(x => x.UnitId).ToList(),
            })
            .SingleOrDefaultAsync(ct);
        if (form is not null)
        {
            form.Roles = await RolesAsync(id, ct);
        }
        return form;
    }

    /// <summary>What the form offers: the administrator's förvaltningar and their open departments and units,
    /// plus any closed ones the user already has, so that saving does not silently drop them.</summary>
    public async Task FillOptionsAsync(UserScope admin, UserForm form, CancellationToken ct)
    {
        form.Organisations = await db.Organisations.AsNoTracking().Where(AdminScope.Organisations(admin)).OrderBy(o => o.Name)
            .Select(o => new OrganisationChoice(o.Id, o.Name + ", " + o.Municipality)).ToListAsync(ct);
        var orgIds = form.Organisations.Select(o => o.Id).ToList();
        var keep = form.DepartmentIds;
        form.Departments = await db.Departments.AsNoTracking()
            .Where(d => orgIds.Contains(d.OrganisationId) && (d.ClosedOn == null || keep.Contains(d.Id)))
            .OrderBy(d => d.Organisation.Name).ThenBy(d => d.Name)
            .Select(d => new Choice(d.Id, d.Name, d.Organisation.Name, d.ClosedOn != null)).ToListAsync(ct);
        var keepUnits = form.UnitIds;
        form.Units = await db.Units.AsNoTracking()
            .Where(u => orgIds.Contains(u.OrganisationId) && (u.ClosedOn == null || keepUnits.Contains(u.Id)))
            .OrderBy(u => u.Organisation.Name).ThenBy(u => u.Name)
            .Select(u => new Choice(u.Id, u.Name, u.Organisation.Name, u.ClosedOn != null)).ToListAsync(ct);
    }
}
