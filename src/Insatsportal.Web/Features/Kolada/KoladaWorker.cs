using Insatsportal.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Insatsportal.Web.Features.Kolada;

/// <summary>
/// Fetches every förvaltning's linked figures once a day (Kolada publishes a few times a year; daily is plenty).
/// Each förvaltning is claimed with one UPDATE of its last claim time, so with several instances only one fetches.
/// A failing fetch is recorded on the förvaltning and the loop goes on; its values stay as they were.
/// </summary>
public sealed class KoladaWorker(
    IServiceScopeFactory scopes, IOptions<KoladaOptions> options, TimeProvider clock, ILogger<KoladaWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.DailyFetchEnabled)
        {
            logger.LogInformation("The daily Kolada fetch is disabled (Kolada:DailyFetchEnabled is false)");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(scopes, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Kolada pass failed; trying again in {PollInterval}", settings.PollInterval);
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

    /// <summary>One pass: every förvaltning with a linked figure whose daily fetch this instance claims.</summary>
    public static async Task<int> RunOnceAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        List<int> organisations;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            organisations = await db.KoladaLinks.Where(l => l.RemovedAt == null).Select(l => l.OrganisationId)
                .Distinct().ToListAsync(ct);
        }
        var fetched = 0;
        foreach (var organisation in organisations)
        {
            // A scope per förvaltning: a fresh DbContext, so one förvaltning's failure leaves nothing tracked for the next.
            await using var scope = scopes.CreateAsyncScope();
            var kolada = scope.ServiceProvider.GetRequiredService<KoladaService>();
            if (await kolada.ClaimDailyAsync(organisation, ct))
            {
                await kolada.FetchAsync(organisation, ct);
                fetched++;
            }
        }
        return fetched;
    }
}
