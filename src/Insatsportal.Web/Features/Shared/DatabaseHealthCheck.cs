using Insatsportal.Web.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Insatsportal.Web.Features.Shared;

/// <summary>/health answers Healthy when the database answers; it says nothing more to anonymous callers.</summary>
public sealed class DatabaseHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy(exception: e);
        }
    }
}
