namespace Insatsportal.Web.Features.History;

public static class HistoryServices
{
    public static IServiceCollection AddHistory(this IServiceCollection services) =>
        services.AddScoped<HistoryRecorder>();
}
