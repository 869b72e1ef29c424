using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Shared;
using Insatsportal.Web.Security;
using Microsoft.AspNetCore.Identity;

namespace Insatsportal.Web.Features.Account;

public static class IdentityServices
{
    /// <summary>Accounts, passwords and sessions: Identity with the app's policy, sign-in through the municipality's
    /// provider, the session cookie and its checks (docs/security.md, docs/sso.md).</summary>
    public static IServiceCollection AddAppIdentity(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddScoped<AdminBootstrap>();
        services
            .AddIdentity<AppUser, IdentityRole>(options =>
            {
                // The password policy is documented in docs/security.md: length over composition (NIST SP 800-63B).
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddErrorDescriber<SwedishIdentityErrorDescriber>()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddSignInManager<AppSignInManager>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddDefaultTokenProviders();
        // Sign-in through the municipality's OpenID Connect provider and the switch for local passwords (docs/sso.md).
        services.AddProviderSignIn(configuration, environment);
        // Checks every request's cookie against the user's security stamp (sign-out and password change end sessions).
        services.AddScoped<ISecurityStampValidator, SessionValidator>();

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/logga-in";
            options.LogoutPath = "/logga-ut";
            options.AccessDeniedPath = "/atkomst-nekad";
            options.ReturnUrlParameter = "returUrl";
            // "__Host-" binds the cookie to this host, https and path "/" (ASVS V3.4.4); Development runs on plain http,
            // where browsers refuse such a cookie.
            options.Cookie.Name = environment.IsDevelopment() ? "insatsportal" : "__Host-insatsportal";
            options.Cookie.HttpOnly = true;
            // Lax, not Strict: a link in a reminder e-mail must open the report signed in. Every unsafe request also
            // needs an antiforgery token, whose cookie is Strict.
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = environment.IsDevelopment()
                ? CookieSecurePolicy.SameAsRequest
                : CookieSecurePolicy.Always;
            // Idle timeout: 30 minutes without a request ends the session.
            options.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            options.SlidingExpiration = true;
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(SecurityEvents.Category)
                    .LogSecurityEvent(SecurityEvents.AccessDenied, context.HttpContext);
                context.Response.Redirect(context.RedirectUri);
                return Task.CompletedTask;
            };
        });

        // Roles and scope live in the cookie; they are re-read once a minute instead of Identity's default half hour, so an
        // administrator's change reaches a signed-in user quickly. The security stamp itself is compared on every request
        // (SessionValidator), so sign-out, a password change or reset and deactivation end old sessions at once.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));
        return services;
    }
}
