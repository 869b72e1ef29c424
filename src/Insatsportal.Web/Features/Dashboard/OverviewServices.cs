namespace Insatsportal.Web.Features.Dashboard;

public static class OverviewServices
{
    /// <summary>Översikt and Sedan förra omgången.</summary>
    public static IServiceCollection AddOverview(this IServiceCollection services)
    {
        services.AddScoped<OverviewScopes>();
        services.AddScoped<OverviewQueries>();
        services.AddScoped<OverviewLists>();
        services.AddScoped<ComparisonQueries>();
        services.AddSingleton<ComparisonCache>();
        return services;
    }
}
