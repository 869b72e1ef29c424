using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Insatsportal.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// Control characters and invalid UTF-8 in every part of a request never give a 500, and a 500 that does happen
/// is logged as an error with the reference its page shows (issue 12, ASVS 7.4.1).
/// </summary>
public class HostileInputTests(HostileInputTests.Factory app) : IClassFixture<HostileInputTests.Factory>
{
    public const string FailingPath = "/test/tvingat-fel";

    /// <summary>The app in Production with a JSON log, plus one test-only middleware at the end of the pipeline that
    /// throws for <see cref="FailingPath"/> (no route matches it), so a real unhandled exception goes through the
    /// app's own exception handler.</summary>
    public class Factory : LoggingAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ThrowingEndpoint>());
        }
    }

    private sealed class ThrowingEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            next(builder);
            builder.Use(async (context, following) =>
            {
                if (context.Request.Path == FailingPath)
                {
                    throw new InvalidOperationException("Tvingat testfel");
                }
                await following(context);
            });
        };
    }

    private static readonly string[] Hostile = ["\0", "a\u0001b", "\u001b[31m", "\r\nX-Injected: 1", "\uFFFD\uFFFE", "%00", "%C3%28", "%FF%FE"];

    [Theory]
    [InlineData(false, "/logga-in")]
    [InlineData(true, "/grupper/1/arkivera")]
    [InlineData(true, "/insatser/1/redigera")]
    [InlineData(true, "/rapporter/1")]
    public async Task A_nul_byte_as_antiforgery_token_is_a_400_not_a_500(bool signedIn, string route)
    {
        var browser = app.CreateBrowser();
        if (signedIn)
        {
            await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);
        }
        await browser.GetAsync("/logga-in");

        var response = await browser.PostAsync(route, new StringContent("__RequestVerificationToken=%00&Email=a%00&Namn=%00", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Felaktig begäran", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_characters_and_invalid_utf8_in_headers_cookies_forms_queries_and_routes_never_give_a_500()
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var token = (await browser.ReadTokenAsync("/"))!;
        string[] gets = ["/", "/insatser", "/insatser/{0}", "/planer/{0}", "/mal/{0}", "/oversikt", "/omgangar/{0}", "/rapporter/{0}", "/admin/anvandare/{0}", "/fel/{0}"];
        string[] posts = ["/logga-in", "/insatser/ny", "/insatser/{0}/redigera", "/grupper/{0}/arkivera", "/rapporter/{0}", "/omgangar/ny"];
        var failures = new List<string>();

        async Task Send(HttpRequestMessage request, string what)
        {
            var response = await browser.SendAsync(request);
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{(int)response.StatusCode} for {request.Method} {request.RequestUri} ({what})");
            }
        }

        foreach (var hostile in Hostile)
        {
            var inRoute = Uri.EscapeDataString(hostile).Replace("%25", "%", StringComparison.Ordinal);
            // A NUL in the path never reaches the app: Kestrel answers 400 itself (and the test server throws).
            var inPath = inRoute.Replace("%00", "%01", StringComparison.Ordinal);
            foreach (var get in gets)
            {
                await Send(new HttpRequestMessage(HttpMethod.Get, string.Format(CultureInfo.InvariantCulture, get, inPath)), "route value");
                await Send(new HttpRequestMessage(HttpMethod.Get, string.Format(CultureInfo.InvariantCulture, get, 1) + "?q=" + inRoute + "&plan=" + inRoute + "&sida=" + inRoute), "query");
                var withHeaders = new HttpRequestMessage(HttpMethod.Get, string.Format(CultureInfo.InvariantCulture, get, 1));
                foreach (var header in new[] { "User-Agent", "Accept-Language", "Referer", "X-Forwarded-For", "Accept" })
                {
                    withHeaders.Headers.TryAddWithoutValidation(header, hostile.Replace("\r\n", " ", StringComparison.Ordinal));
                }
                await Send(withHeaders, "headers");
                var withCookie = new HttpRequestMessage(HttpMethod.Get, string.Format(CultureInfo.InvariantCulture, get, 1));
                withCookie.Headers.TryAddWithoutValidation("Cookie", $"insatsportal-af={Uri.EscapeDataString(hostile)}; __Host-insatsportal={Uri.EscapeDataString(hostile)}");
                await Send(withCookie, "cookies");
            }
            foreach (var post in posts)
            {
                var body = $"__RequestVerificationToken={Uri.EscapeDataString(token)}&Title={inRoute}&Email={inRoute}&Password={inRoute}"
                    + $"&Name={inRoute}&Status={inRoute}&PlanId={inRoute}&Deadline={inRoute}&Version={inRoute}";
                await Send(new HttpRequestMessage(HttpMethod.Post, string.Format(CultureInfo.InvariantCulture, post, 1)) { Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded") }, "form");
                // Raw bytes that are not UTF-8 at all.
                var raw = Encoding.ASCII.GetBytes($"__RequestVerificationToken={Uri.EscapeDataString(token)}&Title=").Concat(new byte[] { 0xC3, 0x28, 0xFF, 0x00 }).ToArray();
                var content = new ByteArrayContent(raw);
                content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
                await Send(new HttpRequestMessage(HttpMethod.Post, string.Format(CultureInfo.InvariantCulture, post, inPath)) { Content = content }, "raw form and route");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Distinct()));
    }

    [Fact]
    public async Task A_500_is_logged_as_an_error_with_its_exception_and_the_reference_the_page_shows()
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var response = await browser.GetAsync(FailingPath);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var reference = System.Text.RegularExpressions.Regex.Match(html, "Referens: <code>([0-9a-f]+)</code>").Groups[1].Value;
        Assert.Equal(32, reference.Length);
        var logged = app.ReadEvents().Where(e => e.TryGetProperty("Reference", out var r) && r.GetString() == reference).ToList();
        var error = Assert.Single(logged);
        Assert.Equal("Error", error.GetProperty("@l").GetString());
        Assert.Equal(reference, error.GetProperty("@tr").GetString());
        Assert.Contains("Tvingat testfel", error.GetProperty("@x").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Tvingat testfel", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_console_log_shows_the_trace_id_that_error_pages_show_as_reference()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json")));
        var template = settings.RootElement.GetProperty("Serilog").GetProperty("WriteTo")[0].GetProperty("Args").GetProperty("outputTemplate").GetString();
        Assert.Contains("{TraceId}", template, StringComparison.Ordinal);
    }
}
