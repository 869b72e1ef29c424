using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Insatsportal.Web.Security;

/// <summary>
/// Response compression that a BREACH attacker cannot measure (docs/security.md, "Response compression"). BREACH
/// needs a victim's browser to send many requests, chosen by another site, whose compressed sizes the attacker
/// watches on the network. Browsers mark such requests <c>Sec-Fetch-Site: cross-site</c> (or <c>same-site</c> from a
/// sibling host), and those are answered uncompressed; our own pages' requests (<c>same-origin</c>), the user's own
/// navigation (<c>none</c>) and clients that send no such header are compressed. Responses that already carry an
/// ETag (static assets) are left as they are: MapStaticAssets serves them precompressed, and compressing one here
/// would send a compressed body under the uncompressed body's strong ETag.
/// </summary>
public sealed class SameOriginCompressionProvider(IServiceProvider services, IOptions<ResponseCompressionOptions> options)
    : ResponseCompressionProvider(services, options)
{
    public override bool ShouldCompressResponse(HttpContext context) =>
        IsFromOurOwnPages(context.Request)
        && !context.Response.Headers.ContainsKey(HeaderNames.ETag)
        && base.ShouldCompressResponse(context);

    public static bool IsFromOurOwnPages(HttpRequest request) =>
        request.Headers["Sec-Fetch-Site"].ToString() is "" or "same-origin" or "none";
}
