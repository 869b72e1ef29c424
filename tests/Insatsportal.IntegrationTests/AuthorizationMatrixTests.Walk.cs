using System.Globalization;
using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>The walk itself: every action is in the matrix, and each role, and anonymous users, get what it says
/// with every kind of id.</summary>
public partial class AuthorizationMatrixTests
{
    [Fact]
    public void Every_controller_action_is_in_the_authorization_matrix()
    {
        var documented = Matrix().Select(r => $"{r.Method} {r.Path}").ToHashSet();
        var actions = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ControllerActionDescriptor>() is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => $"{m} {Normalise(e.RoutePattern.RawText!)}"))
            .Where(a => !Unscoped.Any(u => a.EndsWith(" " + u, StringComparison.Ordinal)))
            .ToHashSet();

        Assert.Empty(actions.Except(documented).Order());
        Assert.Empty(documented.Except(actions).Order());
    }

    /// <summary>The kinds of ids a route is tried with: the user's own, another förvaltning's, another
    /// department's and another school's (unit's). Kinds without an id of their own fall back to "own".</summary>
    private static readonly string[] Scopes = ["own", "otherOrg", "otherDept", "otherUnit"];

    [Fact]
    public async Task Anonymous_users_are_sent_to_sign_in_from_every_action_with_every_kind_of_id()
    {
        var ids = await app.IdsAsync();
        var browser = app.CreateBrowser();
        var failures = new List<string>();
        foreach (var rule in Matrix())
        {
            foreach (var scope in Scopes.Where(s => s == "own" || HasIds(rule)))
            {
                var response = await SendAsync(browser, rule, scope, ids, app.UserIds, token: null, role: null);
                if (response.StatusCode != HttpStatusCode.Redirect || new Uri(Base, response.Headers.Location!).AbsolutePath != "/logga-in")
                {
                    failures.Add($"{rule.Method} {rule.Path} ({scope}) as anonymous gave {(int)response.StatusCode} {response.Headers.Location}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Every_action_answers_each_role_as_the_matrix_says_for_every_kind_of_id(int column)
    {
        var ids = await app.IdsAsync();
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(Columns[column]);
        var token = await TokenAsync(browser);
        var failures = new List<string>();

        foreach (var rule in Matrix())
        {
            var expectation = rule.Expectations[column];
            var refused = expectation.StartsWith("nej", StringComparison.Ordinal);
            await Check(rule, "own", !refused);
            foreach (var scope in Scopes.Skip(1))
            {
                // "nej" holds for every id; "egen …" refuses the ids outside the scope it names; otherwise the
                // answer depends on the read rules, and a read must at least never fail.
                bool? allowed = refused ? false
                    : expectation.StartsWith("egen", StringComparison.Ordinal) && (scope == "otherOrg"
                        || (scope == "otherDept" && expectation.StartsWith("egen avd.", StringComparison.Ordinal))
                        || (scope == "otherUnit" && expectation.StartsWith("egen enhet", StringComparison.Ordinal))) ? false
                    : null;
                if (allowed is not null || rule.Method == "GET")
                {
                    await Check(rule, scope, allowed);
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        async Task Check(Rule rule, string scope, bool? allowed)
        {
            if (!HasIds(rule) && scope != "own")
            {
                return;
            }
            var response = await SendAsync(browser, rule, scope, ids, app.UserIds, token, column == 3 ? "rektor" : null);
            var denied = response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
                || (response.StatusCode == HttpStatusCode.Redirect && new Uri(Base, response.Headers.Location!).AbsolutePath == "/atkomst-nekad");
            if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.BadRequest || (allowed is not null && denied == allowed))
            {
                failures.Add($"{rule.Method} {rule.Path} ({scope}) as {Columns[column]}: expected {allowed switch { true => "allowed", false => "denied", null => "no error" }}, got {(int)response.StatusCode} {response.Headers.Location}");
            }
        }
    }

    private static bool HasIds(Rule rule) => rule.Path.Contains('{', StringComparison.Ordinal) || rule.Query.Contains('{', StringComparison.Ordinal);

    private static async Task<HttpResponseMessage> SendAsync(
        HttpClient browser, Rule rule, string scope, Dictionary<string, int> ids, Dictionary<string, string> userIds, string? token, string? role)
    {
        var url = Fill(rule.Path + rule.Query, rule.Path, scope, ids, userIds, role);
        if (rule.Method == "GET")
        {
            return await browser.GetAsync(url);
        }
        var fields = new Dictionary<string, string>();
        if (token is not null)
        {
            fields["__RequestVerificationToken"] = token;
        }
        return await browser.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    /// <summary>Puts the id of the right kind of item (by the route's first segment) from the right scope into the URL.</summary>
    private static string Fill(string url, string path, string scope, Dictionary<string, int> ids, Dictionary<string, string> userIds, string? role)
    {
        if (!url.Contains('{', StringComparison.Ordinal))
        {
            return url;
        }
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is ["admin", "anvandare", ..])
        {
            return url.Replace("{id}", userIds.TryGetValue($"{scope}:user", out var user) ? user : userIds["own:user"], StringComparison.Ordinal);
        }
        var kind = (segments[0] == "admin" ? segments[2] : segments[0]) switch
        {
            "avdelningar" => "department",
            "omraden" => "area",
            "enheter" => "unit",
            "planer" => "plan",
            "mal" => "goal",
            "kolada" => "organisation",
            "nyckeltal" => "link",
            "grupper" => "group",
            "insatser" => "initiative",
            "omgangar" => "round",
            "rapporter" => "report",
            "oversikt" => "round", // the overview's pages take a round: ?omgang={id}
            var other => throw new InvalidOperationException($"No ids for /{other}"),
        };
        // A rektor's "own" report is their unit's; everyone else's is an insats-level report of their department.
        string Id(string k) => (ids.TryGetValue($"{scope}:{k}:{role}", out var forRole) ? forRole
            : ids.TryGetValue($"{scope}:{k}", out var id) ? id : ids[$"own:{k}"]).ToString(CultureInfo.InvariantCulture);
        return url.Replace("{planId}", Id("plan"), StringComparison.Ordinal).Replace("{effectId}", Id("effect"), StringComparison.Ordinal)
            .Replace("{id}", Id(kind), StringComparison.Ordinal);
    }

    private static async Task<string> TokenAsync(HttpClient browser)
    {
        var page = await browser.GetPageAsync("/");
        return ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
    }
}
