namespace Insatsportal.Web.Features.Administration;

public static class AdministrationServices
{
    /// <summary>Users, handover, the organisation and the unit import.</summary>
    public static IServiceCollection AddAdministration(this IServiceCollection services)
    {
        services.AddScoped<UserQueries>();
        services.AddScoped<UserCommands>();
        services.AddScoped<UserHistory>();
        services.AddScoped<Handover>();
        services.AddScoped<OrganisationEditor>();
        services.AddScoped<UnitImport>();
        return services;
    }
}
