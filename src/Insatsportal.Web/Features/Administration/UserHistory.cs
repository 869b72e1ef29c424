using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.History;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Administration;

public sealed record UserHistoryItem(DateTime At, string ActorName, ChangeAction Action, string? Field, string? OldValue, string? NewValue);

/// <summary>One page of a user's history, newest first.</summary>
public sealed record UserHistoryPage(IReadOnlyList<UserHistoryItem> Items, int Page, int PageCount, int Total);

/// <summary>
/// The history of a user's account (<see cref="UserHistoryEntry"/>): every change an administrator makes to roles,
/// departments, units, name, e-mail, title or status, the creation, password resets and handovers, with who
/// made it and when. Entries are added to the unit of work; the caller's SaveChanges writes them with the change,
/// so a change is never saved without its history. Shaped like the insats history (<see cref="HistoryRecorder"/>,
/// <see cref="Snapshot"/>): the account field by field, compared before and after.
/// </summary>
public sealed class UserHistory(AppDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    public const int PageSize = 20;
    public const string Roles = "Roller";
    public const string Status = "Status";
    public const string Password = "Lösenord";
    public const string Handover = "Överlämning";

    public static string StatusName(bool active) => active ? "Aktiv" : "Inaktiverad";

    /// <summary>The account as the administrator sees it on the user's page, field by field.</summary>
    public async Task<Snapshot> SnapshotAsync(string userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.DisplayName, u.Email, u.Title, u.IsActive }).SingleAsync(ct);
        var roles = await db.UserRoles.Where(r => r.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToListAsync(ct);
        var departments = await db.UserDepartments.Where(d => d.UserId == userId).Select(d => d.Department.Name).ToListAsync(ct);
        var units = await db.UserUnits.Where(u => u.UserId == userId).Select(u => u.Unit.Name).ToListAsync(ct);
        static string? List(IEnumerable<string> names) => string.Join(", ", names.Order(StringComparer.Ordinal)) is { Length: > 0 } list ? list : null;
        return new Snapshot()
            .Add("Namn", user.DisplayName).Add("E-post", user.Email).Add("Titel", user.Title)
            .Add(Roles, List(roles)).Add("Avdelningar", List(departments)).Add("Enheter", List(units))
            .Add(Status, StatusName(user.IsActive));
    }

    /// <summary>A new account: "Skapad" and every field it was created with.</summary>
    public void Created(string userId, Snapshot account)
    {
        Add(userId, ChangeAction.Created, null, null, null);
        foreach (var (field, _, value) in Snapshot.Differences(new Snapshot(), account))
        {
            Add(userId, ChangeAction.Created, field, null, value);
        }
    }

    /// <returns>How many fields changed.</returns>
    public int Changes(string userId, Snapshot before, Snapshot after)
    {
        var differences = Snapshot.Differences(before, after);
        foreach (var (field, old, now) in differences)
        {
            Add(userId, ChangeAction.Updated, field, old, now);
        }
        return differences.Count;
    }

    /// <summary>A change that is not a field of the account (a password reset, a handover), told in a note.</summary>
    public void Record(string userId, string field, string? oldValue, string? newValue) => Add(userId, ChangeAction.Updated, field, oldValue, newValue);

    public async Task<UserHistoryPage> PageAsync(string userId, int page, CancellationToken ct)
    {
        var entries = db.UserHistory.AsNoTracking().Where(e => e.UserId == userId);
        var total = await entries.CountAsync(ct);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var items = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(e => new UserHistoryItem(e.At, e.ActorName, e.Action, e.Field, e.OldValue, e.NewValue))
            .ToListAsync(ct);
        return new UserHistoryPage(items, page, pageCount, total);
    }

    private void Add(string userId, ChangeAction action, string? field, string? oldValue, string? newValue)
    {
        var actor = http.HttpContext?.User is { Identity.IsAuthenticated: true } user ? user.Scope() : null;
        db.UserHistory.Add(new UserHistoryEntry
        {
            UserId = userId, At = clock.GetUtcNow().UtcDateTime, ActorId = actor?.UserId, ActorName = actor?.DisplayName ?? "Systemet",
            Action = action, Field = field, OldValue = oldValue, NewValue = newValue,
        });
    }
}
