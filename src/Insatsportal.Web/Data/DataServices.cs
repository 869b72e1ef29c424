using Insatsportal.Web.Data.Scale;
using Insatsportal.Web.Data.Seeding;

namespace Insatsportal.Web.Data;

public static class DataServices
{
    /// <summary>The clock, the database of the configured engine, the seeds and the scale-data generator.</summary>
    public static IServiceCollection AddAppData(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddAppDatabase(configuration, environment);
        services.Configure<SeedingOptions>(configuration.GetSection(SeedingOptions.Section));
        services.AddScoped<Seeder>();
        services.AddScoped<DemoRoundsSeeder>();
        services.AddScoped<ScaleDataGenerator>();
        return services;
    }
}
