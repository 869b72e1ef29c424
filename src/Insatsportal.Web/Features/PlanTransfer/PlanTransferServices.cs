namespace Insatsportal.Web.Features.PlanTransfer;

public static class PlanTransferServices
{
    /// <summary>Excel export and import of a plan; confirmed imports wait in the database and run one at a time per
    /// instance in the background (docs/plan-template.md).</summary>
    public static IServiceCollection AddPlanTransfer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<PlanExporter>();
        services.AddScoped<PlanImportAnalyzer>();
        services.AddScoped<PlanImportWriter>();
        services.AddScoped<ImportUploads>();
        services.AddScoped<PlanImportQueue>();
        services.AddSingleton<LocalImportActivity>();
        services.AddOptions<PlanImportOptions>().Bind(configuration.GetSection(PlanImportOptions.Section))
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.HeartbeatInterval > TimeSpan.Zero && o.JobLease > o.HeartbeatInterval,
                "PlanTransfer: PollInterval and HeartbeatInterval must be positive and JobLease longer than HeartbeatInterval.")
            .ValidateOnStart();
        services.AddHostedService<PlanImportWorker>();
        return services;
    }
}
