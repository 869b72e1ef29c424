using Insatsportal.Web.Features.Shared;

namespace Insatsportal.Web.Hosting;

public static class Caching
{
    public static IServiceCollection AddCaches(this IServiceCollection services, IConfiguration configuration)
    {
        // The insats list caches its option lists per user for a minute (InitiativeSearch.OptionsLifetime).
        services.AddMemoryCache();
        // Whole pages are kept per user, antiforgery cookie, day and data version (docs/performance.md, "Output cache").
        services.AddPageCache(configuration);
        return services;
    }
}
