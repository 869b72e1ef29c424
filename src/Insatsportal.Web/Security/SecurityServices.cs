namespace Insatsportal.Web.Security;

public static class SecurityServices
{
    /// <summary>What keeps requests and cookies safe apart from who is signed in: shared keys and forwarded headers
    /// for several instances, the antiforgery cookie and HSTS (docs/security.md).</summary>
    public static IServiceCollection AddSecurity(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddHttpContextAccessor();
        // Several instances behind a load balancer: shared keys in the database, forwarded headers from known proxies
        // (docs/operations.md).
        services.AddSharedDataProtection();
        services.AddProxySupport(configuration);
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = environment.IsDevelopment() ? "insatsportal-af" : "__Host-insatsportal-af";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = environment.IsDevelopment()
                ? CookieSecurePolicy.SameAsRequest
                : CookieSecurePolicy.Always;
        });
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });
        return services;
    }
}
