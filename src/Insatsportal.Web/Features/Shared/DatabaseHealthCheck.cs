using Insatsportal.Web.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Serilog.Events;

namespace Insatsportal.Web.Features.Shared;

/// <summary>
/// Ready for traffic: the database answers and has every migration this version of the app expects (a new version
/// started before the DBA ran its migration script is not ready). Anonymous callers learn nothing more than
/// Healthy or Unhealthy; the reason goes to the log.
/// </summary>
public sealed class DatabaseHealthCheck(AppDbContext db, ILogger<DatabaseHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                logger.LogWarning("Not ready: the database cannot be reached");
                return HealthCheckResult.Unhealthy();
            }
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                logger.LogWarning("Not ready: {Count} migrations are not applied ({Migrations})", pending.Count, pending);
                return HealthCheckResult.Unhealthy();
            }
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Not ready: the database check failed");
            return HealthCheckResult.Unhealthy();
        }
    }
}

/// <summary>The load balancer's probes (docs/operations.md).</summary>
public static class HealthEndpoints
{
    private const string Ready = "ready";

    public static IServiceCollection AddAppHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [Ready]);
        return services;
    }

    public static void MapAppHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        // Live: the process answers requests; nothing else is checked, so a database outage never makes the
        // orchestrator restart every instance at once.
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        // Ready: send traffic here (503 while the database is unreachable or migrations are pending).
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready) }).AllowAnonymous();
        // The older address, kept for monitors that know it: the same as ready.
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready) }).AllowAnonymous();
    }

    /// <summary>A successful probe is not worth a log line every few seconds per instance; a failing one is.</summary>
    public static LogEventLevel RequestLogLevel(HttpContext context, double elapsedMilliseconds, Exception? exception) =>
        exception is null && context.Response.StatusCode < 400 && context.Request.Path.StartsWithSegments("/health")
            ? LogEventLevel.Verbose
            : exception is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error : LogEventLevel.Information;
}
