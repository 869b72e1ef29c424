using Insatsportal.Web.Features.Shared;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.History;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Administration;

public sealed record HandoverCandidate(string Id, string DisplayName, string? Title, IReadOnlyList<string> Roles);

public sealed record HandoverItem(int Id, string Text, string Detail);

/// <summary>What a handover moves; <c>UnitReports</c> are the open reports of the units a leaving rektor leads, which follow the units.</summary>
public sealed record HandoverPreview(
    IReadOnlyList<HandoverItem> Responsibilities, IReadOnlyList<HandoverItem> Reports, IReadOnlyList<HandoverItem> Units,
    IReadOnlyList<HandoverItem> UnitReports)
{
    public bool IsEmpty => Responsibilities.Count == 0 && Reports.Count == 0 && Units.Count == 0;
}

public sealed record HandoverPage(
    string UserId, string DisplayName, bool IsActive, IReadOnlyList<HandoverCandidate> Candidates, string? SuccessorId,
    string? SuccessorName, HandoverPreview Preview, bool Deactivate, string? Error);

/// <summary>
/// Hands a leaving rektor's or official's open items to a successor in one transaction. "Open" means work
/// still to be done: responsible entries of insatser that are neither finished (avslutad, avbruten) nor
/// archived, in plans that are neither closed nor archived; follow-up reports naming the user that are not
/// approved, in rounds that are open (or reopened after closing); and the units the user leads. Everything else
/// keeps the old name, because it is what happened.
/// </summary>
public sealed class Handover(AppDbContext db, HistoryRecorder history, UserHistory userHistory, TimeProvider clock, ILogger<Handover> logger)
{
    public static bool IsOpen(InitiativeStatus status, bool archived, bool planArchived, PlanStatus planStatus) =>
        status is not (InitiativeStatus.Completed or InitiativeStatus.Cancelled) && !archived && !planArchived
        && planStatus != PlanStatus.Closed;

    public static IQueryable<ResponsibleEntry> OpenResponsibilities(AppDbContext db) => db.ResponsibleEntries
        .Where(r => r.Initiative.Status != InitiativeStatus.Completed && r.Initiative.Status != InitiativeStatus.Cancelled
            && !r.Initiative.IsArchived && !r.Initiative.Plan.IsArchived && r.Initiative.Plan.Status != PlanStatus.Closed);

    public static IQueryable<FollowUpReport> OpenReports(AppDbContext db) => db.FollowUpReports
        .Where(r => r.Status != ReportStatus.Approved && (r.Round.Status == RoundStatus.Open || r.ReopenedAfterClose));

