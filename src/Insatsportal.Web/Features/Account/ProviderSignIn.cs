using System.Security.Claims;
using Insatsportal.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Insatsportal.Web.Features.Account;

/// <summary>
/// Sign-in through the municipality's OpenID Connect provider (docs/sso.md): the authorization code flow with PKCE.
/// The provider's answer only lands in Identity's short-lived external cookie; <see cref="ProviderSignInController"/>
/// then finds the linked user and signs them in with the ordinary Identity cookie, so idle timeout, security stamp and
/// deactivation apply exactly as to a password sign-in.
/// </summary>
public static class ProviderSignIn
{
    public const string Scheme = "oidc";

    /// <summary>The authentication method claim of a session that came through the provider; sign-out then also
    /// ends the provider's session.</summary>
    public const string AuthenticationMethod = "oidc";

    /// <summary>The ID token travels in the sign-out's properties as a parameter (never serialized into the state),
    /// so that the provider can tell whose session to end (id_token_hint).</summary>
    public const string IdTokenHintParameter = "id_token_hint";

    public static IServiceCollection AddProviderSignIn(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(SignInSettings.Section);
        services.Configure<SignInSettings>(section);
        var settings = section.Get<SignInSettings>() ?? new SignInSettings();
        if (!settings.OpenIdConnect.IsConfigured)
        {
            return services;
        }
        var oidc = settings.OpenIdConnect;
        services.AddAuthentication().AddOpenIdConnect(Scheme, oidc.DisplayName, options =>
        {
            options.Authority = oidc.Authority;
            options.ClientId = oidc.ClientId;
            options.ClientSecret = string.IsNullOrEmpty(oidc.ClientSecret) ? null : oidc.ClientSecret;
            options.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.UsePkce = true;
            // The provider's answer goes to Identity's external cookie; the app's own cookie is issued afterwards.
            options.SignInScheme = IdentityConstants.ExternalScheme;
            options.SignOutScheme = IdentityConstants.ApplicationScheme;
            options.Scope.Clear();
            options.Scope.Add(OpenIdConnectScope.OpenId);
            options.Scope.Add(OpenIdConnectScope.Email);
            options.Scope.Add("profile");
            // The ID token's own claim names (sub, oid, email), not the WS-Federation URIs they would be mapped to.
            options.MapInboundClaims = false;
            // Kept for the sign-in's duration only (the external cookie): the ID token is the provider's id_token_hint
            // at sign-out.
            options.SaveTokens = true;
            options.GetClaimsFromUserInfoEndpoint = false;
            options.TokenValidationParameters.NameClaimType = "name";
            // Explicit although they are the defaults: what the ID token must prove (docs/sso.md).
            options.TokenValidationParameters.ValidateIssuer = true;
            options.TokenValidationParameters.ValidateAudience = true;
            options.TokenValidationParameters.ValidateLifetime = true;
            options.TokenValidationParameters.RequireSignedTokens = true;
            options.TokenValidationParameters.ClockSkew = TimeSpan.FromMinutes(2);
            options.CallbackPath = "/signin-oidc";
            options.SignedOutCallbackPath = "/signout-callback-oidc";
            options.SignedOutRedirectUri = "/logga-in";
            if (environment.IsDevelopment())
            {
                // Development runs on plain http, where a browser refuses the SameSite=None cookies the handler uses by
                // default (they must be Secure); a provider on the developer's machine is the same site, so Lax will do.
                options.CorrelationCookie.SameSite = options.NonceCookie.SameSite = SameSiteMode.Lax;
                options.CorrelationCookie.SecurePolicy = options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            }
            options.Events.OnRemoteFailure = context =>
            {
                // A refused, tampered, expired or foreign token, a wrong state or nonce, or the person cancelling
                // at the provider: a security event and a Swedish page; the exception stays in the log only.
                var http = context.HttpContext;
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(SecurityEvents.Category)
                    .LogSecurityEvent(SecurityEvents.ProviderSignInFailed, http);
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProviderSignIn))
                    .LogWarning(context.Failure, "Sign-in through the identity provider failed");
                context.Response.Redirect("/logga-in/misslyckades");
                context.HandleResponse();
                return Task.CompletedTask;
            };
            options.Events.OnRedirectToIdentityProviderForSignOut = context =>
            {
                if (context.Properties.GetParameter<string>(IdTokenHintParameter) is { } idToken)
                {
                    context.ProtocolMessage.IdTokenHint = idToken;
                }
                return Task.CompletedTask;
            };
        });
        return services;
    }

    /// <summary>Who the person is at the provider: the issuer and Entra ID's immutable object id where there is
    /// one, else the subject.</summary>
    public static UserLoginInfo? Identity(ClaimsPrincipal principal, string displayName)
    {
        var key = principal.FindFirst("oid") ?? principal.FindFirst("sub");
        return key is null || string.IsNullOrEmpty(key.Issuer) ? null : new UserLoginInfo(key.Issuer, key.Value, displayName);
    }

    /// <summary>The address to look the person up by at the first sign-in; none when the provider says it is not
    /// verified.</summary>
    public static string? Email(ClaimsPrincipal principal) =>
        principal.FindFirstValue("email_verified") is { } verified && !string.Equals(verified, "true", StringComparison.OrdinalIgnoreCase)
            ? null
            : principal.FindFirstValue("email");
}
