using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Data.Configurations;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Insatsportal.Web.Features.FollowUps.Reminders;

/// <summary>
/// Queues the deadline reminders: one before the deadline and one when it has passed, per open report and
/// person who is to write it. The unique deduplication key makes a second pass on the same day (or by a second
/// worker) add nothing.
/// </summary>
public sealed class ReminderScheduler(
    AppDbContext db, TimeProvider clock, IOptions<ReminderOptions> options, ILogger<ReminderScheduler> logger)
{
    private sealed record Candidate(
        int Id, string Title, int? UnitId, string? UnitName, string? ResponsibleUserId, string RoundName, DateOnly Deadline,
        int OrganisationId, List<int> DepartmentIds);

    private sealed record Recipient(string Id, string Email, string Name);

    public async Task<int> QueueDueAsync(CancellationToken ct)
    {
        var today = ReportStates.Today(clock);
        var now = clock.GetUtcNow().UtcDateTime;
        var lastDeadlineToRemind = today.AddDays(options.Value.DaysBeforeDeadline);

        // Open reports whose round's deadline is near or past. Kept as a query so the recipient and
        // deduplication queries below can use it as a subquery instead of a list of ids.
        var due = db.FollowUpReports.Where(r =>
            (r.Round.Status == RoundStatus.Open || r.ReopenedAfterClose)
            && (r.Status == ReportStatus.NotStarted || r.Status == ReportStatus.Draft || r.Status == ReportStatus.Returned)
            && r.Round.Deadline <= lastDeadlineToRemind);

        var candidates = await due.AsNoTracking()
            .Select(r => new Candidate(
                r.Id, r.InitiativeTitle, r.UnitId, r.Unit != null ? r.Unit.Name : null, r.ResponsibleUserId, r.Round.Name,
                r.Round.Deadline, r.Round.Plan.OrganisationId,
                r.Initiative.Responsible.Where(x => x.DepartmentId != null).Select(x => x.DepartmentId!.Value).ToList()))
            .ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return 0;
        }

        var roles = await db.Roles.AsNoTracking()
            .Where(r => r.Name == Roles.Principal || r.Name == Roles.Official || r.Name == Roles.DepartmentHead || r.Name == Roles.DirectorOfEducation)
            .ToDictionaryAsync(r => r.Name!, r => r.Id, ct);
        var principal = roles.GetValueOrDefault(Roles.Principal, "");
        var official = roles.GetValueOrDefault(Roles.Official, "");
        var head = roles.GetValueOrDefault(Roles.DepartmentHead, "");
        var director = roles.GetValueOrDefault(Roles.DirectorOfEducation, "");
        var users = db.Users.Where(u => u.IsActive && u.Email != null && u.Email != "");
        var principals = await (
            from link in db.UserUnits
            join user in users on link.UserId equals user.Id
            where due.Any(r => r.UnitId == link.UnitId) && db.UserRoles.Any(ur => ur.UserId == user.Id && ur.RoleId == principal)
            select new { link.UnitId, user.Id, user.Email, user.DisplayName }).AsNoTracking().ToListAsync(ct);
        var officials = await (
            from link in db.UserDepartments
            join user in users on link.UserId equals user.Id
            where due.Any(r => r.UnitId == null && r.Initiative.Responsible.Any(x => x.DepartmentId == link.DepartmentId))
                && db.UserRoles.Any(ur => ur.UserId == user.Id && (ur.RoleId == official || ur.RoleId == head))
            select new { link.DepartmentId, user.Id, user.Email, user.DisplayName }).AsNoTracking().ToListAsync(ct);
        var named = await users.Where(u => due.Any(r => r.UnitId == null && r.ResponsibleUserId == u.Id))
            .Select(u => new { u.Id, u.Email, u.DisplayName }).AsNoTracking().ToListAsync(ct);
        var directors = await users.Where(u => u.OrganisationId != null && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == director)
                && due.Any(r => r.Round.Plan.OrganisationId == u.OrganisationId))
            .Select(u => new { OrganisationId = u.OrganisationId!.Value, u.Id, u.Email, u.DisplayName }).AsNoTracking().ToListAsync(ct);

        var byUnit = principals.ToLookup(p => p.UnitId, p => new Recipient(p.Id, p.Email!, p.DisplayName));
        var byDepartment = officials.ToLookup(o => o.DepartmentId, o => new Recipient(o.Id, o.Email!, o.DisplayName));
        var byId = named.ToDictionary(n => n.Id, n => new Recipient(n.Id, n.Email!, n.DisplayName));
        var byOrganisation = directors.ToLookup(d => d.OrganisationId, d => new Recipient(d.Id, d.Email!, d.DisplayName));

        IEnumerable<Recipient> RecipientsOf(Candidate report)
        {
            if (report.UnitId is { } unit)
            {
                return byUnit[unit];
            }
            // A named person who has left (inactive, or no e-mail) falls through to the department, so the
            // reminder still reaches someone who can write the report.
            if (report.ResponsibleUserId is not null && byId.TryGetValue(report.ResponsibleUserId, out var person))
            {
                return [person];
            }
            var department = report.DepartmentIds.SelectMany(d => byDepartment[d]).DistinctBy(r => r.Id).ToList();
            return department.Count > 0 ? department : byOrganisation[report.OrganisationId];
        }

        var wanted = new List<ReminderMessage>();
        foreach (var report in candidates)
        {
            var kind = report.Deadline < today ? ReminderKind.Overdue : ReminderKind.BeforeDeadline;
            foreach (var recipient in RecipientsOf(report))
            {
                wanted.Add(Compose(report, recipient, kind, now));
            }
        }

        var existing = (await db.ReminderMessages
            .Where(m => m.Kind != ReminderKind.Returned && due.Any(r => r.Id == m.ReportId))
            .Select(m => m.DeduplicationKey).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var added = wanted.Where(m => existing.Add(m.DeduplicationKey)).ToList();
        if (added.Count == 0)
        {
            return 0;
        }
        db.ReminderMessages.AddRange(added);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            // Another worker queued some of the same reminders in between; the unique key kept them single.
            // Nothing is lost: the next pass queues whatever is still missing.
            logger.LogWarning(ex, "Queueing {Count} reminders collided with another pass; retrying next pass", added.Count);
            db.ChangeTracker.Clear();
            return 0;
        }
        logger.LogInformation("Queued {Count} deadline reminders for {Today}", added.Count, today);
        return added.Count;
    }

    private ReminderMessage Compose(Candidate report, Recipient recipient, ReminderKind kind, DateTime now)
    {
        var what = report.UnitName is null ? $"”{report.Title}”" : $"”{report.Title}” för {report.UnitName}";
        var deadline = Display.Date(report.Deadline);
        var link = $"{options.Value.BaseUrl?.TrimEnd('/')}/rapporter/{report.Id}";
        var (subject, lead, key) = kind == ReminderKind.Overdue
            ? ($"Försenad: rapporten för {what} skulle ha lämnats senast {deadline}",
               $"rapporten för {what} i omgången ”{report.RoundName}” skulle ha lämnats senast {deadline} och är inte klarmarkerad än.",
               $"overdue:{report.Id}:{recipient.Id}")
            : ($"Påminnelse: rapporten för {what} ska lämnas senast {deadline}",
               $"rapporten för {what} i omgången ”{report.RoundName}” ska lämnas senast {deadline}.",
               $"deadline:{report.Id}:{recipient.Id}");
        return new ReminderMessage
        {
            ReportId = report.Id, Kind = kind, ToEmail = recipient.Email, ToName = recipient.Name,
            Subject = subject.Length <= Lengths.Title ? subject : string.Concat(subject.AsSpan(0, Lengths.Title - 1), "…"),
            Body = $"Hej {recipient.Name}!\n\nDet här är en påminnelse om att {lead}\n\nSkriv och klarmarkera rapporten i Insatsportal: {link}\n\nDu får det här brevet för att du ska skriva rapporten. Det går inte att svara på det.",
            DeduplicationKey = key, CreatedAt = now, NextAttemptAt = now,
        };
    }
}
