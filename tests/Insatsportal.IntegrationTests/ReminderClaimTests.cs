using System.Globalization;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.FollowUps.Reminders;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

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
