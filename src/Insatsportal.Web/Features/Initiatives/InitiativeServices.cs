namespace Insatsportal.Web.Features.Initiatives;

public static class InitiativeServices
{
    public static IServiceCollection AddInitiatives(this IServiceCollection services)
    {
        services.AddScoped<InitiativeSearch>();
        services.AddScoped<InitiativeQueries>();
        services.AddScoped<InitiativeCommands>();
        return services;
    }
}
