using System.Linq.Expressions;
using Insatsportal.Web.Data;
using Insatsportal.Web.Data.Configurations;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.FollowUps.Reminders;

/// <summary>
/// Sends what is due from the reminder table. A failure is recorded on the message and retried later with a
/// growing pause; no message is ever deleted, so a mail server that is down loses nothing.
/// </summary>
/// <remarks>
/// Every instance runs a sender, so each message is claimed before it is sent: one UPDATE whose WHERE (not sent,
/// due, no live claim) only one sending pass can satisfy, since the database applies updates of a row one at a time
/// and re-checks the condition for the second. The pass that changed the row sends; the others skip it. A claim
/// lasts <see cref="ClaimLease"/>, longer than the SMTP transport's own timeout, so a pass that dies half-way
/// leaves its message to be sent by another once the claim has run out.
/// </remarks>
public sealed class ReminderSender(AppDbContext db, IMailTransport transport, TimeProvider clock, ILogger<ReminderSender> logger)
{
    public const int BatchSize = 50;
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(60);

    /// <summary>Sends up to one batch of due messages; returns how many this pass sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var candidates = await db.ReminderMessages.AsNoTracking()
            .Where(Due(clock.GetUtcNow().UtcDateTime))
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(BatchSize)
            .ToListAsync(ct);

        var pass = Guid.NewGuid();
        var sent = 0;
        foreach (var id in candidates)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var claimed = await db.ReminderMessages.Where(m => m.Id == id).Where(Due(now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedBy, pass).SetProperty(m => m.ClaimExpiresAt, now + ClaimLease), ct);
            if (claimed == 0)
            {
                // Another instance's pass has it, or has sent it since the batch was read.
                continue;
            }
            var message = await db.ReminderMessages.AsNoTracking().SingleAsync(m => m.Id == id, ct);
            var mine = db.ReminderMessages.Where(m => m.Id == id && m.ClaimedBy == pass);
            try
            {
                await transport.SendAsync(message, ct);
                var sentAt = clock.GetUtcNow().UtcDateTime;
                // Saved per message: a crash half-way through a batch must not send the first half again.
                await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, sentAt).SetProperty(m => m.ClaimExpiresAt, (DateTime?)null),
                    CancellationToken.None);
                sent++;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                var attempts = message.Attempts + 1;
                var error = ex.Message.Length <= Lengths.Reason ? ex.Message : ex.Message[..Lengths.Reason];
                var next = clock.GetUtcNow().UtcDateTime + Backoff(attempts);
                await mine.ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Attempts, attempts)
                    .SetProperty(m => m.LastError, error)
                    .SetProperty(m => m.NextAttemptAt, next)
                    .SetProperty(m => m.ClaimExpiresAt, (DateTime?)null), CancellationToken.None);
                // The exception comes from the transport and names the server, never the credentials.
                logger.LogWarning(ex, "Sending reminder {MessageId} failed (attempt {Attempts}); next attempt at {NextAttemptAt:o}",
                    message.Id, attempts, next);
            }
        }
        return sent;
    }

    /// <summary>Not sent, due, and not claimed by a pass whose claim still holds.</summary>
    private static Expression<Func<ReminderMessage, bool>> Due(DateTime now) =>
        m => m.SentAt == null && m.NextAttemptAt <= now && (m.ClaimExpiresAt == null || m.ClaimExpiresAt < now);

    /// <summary>1, 2, 4 … minutes after the first, second, third failure, never more than an hour.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromMinutes(Math.Min(MaxBackoff.TotalMinutes, Math.Pow(2, Math.Clamp(attempts - 1, 0, 10))));
}
