using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.FollowUps.Reminders;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>The app with a clock the test sets and the reminder services called directly (the worker is off).</summary>
public abstract class ReminderFactory : AppFactory
{
    public TestClock Clock { get; } = new(new DateTimeOffset(2021, 3, 1, 9, 0, 0, TimeSpan.Zero));

    protected abstract void ConfigureMail(IWebHostBuilder builder);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Reminders:DaysBeforeDeadline", "7");
        builder.UseSetting("Mail:From", "insatsportal@test.example");
        ConfigureMail(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Sets the clock to 09:00 UTC (11:00 in Sweden) on a date.</summary>
    public void SetDate(DateOnly date) => Clock.Now = new DateTimeOffset(date.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);

    /// <summary>A round of the seeded Halmstad plan, opened on 1 February 2021.</summary>
    public Task<int> OpenRoundAsync(string name, DateOnly deadline) => Data.RoundAsync(name, deadline);

    public async Task<int> QueueDueAsync()
    {
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ReminderScheduler>().QueueDueAsync(CancellationToken.None);
    }

    public async Task<int> SendDueAsync()
    {
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ReminderSender>().SendDueAsync(CancellationToken.None);
    }

    /// <summary>Sends batch after batch until nothing due is left; returns how many were sent.</summary>
    public async Task<int> SendAllDueAsync()
    {
        var total = 0;
        for (var sent = await SendDueAsync(); sent > 0; sent = await SendDueAsync())
        {
            total += sent;
        }
        return total;
    }
}

/// <summary>Mail written to a temporary pickup folder, as in Development.</summary>
public class PickupReminderFactory : ReminderFactory
{
    public string MailFolder { get; } = Path.Combine(Path.GetTempPath(), $"insatsportal-mail-{Guid.NewGuid():N}");

    protected override void ConfigureMail(IWebHostBuilder builder) => builder.UseSetting("Mail:PickupDirectory", MailFolder);

    public string[] MailFiles() => Directory.Exists(MailFolder) ? Directory.GetFiles(MailFolder, "*.eml") : [];

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (Directory.Exists(MailFolder))
        {
            Directory.Delete(MailFolder, recursive: true);
        }
    }
}

/// <summary>SMTP pointed at a loopback port nothing listens on: every send fails at once.</summary>
public sealed class FailingSmtpReminderFactory : ReminderFactory
{
    protected override void ConfigureMail(IWebHostBuilder builder)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        builder.UseSetting("Mail:Host", "127.0.0.1");
        builder.UseSetting("Mail:Port", port.ToString(CultureInfo.InvariantCulture));
    }
}

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

public sealed class ReminderRetryTests(FailingSmtpReminderFactory app) : IClassFixture<FailingSmtpReminderFactory>
{
    [Fact]
    public async Task A_failing_mail_server_leaves_reminders_queued_and_they_are_retried_only_after_the_backoff()
    {
        var now = app.Clock.Now.UtcDateTime;
        await app.WithDbAsync(async db =>
        {
            for (var n = 0; n < 3; n++)
            {
                db.ReminderMessages.Add(new ReminderMessage
                {
                    Kind = ReminderKind.BeforeDeadline, ToEmail = DemoUsers.Principal, ToName = "Maria Nilsson",
                    Subject = "Påminnelse: rapporten för ”Läsning” ska lämnas senast 15 april 2021", Body = "Hej!",
                    DeduplicationKey = $"retry-test:{n.ToString(CultureInfo.InvariantCulture)}", CreatedAt = now, NextAttemptAt = now,
                });
            }
            await db.SaveChangesAsync();
        });

        Assert.Equal(0, await app.SendDueAsync());

        var failed = await MessagesAsync();
        Assert.Equal(3, failed.Count);
        Assert.All(failed, m =>
        {
            Assert.Null(m.SentAt);
            Assert.Equal(1, m.Attempts);
            Assert.False(string.IsNullOrWhiteSpace(m.LastError));
            Assert.True(m.NextAttemptAt > now, "the next attempt is in the future");
        });

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await app.SendDueAsync());
        Assert.All(await MessagesAsync(), m => Assert.Equal(1, m.Attempts));

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await app.SendDueAsync());
        var retried = await MessagesAsync();
        Assert.All(retried, m =>
        {
            Assert.Null(m.SentAt);
            Assert.Equal(2, m.Attempts);
            Assert.Equal(app.Clock.Now.UtcDateTime + TimeSpan.FromMinutes(2), m.NextAttemptAt);
        });
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 32)]
    [InlineData(7, 60)]
    [InlineData(40, 60)]
    public void The_pause_before_a_retry_doubles_from_one_minute_up_to_an_hour(int attempts, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), ReminderSender.Backoff(attempts));

    private Task<List<ReminderMessage>> MessagesAsync() =>
        app.WithDbAsync(db => db.ReminderMessages.Where(m => m.DeduplicationKey.StartsWith("retry-test:")).ToListAsync());
}

/// <summary>
/// Mail that goes to a recording transport shared by every sender in the app. A test can make the next message
/// wait in the transport until it lets it go, to hold one worker in the middle of sending while another runs.
/// </summary>
public sealed class RecordingReminderFactory : ReminderFactory
{
    public RecordingTransport Transport { get; } = new();

