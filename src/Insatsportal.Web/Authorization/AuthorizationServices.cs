using Microsoft.AspNetCore.Authorization;

namespace Insatsportal.Web.Authorization;

public static class AuthorizationServices
{
    /// <summary>The resource handlers (docs/authorization.md), and a signed-in user required everywhere else.</summary>
    public static IServiceCollection AddAppAuthorization(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, InitiativeAuthorizationHandler>();
        services.AddSingleton<IAuthorizationHandler, PlanContentAuthorizationHandler>();
        services.AddSingleton<IAuthorizationHandler, RoundAuthorizationHandler>();
        services.AddSingleton<IAuthorizationHandler, KoladaAuthorizationHandler>();
        // Scoped: it asks the request's DbContext who writes and reviews the report.
        services.AddScoped<IAuthorizationHandler, ReportAuthorizationHandler>();
        services.AddAuthorizationBuilder()
            // Every page requires a signed-in user unless it says [AllowAnonymous].
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }
}
