using System.Globalization;
using System.Text;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Data.Configurations;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Insatsportal.Web.Features.FollowUps.Reminders;

/// <summary>
/// Queues the reminder e-mails as a digest: at most one e-mail per person and day, listing everything that person
/// has to write that is returned, overdue or due within <see cref="ReminderOptions.DaysBeforeDeadline"/> days.
/// A person gets a digest on a day when something is new to them since their last one: a report entered the
/// reminder window, passed its deadline or was returned. A successor with seven overdue reports gets one e-mail,
/// and an overdue round of the Stockholm size queues one e-mail per person (about a thousand), not one per report.
/// The unique deduplication key ("digest:{user}:{date}") makes a second pass on the same day, or a second
/// instance's pass, add nothing; the sender claims each row before sending it, so each is sent once.
/// </summary>
public sealed class ReminderScheduler(
    AppDbContext db, TimeProvider clock, IOptions<ReminderOptions> options, ILogger<ReminderScheduler> logger, LinkGenerator links)
{
    /// <summary>At most this many reports are named per section of a digest; the rest are counted, with the link to
    /// Att göra (the body has to fit its column).</summary>
    public const int ItemsPerSection = 10;

    /// <summary>How far back a person's last digest is looked for; older news is told again after this long.</summary>
    public static readonly TimeSpan RemindAgainAfter = TimeSpan.FromDays(31);

    private sealed record Candidate(
        int Id, string Title, int? UnitId, string? UnitName, string? ResponsibleUserId, string RoundName, DateOnly Deadline,
        int OrganisationId, List<int> DepartmentIds, ReportStatus Status, DateTime? ReviewedAt, string? ReturnComment,
        string? SubmittedByUserId);

    private sealed record Recipient(string Id, string Email, string Name);

    private enum Section
    {
        Returned,
        Overdue,
        Due,
    }

    private sealed record Item(Candidate Report, Section Section, DateTime NewSince);

    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    public async Task<int> QueueDueAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var nowInSweden = TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, Stockholm);
        if (nowInSweden.Hour < settings.DigestFromHour)
        {
            // Digests go out in the morning, not in the middle of the night; a return made late yesterday waits.
            return 0;
        }
        var today = ReportStates.Today(clock);
        var now = clock.GetUtcNow().UtcDateTime;
        var lastDeadlineToRemind = today.AddDays(settings.DaysBeforeDeadline);

        // Open reports whose round's deadline is near or past, and returned ones whatever their deadline. Kept as a
        // query so the recipient queries below can use it as a subquery instead of a list of ids.
        var due = db.FollowUpReports.Where(r =>
            (r.Round.Status == RoundStatus.Open || r.ReopenedAfterClose)
            && (((r.Status == ReportStatus.NotStarted || r.Status == ReportStatus.Draft) && r.Round.Deadline <= lastDeadlineToRemind)
                || r.Status == ReportStatus.Returned));

        var candidates = await due.AsNoTracking()
            .Select(r => new Candidate(
                r.Id, r.InitiativeTitle, r.UnitId, r.Unit != null ? r.Unit.Name : null, r.ResponsibleUserId, r.Round.Name,
                r.Round.Deadline, r.Round.Plan.OrganisationId,
                r.Initiative.Responsible.Where(x => x.DepartmentId != null).Select(x => x.DepartmentId!.Value).ToList(),
                r.Status, r.ReviewedAt, r.ReturnComment, r.SubmittedByUserId))
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
        // Named writers, and the authors of returned reports (the return is news to the one who submitted).
        var named = await users.Where(u => due.Any(r => (r.UnitId == null && r.ResponsibleUserId == u.Id)
                || (r.Status == ReportStatus.Returned && r.SubmittedByUserId == u.Id)))
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
            IEnumerable<Recipient> writers;
            if (report.UnitId is { } unit)
            {
                writers = byUnit[unit];
            }
            // A named person who has left (inactive, or no e-mail) falls through to the department, so the
            // reminder still reaches someone who can write the report.
            else if (report.ResponsibleUserId is not null && byId.TryGetValue(report.ResponsibleUserId, out var person))
            {
                writers = [person];
            }
            else
            {
                var department = report.DepartmentIds.SelectMany(d => byDepartment[d]).DistinctBy(r => r.Id).ToList();
                writers = department.Count > 0 ? department : byOrganisation[report.OrganisationId];
            }
            if (report.Status == ReportStatus.Returned && report.SubmittedByUserId is { } author && byId.TryGetValue(author, out var submitter))
            {
                writers = writers.Append(submitter);
            }
            return writers.DistinctBy(r => r.Id);
        }

        // Each report's section, and since when it is news: the day it entered the window or passed its deadline
        // (from midnight in Sweden), or the moment it was returned.
        DateTime StartOf(DateOnly day) => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), Stockholm);
        Item ItemOf(Candidate report) => report.Status == ReportStatus.Returned
            ? new Item(report, Section.Returned, report.ReviewedAt ?? DateTime.MinValue)
            : report.Deadline < today
                ? new Item(report, Section.Overdue, StartOf(report.Deadline.AddDays(1)))
                : new Item(report, Section.Due, StartOf(report.Deadline.AddDays(-settings.DaysBeforeDeadline)));

        var perRecipient = candidates
            .SelectMany(report => RecipientsOf(report).Select(recipient => (recipient, item: ItemOf(report))))
            .GroupBy(x => x.recipient.Id)
            .ToDictionary(g => g.Key, g => (g.First().recipient, items: g.Select(x => x.item).ToList()));

        // When each of them last had a digest: only digests since the oldest news can matter, and at most the last
        // RemindAgainAfter of them (one per person and day at most), so the read stays small however long a round
        // has been overdue. A report still open after that long is news again: it is reminded about once a month.
        var oldestNews = perRecipient.Values.SelectMany(r => r.items).Min(i => i.NewSince);
        var since = oldestNews > now - RemindAgainAfter ? oldestNews : now - RemindAgainAfter;
        var earlier = await db.ReminderMessages.AsNoTracking()
            .Where(m => m.Kind == ReminderKind.Digest && m.CreatedAt >= since && m.CreatedAt <= now)
            .Select(m => new { m.DeduplicationKey, m.CreatedAt })
            .ToListAsync(ct);
        var lastDigest = earlier
            .Select(m => (User: UserOfKey(m.DeduplicationKey), m.DeduplicationKey, m.CreatedAt))
            .ToLookup(m => m.User);
        var todaysKey = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var added = new List<ReminderMessage>();
        foreach (var (userId, (recipient, items)) in perRecipient)
        {
            var key = $"digest:{userId}:{todaysKey}";
            var previous = lastDigest[userId].ToList();
            if (previous.Any(p => p.DeduplicationKey == key))
            {
                continue;
            }
            var last = previous.Count == 0 ? DateTime.MinValue : previous.Max(p => p.CreatedAt);
            if (!items.Any(i => i.NewSince > last && i.NewSince <= now))
            {
                continue;
            }
            added.Add(Compose(recipient, items, key, now));
        }
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
            // Another instance queued some of the same digests in between; the unique key kept them single.
            // Nothing is lost: the next pass queues whatever is still missing.
            logger.LogWarning(ex, "Queueing {Count} reminder digests collided with another pass; retrying next pass", added.Count);
            db.ChangeTracker.Clear();
            return 0;
        }
        logger.LogInformation("Queued {Count} reminder digests for {Today}", added.Count, today);
        return added.Count;
    }

    private static string UserOfKey(string key)
    {
        // "digest:{user}:{yyyy-MM-dd}"
        var first = key.IndexOf(':', StringComparison.Ordinal);
        var last = key.LastIndexOf(':');
        return first < 0 || last <= first ? "" : key[(first + 1)..last];
    }

    private ReminderMessage Compose(Recipient recipient, List<Item> items, string key, DateTime now)
    {
        var link = options.Value.BaseUrl?.TrimEnd('/') ?? "";
        string Line(Item item)
        {
            var r = item.Report;
            var title = r.Title.Length <= 120 ? r.Title : string.Concat(r.Title.AsSpan(0, 119), "…");
            var what = r.UnitName is null ? $"”{title}”" : $"”{title}” för {r.UnitName}";
            var comment = item.Section == Section.Returned && r.ReturnComment is { } c
                ? $"\n  Kommentar: {(c.Length <= 300 ? c : string.Concat(c.AsSpan(0, 299), "…"))}"
                : "";
            return $"• {what} ({r.RoundName}), sista dag {Display.Date(r.Deadline)}{comment}\n  {link}{links.GetPathByName(FollowUpRoutes.Report, new { id = r.Id })}";
        }
        var text = new StringBuilder();
        text.Append("Hej ").Append(recipient.Name).Append("!\n\nDet här är dagens sammanfattning av rapporterna du ska skriva i Insatsportal.\n");
        foreach (var (section, heading) in new[]
                 {
                     (Section.Returned, "Återsända, att ändra och klarmarkera igen"),
                     (Section.Overdue, "Försenade, sista dagen har passerat"),
                     (Section.Due, "Ska lämnas snart"),
                 })
        {
            var inSection = items.Where(i => i.Section == section)
                .OrderBy(i => i.Report.Deadline).ThenBy(i => i.Report.Title, StringComparer.Ordinal).ThenBy(i => i.Report.Id).ToList();
            if (inSection.Count == 0)
            {
                continue;
            }
            text.Append('\n').Append(heading).Append(" (").Append(inSection.Count.ToString(CultureInfo.InvariantCulture)).Append("):\n");
            foreach (var item in inSection.Take(ItemsPerSection))
            {
                text.Append(Line(item)).Append('\n');
            }
            if (inSection.Count > ItemsPerSection)
            {
                text.Append("• och ").Append(Display.Count(inSection.Count - ItemsPerSection, "rapport", "rapporter")).Append(" till.\n");
            }
        }
        text.Append("\nAlla dina rapporter finns under Att göra: ").Append(link).Append(links.GetPathByName(FollowUpRoutes.Todo)).Append("\n\n")
            .Append("Du får det här brevet högst en gång om dagen, när något är nytt för dig. Det går inte att svara på det.");
        var body = text.ToString();
        if (body.Length > Lengths.Text)
        {
            body = string.Concat(body.AsSpan(0, Lengths.Text - 1), "…");
        }

        var returned = items.Count(i => i.Section == Section.Returned);
        var overdue = items.Count(i => i.Section == Section.Overdue);
        var soon = items.Count(i => i.Section == Section.Due);
        var parts = new List<string>();
        if (returned > 0)
        {
            parts.Add($"{returned.ToString(CultureInfo.InvariantCulture)} återsänd{(returned == 1 ? "" : "a")}");
        }
        if (overdue > 0)
        {
            parts.Add($"{overdue.ToString(CultureInfo.InvariantCulture)} försenad{(overdue == 1 ? "" : "e")}");
        }
        if (soon > 0)
        {
            parts.Add($"{soon.ToString(CultureInfo.InvariantCulture)} ska lämnas snart");
        }
        var subject = $"Insatsportal: {Display.Count(items.Count, "rapport", "rapporter")} att skriva ({string.Join(", ", parts)})";
        return new ReminderMessage
        {
            ReportId = null, Kind = ReminderKind.Digest, ToEmail = recipient.Email, ToName = recipient.Name,
            Subject = subject.Length <= Lengths.Title ? subject : string.Concat(subject.AsSpan(0, Lengths.Title - 1), "…"),
            Body = body, DeduplicationKey = key, CreatedAt = now, NextAttemptAt = now,
        };
    }
}
