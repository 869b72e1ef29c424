using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Insatsportal.Web.Features.Shared;

/// <summary>Settings of the output cache (section "OutputCache"; docs/performance.md, "Output cache").</summary>
public sealed class PageCacheOptions
{
    public const string Section = "OutputCache";

    /// <summary>Off: every page is rendered for every request, as before.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>All kept pages together, in megabytes; the least recently used go first.</summary>
    public int SizeLimitMegabytes { get; set; } = 64;

    /// <summary>A page larger than this is not kept (pages are under 500 KB by budget).</summary>
    public int MaximumPageKilobytes { get; set; } = 1024;

    /// <summary>A backstop only: correctness comes from the key, which changes with every write.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>A page that is never served from or kept in the output cache (sign-in, account, administration,
/// progress and status pages whose content depends on more than the data and the day).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class NoPageCacheAttribute : Attribute;

/// <summary>
/// The output cache's one policy. A signed-in user's GET or HEAD of an HTML page is kept and served again as long as
/// nothing it could depend on has changed; the key holds all of that:
/// <list type="bullet">
/// <item>method, scheme, host, the path (case-sensitive) and the query string exactly as sent;</item>
/// <item>the user: a hash of every claim of the session (id, name, roles, scope and security stamp), so another user,
/// or the same user after a change of role or scope, never gets the page;</item>
/// <item>a hash of the antiforgery cookie: the page's forms carry a request token bound to that cookie (and the user),
/// so a kept token is only ever served to the cookie it was made for;</item>
/// <item>today's date in Sweden and in UTC (overdue, deadlines, "this year");</item>
/// <item>the data version (<see cref="DataVersion"/>), renewed in the same transaction as every write by any instance,
/// read once per request before the page reads anything else.</item>
/// </list>
/// Never kept: a response that is not 200, is not HTML, or sets a cookie (a new antiforgery cookie, a renewed session,
/// a TempData message read or written). Never served from the cache: a request whose TempData cookie holds a message,
/// so a flash message is always shown.
/// </summary>
public sealed class PageCachePolicy(PageCacheOptions settings) : IOutputCachePolicy
{
    public async ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var request = http.Request;
        var endpoint = http.GetEndpoint();
        var services = http.RequestServices;
        var tempDataCookie = services.GetRequiredService<IOptions<CookieTempDataProviderOptions>>().Value.Cookie.Name!;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || http.User.Identity?.IsAuthenticated != true
            || endpoint is null
            || endpoint.Metadata.GetMetadata<NoPageCacheAttribute>() is not null
            || request.Headers.ContainsKey(HeaderNames.Authorization)
            || (request.Cookies.ContainsKey(tempDataCookie) && HasMessage(http)))
        {
            context.EnableOutputCaching = false;
            return;
        }

        var antiforgeryCookie = services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name!;
        var clock = services.GetRequiredService<TimeProvider>();
        // First, before the page reads anything: the page is then at least as new as the version it is kept under.
        var version = await services.GetRequiredService<CurrentDataVersion>().GetAsync(cancellation);

        context.EnableOutputCaching = true;
        context.AllowCacheLookup = true;
        context.AllowCacheStorage = true;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = settings.Lifetime;
        var rules = context.CacheVaryByRules;
        rules.VaryByHost = true;
        rules.VaryByValues["query"] = request.QueryString.Value ?? "";
        rules.VaryByValues["user"] = Hash(string.Join('\n', http.User.Claims.Select(c => c.Type + "=" + c.Value).Order(StringComparer.Ordinal)));
        rules.VaryByValues["antiforgery"] = Hash(request.Cookies[antiforgeryCookie] ?? "");
        rules.VaryByValues["day"] = string.Create(CultureInfo.InvariantCulture,
            $"{ReportStates.Today(clock):yyyy-MM-dd}/{clock.GetUtcNow().UtcDateTime:yyyy-MM-dd}");
        rules.VaryByValues["data"] = version.ToString(CultureInfo.InvariantCulture);
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        // Runs after the page: its cookies (antiforgery, session renewal, TempData) are on the response by now.
        var response = context.HttpContext.Response;
        var tempDataCookie = context.HttpContext.RequestServices.GetRequiredService<IOptions<CookieTempDataProviderOptions>>().Value.Cookie.Name!;
        if (response.StatusCode != StatusCodes.Status200OK
            || response.Headers.SetCookie.Any(cookie => !IsEmptiedTempData(cookie, tempDataCookie))
            || response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) != true)
        {
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The one cookie a kept page may have set: the deletion of a TempData cookie that held no message (the request
    /// was checked for one before the page ran). It changes nothing on the page, and is not part of what is kept (the
    /// middleware copies the headers before the response's cookies are written). Some clients keep sending such an
    /// emptied cookie; without this exception none of their pages would ever be kept.
    /// </summary>
    private static bool IsEmptiedTempData(string? setCookie, string name) =>
        setCookie is not null && setCookie.StartsWith(name + "=;", StringComparison.Ordinal)
        && setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the request brings a TempData message to show. The dictionary is kept for the request, so the
    /// page reads the same one; an empty or unreadable cookie holds none (it is then deleted by the page, whose answer
    /// is therefore not kept).</summary>
    private static bool HasMessage(HttpContext http) =>
        http.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(http).Count > 0;

    private static string Hash(string value) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}

public static class PageCache
{
    public static PageCacheOptions Settings(IConfiguration configuration) =>
        configuration.GetSection(PageCacheOptions.Section).Get<PageCacheOptions>() ?? new PageCacheOptions();

    public static IServiceCollection AddPageCache(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<CurrentDataVersion>();
        var settings = Settings(configuration);
        if (settings.Enabled)
        {
            services.AddOutputCache(options =>
            {
                options.AddBasePolicy(new PageCachePolicy(settings));
                options.SizeLimit = settings.SizeLimitMegabytes * 1024L * 1024L;
                options.MaximumBodySize = settings.MaximumPageKilobytes * 1024L;
                options.DefaultExpirationTimeSpan = settings.Lifetime;
                options.UseCaseSensitivePaths = true;
            });
        }
        return services;
    }

    /// <summary>After authentication and authorization: the key needs the user, and a refused request is never kept.</summary>
    public static IApplicationBuilder UsePageCache(this IApplicationBuilder app, IConfiguration configuration) =>
        Settings(configuration).Enabled ? app.UseOutputCache() : app;
}
