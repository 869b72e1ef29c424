using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// Walks every controller action for every role against docs/authorization.md: the document is the
/// specification, and an action the document does not list fails the test.
/// </summary>
public partial class AuthorizationMatrixTests(AuthorizationMatrixTests.Factory app) : IClassFixture<AuthorizationMatrixTests.Factory>
{
    private static readonly string[] Columns = [DemoUsers.DirectorOfEducation, DemoUsers.DepartmentHead, DemoUsers.Official, DemoUsers.Principal, DemoUsers.Administrator];

    /// <summary>Routes that are the same for everyone (sign-in, errors, health) and so not in the matrix.</summary>
    private static readonly string[] Unscoped = ["/logga-in", "/logga-ut", "/atkomst-nekad", "/health", "/fel", "/fel/{code}",
        // Sign-in through the identity provider and the break-glass password form (docs/sso.md).
        "/logga-in/extern", "/logga-in/extern/klar", "/logga-in/misslyckades", "/logga-in/reserv"];

    private static readonly Uri Base = new("https://localhost");

    public sealed record Rule(string Method, string Path, string Query, string[] Expectations);

    public class Factory : AppFactory
    {
        private Dictionary<string, int>? _ids;

        /// <summary>Users are Identity users with string ids: one made for the matrix in the demo förvaltning
        /// (so that deactivating or handing over touches no demo account) and one in another förvaltning.</summary>
        public Dictionary<string, string> UserIds { get; } = [];

        private async Task AddUsersAsync(AppDbContext db)
        {
            using var scope = Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            foreach (var (key, org, email) in new[] { ("own", "halmstad-buf", "matris.rektor@insatsportal.example"), ("otherOrg", "stockholm-utbf", "matris.stockholm@insatsportal.example") })
            {
                var user = new AppUser
                {
                    UserName = email, Email = email, DisplayName = "Matris " + key,
                    OrganisationId = await db.Organisations.Where(o => o.Key == org).Select(o => o.Id).SingleAsync(),
                };
                Assert.True((await users.CreateAsync(user, "Matrislösenord-2026")).Succeeded);
                await users.AddToRoleAsync(user, Insatsportal.Web.Authorization.Roles.Principal);
                UserIds[$"{key}:user"] = user.Id;
            }
        }

