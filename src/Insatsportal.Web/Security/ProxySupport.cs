using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Insatsportal.Web.Security;

/// <summary>
/// Behind a load balancer or reverse proxy that ends TLS, the app sees plain http from the proxy. The proxy's
/// X-Forwarded-For, X-Forwarded-Proto and X-Forwarded-Host say who the client is, that the client spoke https and
/// which host it asked for; they are believed only from the proxies and networks listed in ForwardedHeaders
/// (anyone else could claim https or any address). Then the https-only cookies are issued, HSTS is sent and
/// redirects name the public scheme and host. Without a list only the loopback addresses are trusted (a proxy on
/// the same machine), as ASP.NET Core does by default; a list replaces them. See docs/operations.md.
/// </summary>
public static class ProxySupport
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddProxySupport(this IServiceCollection services, IConfiguration configuration)
    {
        // Parsed here, at start-up, so that a mistyped address stops the app instead of the first request.
        var section = configuration.GetSection(Section);
        var proxies = (section.GetSection("KnownProxies").Get<string[]>() ?? [])
            .Where(p => !string.IsNullOrWhiteSpace(p))
            .Select(p => IPAddress.TryParse(p.Trim(), out var address)
                ? address
                : throw new InvalidOperationException($"{Section}:KnownProxies: '{p}' är ingen IP-adress."))
            .ToList();
        var networks = (section.GetSection("KnownNetworks").Get<string[]>() ?? [])
            .Where(n => !string.IsNullOrWhiteSpace(n))
            .Select(n => System.Net.IPNetwork.TryParse(n.Trim(), out var network)
                ? network
                : throw new InvalidOperationException($"{Section}:KnownNetworks: '{n}' är inget nät i CIDR-form (t.ex. 10.0.0.0/24)."))
            .ToList();
        var limit = section.GetValue<int?>("ForwardLimit") ?? 1;
        if (limit < 1)
        {
            throw new InvalidOperationException($"{Section}:ForwardLimit måste vara 1 eller mer.");
        }

        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            options.ForwardLimit = limit;
            if (proxies.Count + networks.Count > 0)
            {
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
            }
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(proxy);
            }
            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }
}
