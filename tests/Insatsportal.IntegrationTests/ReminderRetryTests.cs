using System.Globalization;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.FollowUps.Reminders;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

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
