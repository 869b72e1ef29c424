using System.Net;
using System.Text.RegularExpressions;
using Insatsportal.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// Every POST endpoint the app has, found in its EndpointDataSource so that endpoints added later are covered
/// too, refuses a request without a valid antiforgery token (OWASP ASVS 4.0.3 V4.2.2), even from a user whose
/// role could otherwise do it.
/// </summary>
[Collection(SharedAppCollection.Name)]
public sealed partial class AntiforgeryTests(AppFactory app)
{
    private IReadOnlyList<string> PostRoutes() => app.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
        // Any id will do: the token is checked before the action looks the item up.
        .Select(e => "/" + RouteParameter().Replace(e.RoutePattern.RawText!.TrimStart('/'), "1"))
        .Distinct()
        .Order(StringComparer.Ordinal)
        .ToList();

    [Fact]
    public void The_app_has_post_endpoints_to_check()
    {
        var routes = PostRoutes();

        Assert.Contains("/logga-in", routes);
        Assert.Contains("/insatser/1/redigera", routes);
        Assert.True(routes.Count >= 25, string.Join(", ", routes));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("garbage")]
    [InlineData("another session's")]
    public async Task Every_post_endpoint_refuses_a_request_without_a_valid_antiforgery_token(string token)
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);
        // The administration's role check comes before the token check, so its posts are sent as the administrator.
        var administrator = app.CreateBrowser();
        await administrator.SignInAsAsync(DemoUsers.Administrator);
        var otherSession = app.CreateBrowser();
        await otherSession.SignInAsAsync(DemoUsers.DepartmentHead);
        var otherToken = (await otherSession.ReadTokenAsync("/"))!;
        var failures = new List<string>();

        foreach (var route in PostRoutes())
        {
            var fields = new Dictionary<string, string> { ["Name"] = "Försök", ["Title"] = "Försök" };
            switch (token)
            {
                case "garbage":
                    fields["__RequestVerificationToken"] = "CfDJ8-inte-en-riktig-token";
                    break;
                case "another session's":
                    fields["__RequestVerificationToken"] = otherToken;
                    break;
            }
            var sender = route.StartsWith("/admin", StringComparison.Ordinal) ? administrator : browser;
            var response = await sender.PostAsync(route + "?plan=1", new FormUrlEncodedContent(fields));
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                failures.Add($"POST {route} with {token} token gave {(int)response.StatusCode} {response.Headers.Location}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // The session is intact: the refusals changed nothing and signed no one out.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/planer")).StatusCode);
    }

    [Fact]
    public async Task A_refused_post_shows_the_Swedish_bad_request_page()
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);

        var response = await browser.PostAsync("/planer/ny", new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = "Utan token" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Felaktig begäran", (await Browser.ParseAsync(response)).QuerySelector("h1")!.TextContent);
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
