using System.Text.RegularExpressions;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Data;
using Microsoft.AspNetCore.Identity;
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

    private static string Normalise(string pattern) => "/" + Constraint().Replace(pattern.TrimStart('/'), "}");

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