        /// <summary>Ids in the demo users' own scope, in another förvaltning and in another department.</summary>
        public async Task<Dictionary<string, int>> IdsAsync() => _ids ??= await WithDbAsync(async db =>
        {
            var stockholmPlan = await db.Plans.SingleAsync(p => p.Key == "stockholm-samverkan-kf-budget");
            var halmstadPlan = await db.Plans.SingleAsync(p => p.Key == "halmstad-utvecklingsplan-2020-2021");
            db.Goals.Add(new Goal { PlanId = stockholmPlan.Id, Key = "sthlm-mal", Title = "Stockholms mål" });
            await db.SaveChangesAsync();
            using var scope = Services.CreateScope();
            var rounds = scope.ServiceProvider.GetRequiredService<Insatsportal.Web.Features.FollowUps.RoundCommands>();
            var own = await rounds.OpenAsync(halmstadPlan.Id, "Matrisomgång", FollowUpOccasionKind.InterimReport, new DateOnly(2026, 1, 1), new DateOnly(2030, 1, 1), null, default);
            var other = await rounds.OpenAsync(stockholmPlan.Id, "Stockholms omgång", FollowUpOccasionKind.InterimReport, new DateOnly(2026, 1, 1), new DateOnly(2030, 1, 1), null, default);
            await AddUsersAsync(db);
            // Organisation parts made for the matrix, so that closing them touches nothing the demo data uses.
            var halmstad = await db.Organisations.Where(o => o.Key == "halmstad-buf").Select(o => o.Id).SingleAsync();
            var stockholm = await db.Organisations.Where(o => o.Key == "stockholm-utbf").Select(o => o.Id).SingleAsync();
            var parts = new Dictionary<string, IOrganisationPart>
            {
                ["own:department"] = new Department { OrganisationId = halmstad, Key = "matris-avd", Name = "Matrisavdelningen" },
                ["otherOrg:department"] = new Department { OrganisationId = stockholm, Key = "matris-avd", Name = "Matrisavdelningen" },
                ["own:area"] = new SchoolArea { OrganisationId = halmstad, Key = "matris-omr", Name = "Matrisområdet" },
                ["otherOrg:area"] = new SchoolArea { OrganisationId = stockholm, Key = "matris-omr", Name = "Matrisområdet" },
                ["own:unit"] = new Unit { OrganisationId = halmstad, Key = "matris-enh", Name = "Matrisskolan", Type = UnitType.CompulsorySchool },
                ["otherOrg:unit"] = new Unit { OrganisationId = stockholm, Key = "matris-enh", Name = "Matrisskolan", Type = UnitType.CompulsorySchool },
            };
            db.AddRange(parts.Values);
            // Kolada: an expected effect on each förvaltning's insats and a linked figure on each one's goal.
            var ownInitiative = await db.Initiatives.SingleAsync(i => i.Key == "underlag-undersokande");
            var otherInitiative = await db.Initiatives.Where(i => i.PlanId == stockholmPlan.Id).OrderBy(i => i.Id).FirstAsync();
            var ownEffect = new ExpectedEffect { InitiativeId = ownInitiative.Id, SortOrder = 99, Text = "Matriseffekt" };
            var otherEffect = new ExpectedEffect { InitiativeId = otherInitiative.Id, SortOrder = 99, Text = "Matriseffekt" };
            db.AddRange(ownEffect, otherEffect);
            if (!await db.KoladaKpis.AnyAsync(k => k.Id == "M00001"))
            {
                db.KoladaKpis.Add(new KoladaKpi { Id = "M00001", Title = "Matristal" });
            }
            var ownGoalId = await db.Goals.Where(g => g.Plan.Key == "halmstad-utvecklingsplan-2020-2021").OrderBy(g => g.SortOrder).Select(g => g.Id).FirstAsync();
            var otherGoalId = await db.Goals.Where(g => g.PlanId == stockholmPlan.Id).Select(g => g.Id).FirstAsync();
            var ownLink = new KoladaLink { OrganisationId = halmstad, GoalId = ownGoalId, KpiId = "M00001", ForMunicipality = true };
            var otherLink = new KoladaLink { OrganisationId = stockholm, GoalId = otherGoalId, KpiId = "M00001", ForMunicipality = true };
            db.AddRange(ownLink, otherLink);
            await db.SaveChangesAsync();
            Task<int> Report(int round, string initiative, string? unit) => db.FollowUpReports
                .Where(r => r.RoundId == round && r.Initiative.Key == initiative && (unit == null ? r.UnitId == null : r.Unit!.Key == unit))
                .Select(r => r.Id).SingleAsync();
            return new Dictionary<string, int>(parts.Select(p => KeyValuePair.Create(p.Key, p.Value.Id)))
            {
                ["own:round"] = own.Id,
                ["own:organisation"] = halmstad,
                ["otherOrg:organisation"] = stockholm,
                ["own:effect"] = ownEffect.Id,
                ["otherOrg:effect"] = otherEffect.Id,
                ["own:link"] = ownLink.Id,
                ["otherOrg:link"] = otherLink.Id,
                ["otherOrg:round"] = other.Id,
                ["own:report"] = await Report(own.Id, "underlag-undersokande", null),
                ["own:report:rektor"] = await Report(own.Id, "matematik-skolutveckling", "vallasskolan"),
                ["otherUnit:report"] = await Report(own.Id, "matematik-skolutveckling", "sondrumsskolan"),
                ["otherDept:report"] = await Report(own.Id, "ledarforsorjning", null),
                ["otherOrg:report"] = await db.FollowUpReports.Where(r => r.RoundId == other.Id).Select(r => r.Id).FirstAsync(),
                ["own:plan"] = await db.Plans.Where(p => p.Key == "halmstad-utvecklingsplan-2020-2021").Select(p => p.Id).SingleAsync(),
                ["own:goal"] = await db.Goals.Where(g => g.Plan.Key == "halmstad-utvecklingsplan-2020-2021").OrderBy(g => g.SortOrder).Select(g => g.Id).FirstAsync(),
                ["own:group"] = await db.Groups.Where(g => g.Organisation.Key == "halmstad-buf").OrderBy(g => g.Id).Select(g => g.Id).FirstAsync(),
                ["own:initiative"] = await db.Initiatives.Where(i => i.Key == "underlag-undersokande").Select(i => i.Id).SingleAsync(),
                ["otherOrg:plan"] = stockholmPlan.Id,
                ["otherOrg:goal"] = await db.Goals.Where(g => g.PlanId == stockholmPlan.Id).Select(g => g.Id).FirstAsync(),
                ["otherOrg:group"] = await db.Groups.Where(g => g.Organisation.Key == "stockholm-utbf").Select(g => g.Id).FirstAsync(),
                ["otherOrg:initiative"] = await db.Initiatives.Where(i => i.PlanId == stockholmPlan.Id).Select(i => i.Id).FirstAsync(),
                ["otherDept:initiative"] = await db.Initiatives.Where(i => i.Key == "ledarforsorjning").Select(i => i.Id).SingleAsync(),
            };
        });
    }

    public static IReadOnlyList<Rule> Matrix()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "authorization.md");
        var rules = new List<Rule>();
        foreach (var line in File.ReadLines(path).Where(l => l.StartsWith("| ", StringComparison.Ordinal)))
        {
            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length != 7 || !cells[1].Contains('`', StringComparison.Ordinal))
            {
                continue;
            }
            foreach (Match route in RouteCell().Matches(cells[1]))
            {
                rules.Add(new Rule(route.Groups[1].Value, route.Groups[2].Value, route.Groups[3].Value, cells[2..]));
            }
        }
        return rules;
    }

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

    private static string Normalise(string pattern) => "/" + Constraint().Replace(pattern.TrimStart('/'), "}");

    private static async Task<string> TokenAsync(HttpClient browser)
    {
        var page = await browser.GetPageAsync("/");
        return ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Insatsportal.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Insatsportal.sln not found above the test folder.");
    }

    [GeneratedRegex(@"`(GET|POST) (/[^`?\s]*)(\?[^`]*)?`")]
    private static partial Regex RouteCell();

    [GeneratedRegex(@":[a-z]+}")]
    private static partial Regex Constraint();
}
