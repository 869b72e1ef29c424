using Insatsportal.Web.Data;
using Insatsportal.Web.Data.Configurations;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.FollowUps.Reminders;

/// <summary>
/// Sends what is due from the reminder table. A failure is recorded on the message and retried later with a
/// growing pause; no message is ever deleted, so a mail server that is down loses nothing.
/// </summary>
public sealed class ReminderSender(AppDbContext db, IMailTransport transport, TimeProvider clock, ILogger<ReminderSender> logger)
{
    public const int BatchSize = 50;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(60);

    /// <summary>Sends up to one batch of due messages; returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var batch = await db.ReminderMessages
            .Where(m => m.SentAt == null && m.NextAttemptAt <= now)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Take(BatchSize)
            .ToListAsync(ct);

        var sent = 0;
        foreach (var message in batch)
        {
            try
            {
                await transport.SendAsync(message, ct);
                message.SentAt = clock.GetUtcNow().UtcDateTime;
                sent++;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                message.Attempts++;
                message.LastError = ex.Message.Length <= Lengths.Reason ? ex.Message : ex.Message[..Lengths.Reason];
                message.NextAttemptAt = clock.GetUtcNow().UtcDateTime + Backoff(message.Attempts);
                // The exception comes from the transport and names the server, never the credentials.
                logger.LogWarning(ex, "Sending reminder {MessageId} failed (attempt {Attempts}); next attempt at {NextAttemptAt:o}",
                    message.Id, message.Attempts, message.NextAttemptAt);
            }
            // Saved per message: a crash half-way through a batch must not send the first half again.
            await db.SaveChangesAsync(CancellationToken.None);
        }
        return sent;
    }

    /// <summary>1, 2, 4 … minutes after the first, second, third failure, never more than an hour.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromMinutes(Math.Min(MaxBackoff.TotalMinutes, Math.Pow(2, Math.Clamp(attempts - 1, 0, 10))));
}
