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

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
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
    });
}
