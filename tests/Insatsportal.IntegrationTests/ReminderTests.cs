using System.Globalization;
using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.FollowUps.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

public class ReminderTests(PickupReminderFactory app) : IClassFixture<PickupReminderFactory>
{
    private const string Plan = "halmstad-utvecklingsplan-2020-2021";

    [Fact]
    public async Task Each_person_gets_one_digest_a_day_listing_every_report_due_and_a_new_one_only_when_something_is_new()
    {
        var deadline = new DateOnly(2021, 4, 15);
        var round = await app.OpenRoundAsync("Påminnelseomgång", deadline);
        var submitted = await app.Data.ReportIdAsync(round, "svenska-som-andrasprak", "vallasskolan");
        await app.WithDbAsync(db => db.FollowUpReports.Where(r => r.Id == submitted)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReportStatus.Submitted)));

        // Other rounds in this database (the demo rounds, those of the tests that ran before) may have reminders due
        // on this day: they are queued here, so that what is queued a day later is this round's news alone.
        app.SetDate(deadline.AddDays(-8));
        await app.QueueDueAsync();
        Assert.Empty(await DigestsAsync(deadline.AddDays(-7)));

        // Seven days before: one digest per person, each naming every open report of theirs.
        app.SetDate(deadline.AddDays(-7));
        var queued = await app.QueueDueAsync();
        var digests = await DigestsAsync(deadline.AddDays(-7));
        var expected = await ExpectedRecipientsAsync(round);
        Assert.Equal(digests.Count, queued);
        Assert.Equal(expected.Select(e => e.Item2).Distinct().Order(StringComparer.Ordinal), digests.Select(m => m.ToEmail).Order(StringComparer.Ordinal));
        Assert.True(digests.Count < expected.Count, "fewer e-mails than reports: one per person");
        foreach (var digest in digests)
        {
            Assert.Null(digest.ReportId);
            // Every report is named when there are no more than a section holds (the förvaltningschef, who answers
            // for every report nobody else does, gets the first ten and the count of the rest).
            var theirs = expected.Where(e => e.Item2 == digest.ToEmail).ToList();
            foreach (var (report, _) in theirs.Count <= ReminderScheduler.ItemsPerSection ? theirs : [])
            {
                Assert.Contains($"/rapporter/{report!.Value.ToString(CultureInfo.InvariantCulture)}", digest.Body, StringComparison.Ordinal);
            }
        }
        var toPrincipal = Assert.Single(digests, m => m.ToEmail == DemoUsers.Principal);
        var principalReports = expected.Count(e => e.Item2 == DemoUsers.Principal);
        Assert.True(principalReports > 1);
        // The subject counts the digest's reports (the demo rounds' overdue ones are in it too).
        Assert.Matches(@"^Insatsportal: \d+ rapporter att skriva \(.*\d+ ska lämnas snart\)$", toPrincipal.Subject);
        Assert.Contains("Ska lämnas snart", toPrincipal.Body, StringComparison.Ordinal);
        Assert.Contains("sista dag 15 april 2021", toPrincipal.Body, StringComparison.Ordinal);
        Assert.Contains("Påminnelseomgång", toPrincipal.Body, StringComparison.Ordinal);
        Assert.DoesNotContain($"/rapporter/{submitted.ToString(CultureInfo.InvariantCulture)}", toPrincipal.Body, StringComparison.Ordinal);
        var math = await app.Data.ReportIdAsync(round, "matematik-skolutveckling", "vallasskolan");
        Assert.Contains($"/rapporter/{math.ToString(CultureInfo.InvariantCulture)}", toPrincipal.Body, StringComparison.Ordinal);

        var quality = await app.WithDbAsync(db => db.FollowUpReports
            .Where(r => r.RoundId == round && r.UnitId == null && r.ResponsibleUserId == null
                && r.Initiative.Responsible.Any(x => x.Department!.Key == "kvalitet"))
            .Select(r => r.Id).FirstAsync());
        Assert.Equal([DemoUsers.DepartmentHead, DemoUsers.Official],
            digests.Where(m => m.Body.Contains($"/rapporter/{quality.ToString(CultureInfo.InvariantCulture)}\n", StringComparison.Ordinal))
                .Select(m => m.ToEmail).Order(StringComparer.Ordinal));

        // Once a day, and only when something is new: the same day and the next add nothing.
        Assert.Equal(0, await app.QueueDueAsync());
        app.SetDate(deadline.AddDays(-6));
        await app.QueueDueAsync();
        Assert.DoesNotContain(await DigestsAsync(deadline.AddDays(-6)), m => expected.Any(e => e.Item2 == m.ToEmail));

        // The day after the deadline the reports are overdue: news, so one more digest per person, listing them so.
        app.SetDate(deadline.AddDays(1));
        await app.QueueDueAsync();
        var overdue = await DigestsAsync(deadline.AddDays(1));
        Assert.Equal(expected.Select(e => e.Item2).Distinct().Order(StringComparer.Ordinal), overdue.Select(m => m.ToEmail).Order(StringComparer.Ordinal));
        var late = Assert.Single(overdue, m => m.ToEmail == DemoUsers.Principal);
        Assert.Contains("försenad", late.Subject, StringComparison.Ordinal);
        Assert.Contains("Försenade, sista dagen har passerat", late.Body, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueueDueAsync());
    }

    [Fact]
    public async Task In_development_mode_each_digest_is_written_to_the_pickup_folder_as_an_eml_file_and_marked_sent()
    {
        var deadline = new DateOnly(2021, 9, 15);
        await app.OpenRoundAsync("Omgång med brev till mappen", deadline);
        app.SetDate(deadline.AddDays(-3));
        await app.QueueDueAsync();
        var due = await app.WithDbAsync(db => db.ReminderMessages.CountAsync(m => m.SentAt == null && m.NextAttemptAt <= app.Clock.Now.UtcDateTime));
        var filesBefore = app.MailFiles().ToHashSet();
        Assert.True(due > 0);

        var sent = await app.SendAllDueAsync();

        var written = app.MailFiles().Where(f => !filesBefore.Contains(f)).ToList();
        Assert.Equal(due, sent);
        Assert.Equal(due, written.Count);
        var messages = await DigestsAsync(deadline.AddDays(-3));
        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.Equal(app.Clock.Now.UtcDateTime, m.SentAt));
        var toPrincipal = Assert.Single(messages, m => m.ToEmail == DemoUsers.Principal);
        var mails = written.Select(f => Eml.Parse(File.ReadAllText(f))).ToList();
        Assert.Contains(mails, mail => mail.Subject == toPrincipal.Subject && mail.To.Contains(DemoUsers.Principal, StringComparison.Ordinal));
        Assert.Contains("sista dag 15 september 2021", toPrincipal.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_returned_report_reaches_its_author_in_the_next_digest_with_the_comment_not_in_a_mail_of_its_own()
    {
        app.SetDate(new DateOnly(2021, 5, 3));
        var round = await app.OpenRoundAsync("Omgång att skicka tillbaka i", new DateOnly(2021, 12, 15));
        var rektorId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == DemoUsers.Principal).Select(u => u.Id).SingleAsync());
        var report = await app.WithDbAsync(db => db.FollowUpReports
            .Where(r => r.RoundId == round && r.Initiative.Key == "barn-och-elevhearings" && r.Unit!.Key == "vallasskolan")
            .Select(r => new { r.Id, r.InitiativeTitle }).SingleAsync());
        await app.WithDbAsync(db => db.FollowUpReports.Where(r => r.Id == report.Id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, ReportStatus.Submitted).SetProperty(r => r.SubmittedByUserId, rektorId)));
        await app.QueueDueAsync();
        await app.SendAllDueAsync();
        app.Clock.Now = app.Clock.Now.AddHours(1); // returned after that day's digest
        var director = app.CreateBrowser();
        await director.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var filesBefore = app.MailFiles().ToHashSet();

        var response = await director.PostFormAsync($"/rapporter/{report.Id.ToString(CultureInfo.InvariantCulture)}",
            new Dictionary<string, string> { ["Comment"] = "Komplettera effekterna, tack." }, "form[action$='/returnera']");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, await app.SendAllDueAsync());
        Assert.DoesNotContain(app.MailFiles(), f => !filesBefore.Contains(f));

        // The next day's digest tells the author (one e-mail, whatever else they have to write).
        app.SetDate(new DateOnly(2021, 5, 4));
        await app.QueueDueAsync();
        await app.SendAllDueAsync();

        var digest = Assert.Single(await DigestsAsync(new DateOnly(2021, 5, 4)), m => m.ToEmail == DemoUsers.Principal);
        Assert.NotNull(digest.SentAt);
        Assert.Matches(@"\(\d+ återsända?[,)]", digest.Subject); // the demo data has a returned report for the rektor too
        Assert.Contains("Återsända, att ändra och klarmarkera igen", digest.Body, StringComparison.Ordinal);
        Assert.Contains($"”{report.InitiativeTitle}” för Vallåsskolan", digest.Body, StringComparison.Ordinal);
        Assert.Contains("Kommentar: Komplettera effekterna, tack.", digest.Body, StringComparison.Ordinal);
        var mail = Assert.Single(app.MailFiles().Where(f => !filesBefore.Contains(f)).Select(f => Eml.Parse(File.ReadAllText(f))),
            m => m.To.Contains(DemoUsers.Principal, StringComparison.Ordinal));
        Assert.Equal(digest.Subject, mail.Subject);
    }

    /// <summary>The digests queued on a day (their key ends in the date).</summary>
    private Task<List<ReminderMessage>> DigestsAsync(DateOnly day)
    {
        var suffix = ":" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return app.WithDbAsync(db => db.ReminderMessages
            .Where(m => m.Kind == ReminderKind.Digest && m.DeduplicationKey.EndsWith(suffix))
            .OrderBy(m => m.Id).ToListAsync());
    }

    /// <summary>Who should be reminded of the round's open reports, worked out here from the raw tables.</summary>
    private Task<List<(int?, string)>> ExpectedRecipientsAsync(int round) => app.WithDbAsync(async db =>
    {
        var users = await db.Users.Where(u => u.IsActive && u.Email != null)
            .Select(u => new
            {
                u.Id, u.Email, u.OrganisationId,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList(),
                Units = db.UserUnits.Where(x => x.UserId == u.Id).Select(x => x.UnitId).ToList(),
                Departments = db.UserDepartments.Where(x => x.UserId == u.Id).Select(x => x.DepartmentId).ToList(),
            }).ToListAsync();
        var reports = await db.FollowUpReports
            .Where(r => r.RoundId == round && r.Status != ReportStatus.Submitted && r.Status != ReportStatus.Approved)
            .Select(r => new
            {
                r.Id, r.UnitId, r.ResponsibleUserId, r.Round.Plan.OrganisationId,
                Departments = r.Initiative.Responsible.Where(x => x.DepartmentId != null).Select(x => x.DepartmentId!.Value).ToList(),
            }).ToListAsync();
        var expected = new List<(int?, string)>();
        foreach (var r in reports)
        {
            var people = r.UnitId is { } unit
                ? users.Where(u => u.Roles.Contains(Roles.Principal) && u.Units.Contains(unit)).ToList()
                : users.Where(u => u.Id == r.ResponsibleUserId).ToList();
            if (r.UnitId is null && people.Count == 0)
            {
                people = users.Where(u => (u.Roles.Contains(Roles.Official) || u.Roles.Contains(Roles.DepartmentHead))
                    && u.Departments.Intersect(r.Departments).Any()).ToList();
            }
            if (r.UnitId is null && people.Count == 0)
            {
                people = users.Where(u => u.Roles.Contains(Roles.DirectorOfEducation) && u.OrganisationId == r.OrganisationId).ToList();
            }
            expected.AddRange(people.Select(p => ((int?)r.Id, p.Email!)));
        }
        return expected;
    });
}
