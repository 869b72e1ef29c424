using Insatsportal.Web.Features.Goals;
using Insatsportal.Web.Features.Groups;

namespace Insatsportal.Web.Features.Plans;

public static class PlanServices
{
    /// <summary>Plans with their goals and groups: reading, editing, archiving and carrying over.</summary>
    public static IServiceCollection AddPlans(this IServiceCollection services)
    {
        services.AddScoped<PlanQueries>();
        services.AddScoped<GroupEditor>();
        services.AddScoped<PlanEditor>();
        services.AddScoped<PlanCarryOver>();
        services.AddScoped<GoalEditor>();
        return services;
    }
}