    /// <summary>Active users of the same förvaltning who share a working role with the leaving user.</summary>
    public async Task<IReadOnlyList<HandoverCandidate>> CandidatesAsync(string userId, CancellationToken ct)
    {
        var leaving = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.OrganisationId).SingleAsync(ct);
        var roles = await RolesOf([userId], ct);
        var working = roles.GetValueOrDefault(userId, []).Where(r => r != Roles.Administrator).ToHashSet();
        var users = await db.Users.AsNoTracking()
            .Where(u => u.Id != userId && u.IsActive && u.OrganisationId == leaving && u.OrganisationId != null)
            .OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName, u.Title }).ToListAsync(ct);
        var candidateRoles = await RolesOf(users.Select(u => u.Id).ToList(), ct);
        return users
            .Select(u => new HandoverCandidate(u.Id, u.DisplayName, u.Title, candidateRoles.GetValueOrDefault(u.Id, [])))
            .Where(c => c.Roles.Any(working.Contains))
            .ToList();
    }

    public async Task<HandoverPreview> PreviewAsync(string userId, CancellationToken ct)
    {
        var responsibilities = await OpenResponsibilities(db).AsNoTracking().Where(r => r.UserId == userId)
            .OrderBy(r => r.Initiative.Plan.Name).ThenBy(r => r.Initiative.Title)
            .Select(r => new HandoverItem(r.InitiativeId, r.Initiative.Title, r.Initiative.Plan.Name + " – " + r.RoleTitle))
            .ToListAsync(ct);
        var reports = await OpenReports(db).AsNoTracking().Where(r => r.ResponsibleUserId == userId)
            .OrderBy(r => r.Round.Deadline).ThenBy(r => r.InitiativeTitle)
            .Select(r => new HandoverItem(r.Id, r.InitiativeTitle, r.Round.Name))
            .ToListAsync(ct);
        var units = await db.UserUnits.AsNoTracking().Where(u => u.UserId == userId).OrderBy(u => u.Unit.Name)
            .Select(u => new HandoverItem(u.UnitId, u.Unit.Name, u.Unit.ClosedOn == null ? "" : "stängd"))
            .ToListAsync(ct);
        var unitReports = await UnitReportsOf(userId).AsNoTracking()
            .OrderBy(r => r.Round.Deadline).ThenBy(r => r.InitiativeTitle)
            .Select(r => new HandoverItem(r.Id, r.InitiativeTitle, r.Round.Name + " – " + r.Unit!.Name))
            .ToListAsync(ct);
        return new HandoverPreview(responsibilities, reports, units, unitReports);
    }

    /// <summary>The open reports a rektor writes for the units they lead (none for other roles).</summary>
    public IQueryable<FollowUpReport> UnitReportsOf(string userId)
    {
        var principal = db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .Any(x => x.UserId == userId && x.Name == Roles.Principal);
        var units = db.UserUnits.Where(u => u.UserId == userId).Select(u => u.UnitId);
        return OpenReports(db).Where(r => principal && r.UnitId != null && units.Contains(r.UnitId.Value));
    }

    /// <returns>A Swedish message when refused; null when everything moved.</returns>
    public async Task<string?> TransferAsync(UserScope admin, string fromId, string? toId, bool deactivate, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(toId))
        {
            return "Välj en efterträdare i listan.";
        }
        var candidates = await CandidatesAsync(fromId, ct);
        if (candidates.All(c => c.Id != toId))
        {
            return "Välj en efterträdare i listan: en aktiv användare i samma förvaltning med samma slags roll.";
        }
        if (deactivate && fromId == admin.UserId)
        {
            return "Du kan inte inaktivera dig själv.";
        }
        var from = await db.Users.SingleAsync(u => u.Id == fromId, ct);
        var to = await db.Users.SingleAsync(u => u.Id == toId, ct);
        var (actorId, actorName) = (admin.UserId, admin.DisplayName);
        var now = clock.GetUtcNow().UtcDateTime;
        var note = $"Överlämnad från {from.DisplayName} till {to.DisplayName}";

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var (fromBefore, toBefore) = (await userHistory.SnapshotAsync(fromId, ct), await userHistory.SnapshotAsync(toId, ct));
        var entries = await OpenResponsibilities(db).Where(r => r.UserId == fromId)
            .Select(r => new { Entry = r, r.Initiative }).ToListAsync(ct);
        foreach (var (item, n) in entries.Select((e, n) => (e, n)))
        {
            item.Entry.UserId = toId;
            // The insats changes: its token is renewed by the DbContext, so a form opened before the handover is stale.
            db.Entry(item.Initiative).State = EntityState.Modified;
            history.RecordChanges(HistoryEntityTypes.Initiative, item.Entry.InitiativeId,
                new Snapshot().Add($"Ansvarig – {item.Entry.RoleTitle}", from.DisplayName),
                new Snapshot().Add($"Ansvarig – {item.Entry.RoleTitle}", to.DisplayName));
        }
        var reports = await OpenReports(db).Where(r => r.ResponsibleUserId == fromId).ToListAsync(ct);
        foreach (var report in reports)
        {
            report.ResponsibleUserId = toId;
            db.ReportTransitions.Add(new ReportTransition
            {
                ReportId = report.Id, From = report.Status, To = report.Status, At = now, UserId = actorId, UserName = actorName, Comment = note,
            });
        }
        // A rektor's unit reports follow the units; each records who it passed to.
        var unitReports = await UnitReportsOf(fromId).ToListAsync(ct);
        foreach (var report in unitReports)
        {
            db.ReportTransitions.Add(new ReportTransition
            {
                ReportId = report.Id, From = report.Status, To = report.Status, At = now, UserId = actorId, UserName = actorName,
                Comment = $"Enheten överlämnad från {from.DisplayName} till {to.DisplayName}",
            });
        }
        var units = await db.UserUnits.Where(u => u.UserId == fromId).ToListAsync(ct);
        var successorUnits = await db.UserUnits.Where(u => u.UserId == toId).Select(u => u.UnitId).ToListAsync(ct);
        db.UserUnits.RemoveRange(units);
        db.UserUnits.AddRange(units.Where(u => !successorUnits.Contains(u.UnitId)).Select(u => new UserUnit { UserId = toId, UnitId = u.UnitId }));
        if (units.Count > 0 || deactivate)
        {
            // Scope is in the cookie: a new stamp ends the leaving user's session at its next validation.
            from.SecurityStamp = Guid.NewGuid().ToString();
            from.ConcurrencyStamp = Guid.NewGuid().ToString();
        }
        if (deactivate)
        {
            from.IsActive = false;
        }
        await db.SaveChangesAsync(ct);
        var moved = $"{entries.Count} ansvar för insatser, {Display.Count(reports.Count + unitReports.Count, "rapport", "rapporter")} och {Display.Count(units.Count, "enhet", "enheter")}";
        userHistory.Record(fromId, UserHistory.Handover, null, $"Till {to.DisplayName}: {moved}");
        userHistory.Changes(fromId, fromBefore, await userHistory.SnapshotAsync(fromId, ct));
        userHistory.Record(toId, UserHistory.Handover, null, $"Från {from.DisplayName}: {moved}");
        userHistory.Changes(toId, toBefore, await userHistory.SnapshotAsync(toId, ct));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Handover from {From} to {To} by {Admin}: {Entries} responsible entries, {Reports} reports, {Units} units",
            fromId, toId, actorId, entries.Count, reports.Count, units.Count);
        return null;
    }

    private async Task<Dictionary<string, List<string>>> RolesOf(List<string> userIds, CancellationToken ct) =>
        (await db.UserRoles.Where(r => userIds.Contains(r.UserId)).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(ct))
        .GroupBy(x => x.UserId).ToDictionary(g => g.Key, g => g.Select(x => x.Name!).Order(StringComparer.Ordinal).ToList());
}
