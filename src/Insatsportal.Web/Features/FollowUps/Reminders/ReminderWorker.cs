using Microsoft.Extensions.Options;

namespace Insatsportal.Web.Features.FollowUps.Reminders;

/// <summary>
/// Queues and sends reminders every poll interval, outside any request, so sending never makes a user wait.
/// A failing pass is logged and the loop goes on; the table keeps whatever was not sent.
/// </summary>
public sealed class ReminderWorker(
    IServiceScopeFactory scopes, IOptions<ReminderOptions> options, TimeProvider clock, ILogger<ReminderWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            logger.LogInformation("Reminders are disabled (Reminders:Enabled is false)");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A new scope per pass: a fresh DbContext, so nothing tracked lingers between passes.
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ReminderScheduler>().QueueDueAsync(stoppingToken);
                await scope.ServiceProvider.GetRequiredService<ReminderSender>().SendDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Reminder pass failed; trying again in {PollInterval}", settings.PollInterval);
            }
            try
            {
                await Task.Delay(settings.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