    protected override void ConfigureMail(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddSingleton<IMailTransport>(Transport));

    public sealed class Hold
    {
        /// <summary>Completed when the held send has begun.</summary>
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public sealed class RecordingTransport : IMailTransport
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<int> _sent = new();
        private Hold? _hold;

        public IReadOnlyList<int> Sent => [.. _sent];

        public Hold HoldNextSend() => _hold = new Hold();

        public async Task SendAsync(ReminderMessage message, CancellationToken ct)
        {
            if (Interlocked.Exchange(ref _hold, null) is { } hold)
            {
                hold.Started.SetResult();
                await hold.Release.Task.WaitAsync(ct);
            }
            _sent.Enqueue(message.Id);
        }
    }
}

/// <summary>Every instance runs a reminder worker over the same table: each message is claimed before it is sent.</summary>
public sealed class ReminderClaimTests(RecordingReminderFactory app) : IClassFixture<RecordingReminderFactory>
{
    [Fact]
    public async Task Two_workers_on_one_database_send_each_reminder_once_even_while_one_is_in_the_middle_of_sending()
    {
        var ids = await QueueAsync("claim-test", 12);

        // Worker one takes the first message and hangs in the mail server; worker two runs a whole pass meanwhile.
        var hold = app.Transport.HoldNextSend();
        var before = app.Transport.Sent.Count;
        var first = app.SendDueAsync();
        await hold.Started.Task.WaitAsync(TimeSpan.FromMinutes(1));
        var sentBySecond = await app.SendDueAsync();
        hold.Release.SetResult();
        var sentByFirst = await first;

        Assert.Equal(1, sentByFirst);
        Assert.Equal(ids.Count - 1, sentBySecond);
        Assert.Equal(ids.Order(), app.Transport.Sent.Skip(before).Order());
        var messages = await app.WithDbAsync(db => db.ReminderMessages.Where(m => ids.Contains(m.Id)).ToListAsync());
        Assert.All(messages, m => Assert.NotNull(m.SentAt));
        // Two passes, each with its own claim: one message by the first, the rest by the second.
        Assert.Equal([1, ids.Count - 1], messages.GroupBy(m => m.ClaimedBy).Select(g => g.Count()).Order());
    }

    [Fact]
    public async Task Workers_running_side_by_side_until_nothing_is_due_send_each_reminder_once()
    {
        var ids = await QueueAsync("side-by-side", 2 * ReminderSender.BatchSize + 7);
        var before = app.Transport.Sent.Count;

        var counts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(app.SendAllDueAsync)));

        var sent = app.Transport.Sent.Skip(before).Where(ids.Contains).ToList();
        Assert.Equal(ids.Count, counts.Sum());
        Assert.Equal(ids.Order(), sent.Order());
        Assert.Equal(0, await app.WithDbAsync(db => db.ReminderMessages.CountAsync(m => ids.Contains(m.Id) && m.SentAt == null)));
    }

    private Task<List<int>> QueueAsync(string prefix, int count) => app.WithDbAsync(async db =>
    {
        var now = app.Clock.Now.UtcDateTime;
        var messages = Enumerable.Range(0, count).Select(n => new ReminderMessage
        {
            Kind = ReminderKind.BeforeDeadline, ToEmail = $"rektor{n.ToString(CultureInfo.InvariantCulture)}@insatsportal.example", ToName = "Rektor",
            Subject = "Påminnelse", Body = "Hej!", DeduplicationKey = $"{prefix}:{n.ToString(CultureInfo.InvariantCulture)}", CreatedAt = now, NextAttemptAt = now,
        }).ToList();
        db.ReminderMessages.AddRange(messages);
        await db.SaveChangesAsync();
        return messages.Select(m => m.Id).ToList();
    });
}

/// <summary>Just enough of RFC 5322/2047 to read the headers of the .eml files SmtpClient writes.</summary>
internal sealed record Eml(string Subject, string To)
{
    private static readonly Regex EncodedWord = new(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=", RegexOptions.Compiled);

    public static Eml Parse(string text)
    {
        var head = text.Split("\r\n\r\n", 2)[0];
        var unfolded = Regex.Replace(head, @"\r\n[ \t]+", " ");
        var headers = unfolded.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim(), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First()[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return new Eml(Decode(headers.GetValueOrDefault("Subject", "")), Decode(headers.GetValueOrDefault("To", "")));
    }

    private static string Decode(string value)
    {
        // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
        var joined = Regex.Replace(value, @"\?=\s+=\?", "?==?");
        return EncodedWord.Replace(joined, m =>
        {
            var encoding = Encoding.GetEncoding(m.Groups[1].Value);
            var bytes = m.Groups[2].Value is "B" or "b"
                ? Convert.FromBase64String(m.Groups[3].Value)
                : QuotedPrintable(m.Groups[3].Value.Replace('_', ' '));
            return encoding.GetString(bytes);
        });
    }

    private static byte[] QuotedPrintable(string text)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length)
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)text[i]);
            }
        }
        return [.. bytes];
    }
}
