using Serilog;

namespace Insatsportal.Web.Hosting;

/// <summary>Serilog for the host and for the request log.</summary>
public static class AppLogging
{
    /// <summary>
    /// Serilog is registered as a service (not a static bootstrap logger) so that several hosts can run in one
    /// test process; its sinks and levels come from the "Serilog" section of appsettings. The static Log.Logger is
    /// left alone: otherwise every host in a process writes through the last one built, and the first one stopped
    /// closes the others' sinks.
    /// </summary>
    public static IServiceCollection AddAppLogging(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSerilog((provider, logger) => logger
            .ReadFrom.Configuration(configuration)
            .ReadFrom.Services(provider)
            .Enrich.FromLogContext(), preserveStaticLogger: true);

    public static IApplicationBuilder UseAppRequestLogging(this WebApplication app) =>
        app.UseSerilogRequestLogging(options =>
        {
            // The app's own logger: the middleware would otherwise write through the static Log.Logger, which is left
            // silent (see AddAppLogging), and no request line would ever reach the log.
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.GetLevel = Features.Shared.HealthEndpoints.RequestLogLevel;
        });
}
