namespace Insatsportal.Web.Security;

/// <summary>
/// Response headers that tell the browser what this site may do. Added first in the pipeline and set when the
/// response starts, so static files, redirects, error pages and the sign-in page all carry them.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Everything comes from our own origin: views hold no inline script or style (docs/security.md),
    /// forms post only to us, and no one may frame the site (clickjacking).</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /// <summary>With an OpenID Connect provider's authority, form-action also allows its origin: the sign-in button's
    /// and the sign-out's POSTs are answered with a redirect there, and browsers apply form-action to that redirect
    /// too (docs/sso.md).</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, string? identityProvider = null)
    {
        var policy = Uri.TryCreate(identityProvider, UriKind.Absolute, out var provider)
            ? ContentSecurityPolicy.Replace("form-action 'self';", $"form-action 'self' {provider.GetLeftPart(UriPartial.Authority)};", StringComparison.Ordinal)
            : ContentSecurityPolicy;
        return app.Use((context, next) => Apply(context, next, policy));
    }

    private static Task Apply(HttpContext context, RequestDelegate next, string policy)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            // Older browsers ignore frame-ancestors; X-Frame-Options says the same to them.
            headers.XFrameOptions = "DENY";
            // Ids and search terms are in our URLs; a link to another site tells it nothing.
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
