using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Security;

namespace Insatsportal.IntegrationTests;

/// <summary>Security headers and cookie attributes (OWASP ASVS 4.0.3 V3.4, V14.4) on every kind of response.</summary>
[Collection(SharedAppCollection.Name)]
public sealed partial class SecurityHeadersTests(AppFactory app)
{
    private const string Csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    public static TheoryData<string, bool, HttpStatusCode> Routes => new()
    {
        { "/logga-in", false, HttpStatusCode.OK },
        { "/css/site.css", false, HttpStatusCode.OK },
        { "/favicon.ico", false, HttpStatusCode.OK },
        { "/planer", false, HttpStatusCode.Redirect },
        { "/health", false, HttpStatusCode.OK },
        { "/finns-inte", false, HttpStatusCode.Redirect },
        { "/finns-inte", true, HttpStatusCode.NotFound },
        { "/", true, HttpStatusCode.OK },
        { "/planer", true, HttpStatusCode.OK },
        { "/insatser?sok=%3Cscript%3E", true, HttpStatusCode.OK },
        { "/omgangar", true, HttpStatusCode.OK },
        { "/att-gora", true, HttpStatusCode.OK },
        { "/grupper", true, HttpStatusCode.OK },
        { "/konto/byt-losenord", true, HttpStatusCode.OK },
        { "/insatser/999999", true, HttpStatusCode.NotFound },
        { "/planer/ny", true, HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_response_carries_the_security_headers(string url, bool signedIn, HttpStatusCode status)
    {
        var browser = app.CreateBrowser();
        if (signedIn)
        {
            await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);
        }

        var response = await browser.GetAsync(url);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(Csp, SecurityHeaders.ContentSecurityPolicy);
        Assert.Equal(Csp, Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Pages_hold_no_inline_script_or_style_that_the_policy_would_block(string url, bool signedIn, HttpStatusCode status)
    {
        var browser = app.CreateBrowser();
        if (signedIn)
        {
            await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);
        }
        var response = await browser.GetAsync(url);
        Assert.Equal(status, response.StatusCode);
        if (response.Content.Headers.ContentType?.MediaType != "text/html")
        {
            return;
        }

        var page = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());

        Assert.Empty(page.QuerySelectorAll("script:not([src]), style, [style]").Select(e => e.OuterHtml));
        Assert.Empty(page.All.SelectMany(e => e.Attributes).Where(a => a.Name.StartsWith("on", StringComparison.Ordinal)).Select(a => a.Name));
    }

    [Fact]
    public void No_view_has_an_inline_script_handler_or_style()
    {
        var features = Path.Combine(AuthorizationMatrixTests.RepositoryRoot(), "src", "Insatsportal.Web", "Features");
        var views = Directory.EnumerateFiles(features, "*.cshtml", SearchOption.AllDirectories).ToList();

        var offences = views.SelectMany(view => File.ReadLines(view).Select((line, number) => (view, line, number)))
            .Where(l => InlineCode().IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(features, l.view)}:{l.number + 1}: {l.line.Trim()}")
            .ToList();

        Assert.True(views.Count > 20, "The views were not found.");
        Assert.Empty(offences);
    }

    [Fact]
    public async Task Hsts_is_sent_for_a_real_host_name_outside_Development()
    {
        var browser = app.CreateBrowser();
        var request = new HttpRequestMessage(HttpMethod.Get, "/logga-in");
        request.Headers.Host = "insatsportal.example.se";

        var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000; includeSubDomains", Header(response, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_session_cookie_is_host_only_secure_http_only_and_same_site_lax()
    {
        var response = await app.CreateBrowser().SignInAsync(DemoUsers.Official);

        var cookie = SetCookie(response, "__Host-insatsportal=");
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_antiforgery_cookie_is_host_only_secure_http_only_and_same_site_strict()
    {
        var response = await app.CreateBrowser().GetAsync("/logga-in");

        var cookie = SetCookie(response, "__Host-insatsportal-af=");
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; path=/", cookie, StringComparison.OrdinalIgnoreCase);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : "";

    internal static string SetCookie(HttpResponseMessage response, string prefix) =>
        response.Headers.GetValues("Set-Cookie").SingleOrDefault(c => c.StartsWith(prefix, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"No cookie {prefix} in {string.Join(" | ", response.Headers.GetValues("Set-Cookie"))}");

    /// <summary>A script element without src, a style element, a style attribute or an on… handler attribute.</summary>
    [GeneratedRegex(@"<script(?![^>]*\ssrc=)|<style[\s>]|\sstyle\s*=|\son[a-z]+\s*=\s*[""']", RegexOptions.IgnoreCase)]
    private static partial Regex InlineCode();
}
