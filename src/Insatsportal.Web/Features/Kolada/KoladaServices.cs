namespace Insatsportal.Web.Features.Kolada;

public static class KoladaServices
{
    /// <summary>Key figures from Kolada: fetched on demand and once a day, or uploaded (docs/kolada.md).</summary>
    public static IServiceCollection AddKolada(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KoladaOptions>()
            .Bind(configuration.GetSection(KoladaOptions.Section))
            .Validate(o => Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out _) && o.PollInterval > TimeSpan.Zero && o.FetchInterval > TimeSpan.Zero
                && o.MaxUploadBytes > 0 && o.MaxPages > 0, "Kolada: BaseUrl must be an absolute URL; intervals, MaxUploadBytes and MaxPages positive.")
            .ValidateOnStart();
        services.AddHttpClient<KoladaClient>();
        services.AddScoped<KoladaService>();
        services.AddScoped<KoladaFigures>();
        services.AddScoped<KoladaSeeder>();
        services.AddScoped<KoladaBoardReport>();
        services.AddHostedService<KoladaWorker>();
        return services;
    }
}
