using System.IO.Compression;
using System.Net;
using System.Text;
using Insatsportal.IntegrationTests.Infrastructure;

namespace Insatsportal.IntegrationTests;

/// <summary>The request pipeline (Program.cs): static files bypass authentication, and pages are compressed for the
/// browser that asks, except for requests another site started (BREACH, docs/security.md).</summary>
public sealed class PipelineTests(PipelineTests.Factory app) : IClassFixture<PipelineTests.Factory>
{
    public sealed class Factory : CountingAppFactory;

    private async Task<HttpClient> SignedInAsync()
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);
        return browser;
    }

    private static HttpRequestMessage Get(string url, string? acceptEncoding = null, string? fetchSite = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }
        if (fetchSite is not null)
        {
            request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", fetchSite);
        }
        return request;
    }

    private static async Task<string> DecodeAsync(HttpResponseMessage response)
    {
        await using var body = await response.Content.ReadAsStreamAsync();
        await using Stream decoded = string.Join(",", response.Content.Headers.ContentEncoding) switch
        {
            "br" => new BrotliStream(body, CompressionMode.Decompress),
            "gzip" => new GZipStream(body, CompressionMode.Decompress),
            "" => body,
            var other => throw new InvalidOperationException($"Unexpected Content-Encoding {other}"),
        };
        using var reader = new StreamReader(decoded, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task A_signed_in_request_for_a_static_file_sends_no_sql()
    {
        var browser = await SignedInAsync();

        // The same cookie on a page costs at least the security-stamp lookup: the counter does see this client.
        app.Commands.Reset();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/planer")).StatusCode);
        Assert.True(app.Commands.Count > 0, "A signed-in page sent no SQL: the counter does not see the app.");

        app.Commands.Reset();
        var css = await browser.GetAsync("/css/site.css");

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Contains("{", await css.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(app.Commands.Texts);
        // Short-circuited before authentication, it still carries the security headers.
        Assert.True(css.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task A_static_file_is_public_and_a_page_still_needs_a_signed_in_user()
    {
        var anonymous = app.CreateBrowser();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/css/site.css")).StatusCode);
        var page = await anonymous.GetAsync("/planer");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/logga-in", page.Headers.Location?.AbsolutePath);
    }

    [Theory]
    [InlineData("br", "br", null)]
    [InlineData("gzip, deflate, br", "br", "same-origin")]
    [InlineData("gzip", "gzip", "none")]
    public async Task A_page_is_compressed_for_a_browser_that_accepts_it(string acceptEncoding, string expected, string? fetchSite)
    {
        var browser = await SignedInAsync();
        var plain = await browser.GetAsync("/insatser");
        var plainHtml = await plain.Content.ReadAsStringAsync();

        var response = await browser.SendAsync(Get("/insatser", acceptEncoding, fetchSite));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(expected, Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var html = await DecodeAsync(response);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<h1", html, StringComparison.Ordinal);
        // Same page, fewer bytes (the antiforgery token differs between the two responses, so compare sizes).
        Assert.InRange(html.Length, plainHtml.Length - 200, plainHtml.Length + 200);
        Assert.True(response.Content.Headers.ContentLength is null || response.Content.Headers.ContentLength < plainHtml.Length / 2);
    }

    [Theory]
    [InlineData("cross-site")]
    [InlineData("same-site")]
    public async Task A_page_requested_by_another_site_is_not_compressed(string fetchSite)
    {
        var browser = await SignedInAsync();

        var response = await browser.SendAsync(Get("/insatser?q=l%C3%A4s", "gzip, deflate, br", fetchSite));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        var html = await DecodeAsync(response);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("läs", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_static_file_is_never_compressed_under_its_uncompressed_etag()
    {
        var browser = app.CreateBrowser();
        var plain = await browser.GetAsync("/css/site.css");

        var response = await browser.SendAsync(Get("/css/site.css", "br"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(plain.Headers.ETag);
        Assert.NotNull(response.Headers.ETag);
        var encoding = string.Join(",", response.Content.Headers.ContentEncoding);
        // The build has no .br variant (publishing adds one), so the file comes as it is, with its own ETag; a
        // precompressed variant would come with that variant's ETag. Either way the ETag names the bytes sent.
        Assert.Equal(encoding.Length == 0, plain.Headers.ETag.Equals(response.Headers.ETag));
        Assert.Contains("{", await DecodeAsync(response), StringComparison.Ordinal);
    }
}
