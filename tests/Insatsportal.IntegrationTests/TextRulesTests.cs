using System.Globalization;
using AngleSharp.Html.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// Text search, ordering and case give the same results on SQLite and on PostgreSQL (issue 13,
/// docs/database-engines.md): the same insatser and users in both, searched and listed through the real pages.
/// Swedish order (å, ä, ö after z, in that order), a word found by its beginning whatever its case ("läs" finds
/// "Läsa", "LÄSLUST" and "läser" but not "förläsning"), and the admin's user search ignoring case for å, ä, ö.
/// </summary>
public sealed class TextRulesTests(TextRulesTests.Factory sqlite, TextRulesTests.PostgreSqlFactory postgreSql)
    : IClassFixture<TextRulesTests.Factory>, IClassFixture<TextRulesTests.PostgreSqlFactory>
{
    /// <summary>The titles of the test plan in Swedish order.</summary>
    private static readonly string[] Titles =
    [
        "abc", "Abc", "Avslut", "Bakgrund", "Förläsning", "Innehåll", "IT-stöd för lärare", "Lasarett", "Lasse läser",
        "Läsa och skriva", "LÄSLUST", "läsning i förskolan", "zebra", "Zebra", "Ål", "Åsa", "åtgärd", "ÅTGÄRDER",
        "Åtgärdsprogram", "Ängel", "Äpple", "Ödla",
    ];

    /// <summary>The test users' names in Swedish order; all have the surname or title the searches look for.</summary>
    private static readonly string[] People = ["anna Ekqvist", "Anna Åberg", "Zlatan Ekqvist", "åke Ekqvist", "Åsa Öberg", "Ärla Ekqvist", "Örjan Ekqvist"];

    public class Factory : AppFactory
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private int _planId;

        /// <summary>A plan of the demo förvaltning with an insats per title (one word only in the background, at the
        /// start of its second line, one only in the content), and the test users, added once.</summary>
        public async Task<int> PlanAsync()
        {
            await _lock.WaitAsync();
            try
            {
                if (_planId == 0)
                {
                    _planId = await WithDbAsync(async db =>
                    {
                        var halmstad = await db.Organisations.SingleAsync(o => o.Key == "halmstad-buf");
                        var plan = new Plan
                        {
                            Organisation = halmstad, Key = "textregler", Name = "Textreglernas plan", Status = PlanStatus.Adopted,
                            PeriodStart = new(2026, 1, 1), PeriodEnd = new(2026, 12, 31),
                        };
                        // Added in an order of their own, so that the ids say nothing of the expected order.
                        foreach (var (title, n) in Titles.Reverse().Select((t, n) => (t, n)))
                        {
                            db.Initiatives.Add(new Initiative
                            {
                                Plan = plan, Key = "t" + n.ToString(CultureInfo.InvariantCulture), Title = title, Status = InitiativeStatus.Ongoing,
                                Background = title == "Bakgrund" ? "Om skolan.\nLäsförståelse i alla ämnen" : null,
                                Content = title == "Innehåll" ? "Insatsen ger ökad LÄSFÖRMÅGA." : null,
                            });
                        }
                        await db.SaveChangesAsync();

                        using var scope = Services.CreateScope();
                        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
                        foreach (var (name, n) in People.Reverse().Select((p, n) => (p, n)))
                        {
                            var email = $"texttest{n.ToString(CultureInfo.InvariantCulture)}@insatsportal.example";
                            var created = await users.CreateAsync(new AppUser
                            {
                                UserName = email, Email = email, DisplayName = name, Title = "Texttestare", OrganisationId = halmstad.Id,
                            });
                            Assert.True(created.Succeeded);
                        }
                        return plan.Id;
                    });
                }
                return _planId;
            }
            finally
            {
                _lock.Release();
            }
        }
    }

    public sealed class PostgreSqlFactory : Factory
    {
        public override TestEngine Engine => TestEngine.PostgreSql;
    }

    private static async Task<List<string>> InitiativeTitlesAsync(Factory app, string? q)
    {
        var plan = await app.PlanAsync();
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var url = $"/insatser?plan={plan.ToString(CultureInfo.InvariantCulture)}&sortering=titel" + (q is null ? "" : "&q=" + Uri.EscapeDataString(q));
        var page = await browser.GetPageAsync(url);
        return page.QuerySelectorAll("table.initiative-table tbody tr th a").Select(a => a.TextContent.Trim()).ToList();
    }

    private static async Task<List<string>> PeopleAsync(Factory app, string search)
    {
        await app.PlanAsync();
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.Administrator);
        IHtmlDocument page = await browser.GetPageAsync("/admin/anvandare?sok=" + Uri.EscapeDataString(search));
        return page.QuerySelectorAll("tbody tr th a").Select(a => a.TextContent.Trim()).ToList();
    }

    /// <summary>Both engines, each checked against the expectation (so a failure names the engine).</summary>
    private async Task BothAsync(Func<Factory, Task<List<string>>> read, IReadOnlyList<string> expected)
    {
        var onSqlite = await read(sqlite);
        var onPostgreSql = await read(postgreSql);
        Assert.True(expected.SequenceEqual(onSqlite), $"SQLite: {string.Join(" | ", onSqlite)}");
        Assert.True(expected.SequenceEqual(onPostgreSql), $"PostgreSQL: {string.Join(" | ", onPostgreSql)}");
    }

    [Fact]
    public async Task Titles_sort_in_swedish_order_with_a_to_z_then_å_ä_ö_on_both_engines()
    {
        await BothAsync(app => InitiativeTitlesAsync(app, null), Titles);
        Assert.Equal(Titles, Titles.Order(StringComparer.Create(CultureInfo.GetCultureInfo("sv-SE"), ignoreCase: false)));
    }

    [Theory]
    [InlineData("läs", "Bakgrund|Innehåll|Lasse läser|Läsa och skriva|LÄSLUST|läsning i förskolan")]
    [InlineData("LÄS", "Bakgrund|Innehåll|Lasse läser|Läsa och skriva|LÄSLUST|läsning i förskolan")]
    [InlineData("Läs", "Bakgrund|Innehåll|Lasse läser|Läsa och skriva|LÄSLUST|läsning i förskolan")]
    [InlineData("las", "Lasarett|Lasse läser")]
    [InlineData("åtgärd", "åtgärd|ÅTGÄRDER|Åtgärdsprogram")]
    [InlineData("ÅTGÄRDSPROGRAM", "Åtgärdsprogram")]
    [InlineData("ö", "Innehåll|Ödla")]
    [InlineData("it-stöd", "IT-stöd för lärare")]
    [InlineData("stöd", "IT-stöd för lärare")]
    [InlineData("läs skriva", "Läsa och skriva")]
    [InlineData("ab", "abc|Abc")]
    [InlineData("zebra läs", "")]
    [InlineData("%", "")]
    [InlineData("_", "")]
    public async Task A_word_finds_the_insatser_where_a_word_begins_with_it_whatever_its_case_on_both_engines(string q, string expected)
    {
        await BothAsync(app => InitiativeTitlesAsync(app, q), expected.Split('|', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("texttestare", "anna Ekqvist|Anna Åberg|Zlatan Ekqvist|åke Ekqvist|Åsa Öberg|Ärla Ekqvist|Örjan Ekqvist")]
    [InlineData("åsa", "Åsa Öberg")]
    [InlineData("ÅSA", "Åsa Öberg")]
    [InlineData("öberg", "Åsa Öberg")]
    [InlineData("ÅKE", "åke Ekqvist")]
    [InlineData("EKQVIST", "anna Ekqvist|Zlatan Ekqvist|åke Ekqvist|Ärla Ekqvist|Örjan Ekqvist")]
    [InlineData("anna å", "Anna Åberg")]
    public async Task The_user_search_ignores_case_for_å_ä_ö_and_lists_in_swedish_order_on_both_engines(string search, string expected)
    {
        await BothAsync(app => PeopleAsync(app, search), expected.Split('|'));
    }

    [Fact]
    public async Task PostgreSQL_drops_a_nul_character_that_SQLite_keeps()
    {
        // In the seeded Halmstad plan, so that the test plan's lists stay as they are.
        static Task<string> SaveAsync(Factory app) => app.WithDbAsync(async db =>
        {
            var plan = await db.Plans.Where(p => p.Key == "halmstad-utvecklingsplan-2020-2021").Select(p => p.Id).SingleAsync();
            var initiative = new Initiative { PlanId = plan, Key = "nul-" + Guid.NewGuid().ToString("N"), Title = "Nul\0tecken", Status = InitiativeStatus.Planned };
            db.Initiatives.Add(initiative);
            await db.SaveChangesAsync();
            return await db.Initiatives.Where(i => i.Id == initiative.Id).Select(i => i.Title).SingleAsync();
        });

        Assert.Equal("Nul\0tecken", await SaveAsync(sqlite));
        Assert.Equal("Nultecken", await SaveAsync(postgreSql));
    }
}
