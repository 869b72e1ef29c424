using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// The insats lists, the plan page and Mina insatser with more rows than a page holds (issue 11): the FTS5
/// free text, option lists under read access, a plan's long goal paged within the plan page, Mina insatser
/// paged per group, and a row's long unit list cut short.
/// </summary>
public sealed class ScaleListTests(ScaleListTests.Factory app) : IClassFixture<ScaleListTests.Factory>
{
    public const int BigGoalCount = 120;

    /// <summary>People responsible for the insats "Kvartersinsats bred", in no order.</summary>
    public static readonly string[] PeopleNamed = ["Örjan Lind", "Åsa Berg", "Zara Holm", "Ärla Ek", "Anna Alm", "Östen Ask"];

    /// <summary>The units of the insats "Lasarettets sjukhusskola", in no order: in Swedish order Å comes before
    /// Ä and both after Z, unlike both the ordinal order (Ä before Å) and the invariant culture's (Ä next to A).</summary>
    public static readonly string[] LasarettUnits =
        ["Zetaskolan", "Öjaskolan", "Åkerskolan", "Ängsskolan", "Bäckaskolan", "Östraskolan", "Alléskolan", "Backaskolan", "Ekskolan", "Aspskolan"];

    /// <summary>Adds a Halmstad plan with a goal of 120 insatser (all naming the tjänsteperson) and a goal of
    /// three, a few insatser with words for the free text, and a Stockholm draft that Halmstad may not read.</summary>
    public sealed class Factory : CountingAppFactory
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private bool _ready;

        public int PlanId { get; private set; }
        public int RenamedId { get; private set; }

        public async Task EnsureDataAsync()
        {
            await _lock.WaitAsync();
            try
            {
                if (_ready)
                {
                    return;
                }
                await WithDbAsync(async db =>
                {
                    var halmstad = await db.Organisations.SingleAsync(o => o.Key == "halmstad-buf");
                    var stockholm = await db.Organisations.SingleAsync(o => o.Key == "stockholm-utbf");
                    var official = await db.Users.SingleAsync(u => u.Email == DemoUsers.Official);
                    var lasarettUnits = LasarettUnits.Select((name, n) => new Unit { Organisation = halmstad, Key = $"skala-enhet-{n}", Name = name }).ToList();

                    var plan = new Plan { Organisation = halmstad, Key = "skala-stor", Name = "Stor plan 2028", Status = PlanStatus.Adopted, PeriodStart = new(2028, 1, 1), PeriodEnd = new(2028, 12, 31) };
                    var big = new Goal { Plan = plan, Key = "stort", SortOrder = 1, Title = "Stort mål" };
                    var small = new Goal { Plan = plan, Key = "litet", SortOrder = 2, Title = "Litet mål" };
                    for (var n = 1; n <= BigGoalCount; n++)
                    {
                        db.Add(new Initiative
                        {
                            Plan = plan, Goal = big, Key = $"stor-{n:000}", SortOrder = n, Title = $"Storinsats {n:000}",
                            Status = InitiativeStatus.Ongoing,
                            Responsible = [new ResponsibleEntry { RoleTitle = "Utvecklingsledare", User = official }],
                        });
                    }
                    db.AddRange(
                        new Initiative { Plan = plan, Goal = small, Key = "las", SortOrder = 1, Title = "Läsa och skriva i förskoleklass", Status = InitiativeStatus.Planned },
                        new Initiative { Plan = plan, Goal = small, Key = "lust", SortOrder = 2, Title = "Lustfyllt lärande", Background = "Mer LÄSLUST hos eleverna.", Status = InitiativeStatus.Planned },
                        new Initiative { Plan = plan, Key = "byts", SortOrder = 1, Title = "Tillfälligt namn", Background = "Ett ord: kvittrande.", Status = InitiativeStatus.Planned },
                        new Initiative
                        {
                            Plan = plan, Goal = small, Key = "lasarett", SortOrder = 3, Title = "Lasarettets sjukhusskola", Status = InitiativeStatus.Planned,
                            TargetedUnits = lasarettUnits.Select(u => new InitiativeUnit { Unit = u }).ToList(),
                        });

                    // Two rows on one page: "bred" targets 20 of 22 units, all but the first two by name, which
                    // "smal" targets; the first eight of "bred" are the page's units 3–10.
                    // Named responsible for "bred", in no order, for the person list's Swedish order.
                    var people = PeopleNamed.Select(name => new AppUser
                    {
                        UserName = $"{name.Replace(' ', '.')}@skala.example", Email = $"{name.Replace(' ', '.')}@skala.example", DisplayName = name,
                        OrganisationId = halmstad.Id, SecurityStamp = Guid.NewGuid().ToString(),
                    }).ToList();
                    var numbered = Enumerable.Range(1, 22).Select(n => new Unit { Organisation = halmstad, Key = $"skala-nummer-{n:00}", Name = $"Enhet {n:00}" }).ToList();
                    db.AddRange(
                        new Initiative
                        {
                            Plan = plan, Key = "bred", SortOrder = 2, Title = "Kvartersinsats bred", Status = InitiativeStatus.Planned,
                            TargetedUnits = numbered.Skip(2).Select(u => new InitiativeUnit { Unit = u }).ToList(),
                            Responsible = people.Select((p, n) => new ResponsibleEntry { SortOrder = n + 1, RoleTitle = "Samordnare", User = p }).ToList(),
                        },
                        new Initiative
                        {
                            Plan = plan, Key = "smal", SortOrder = 3, Title = "Kvartersinsats smal", Status = InitiativeStatus.Planned,
                            TargetedUnits = numbered.Take(2).Select(u => new InitiativeUnit { Unit = u }).ToList(),
                        });

                    var secretDepartment = new Department { Organisation = stockholm, Key = "hemliga-avdelningen", Name = "Hemliga avdelningen" };
                    var secretUnit = new Unit { Organisation = stockholm, Key = "hemliga-skolan", Name = "Hemliga skolan" };
                    var draft = new Plan { Organisation = stockholm, Key = "skala-utkast", Name = "Stockholms utkast 2028", Status = PlanStatus.Draft, PeriodStart = new(2028, 1, 1), PeriodEnd = new(2028, 12, 31) };
                    db.Add(new Initiative
                    {
                        Plan = draft, Key = "hemlig", Title = "Hemlig läsinsats", Status = InitiativeStatus.Planned,
                        TargetedUnits = [new InitiativeUnit { Unit = secretUnit }],
                        Responsible = [new ResponsibleEntry { RoleTitle = "Chef", Department = secretDepartment }],
                    });
                    await db.SaveChangesAsync();
                    PlanId = plan.Id;
                    RenamedId = await db.Initiatives.Where(i => i.Key == "byts").Select(i => i.Id).SingleAsync();
                });
                _ready = true;
            }
            finally
            {
                _lock.Release();
            }
        }
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        await app.EnsureDataAsync();
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);
        return browser;
    }

    private static List<string> Titles(IParentNode page) =>
        page.QuerySelectorAll("table.initiative-table tbody tr th a").Select(a => a.TextContent.Trim()).ToList();

    private static IEnumerable<string> Options(IHtmlDocument page, string name) =>
        page.QuerySelectorAll($"select[name={name}] option").Select(o => o.TextContent.Trim());

    [Fact]
    public async Task Free_text_finds_words_that_begin_with_the_search_whatever_the_case_of_a_swedish_letter()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);

        var titles = Titles(await browser.GetPageAsync("/insatser?plan=" + app.PlanId + "&q=" + Uri.EscapeDataString("läs")));

        // "Läsa" in a title and "LÄSLUST" in a background are found; "Lasarettets" is not (ä is not a).
        Assert.Equal(["Läsa och skriva i förskoleklass", "Lustfyllt lärande"], titles);
    }

    [Fact]
    public async Task Free_text_without_swedish_letters_does_not_find_words_with_them()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);

        var titles = Titles(await browser.GetPageAsync("/insatser?plan=" + app.PlanId + "&q=LAS"));

        Assert.Equal(["Lasarettets sjukhusskola"], titles);
    }

    [Fact]
    public async Task The_full_text_index_follows_an_edited_title()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        await app.WithDbAsync(async db =>
        {
            var initiative = await db.Initiatives.SingleAsync(i => i.Id == app.RenamedId);
            initiative.Title = "Glädjefyllt lärande";
            initiative.Background = null;
            await db.SaveChangesAsync();
        });

        var renamed = Titles(await browser.GetPageAsync("/insatser?q=" + Uri.EscapeDataString("glädjefyllt")));
        var old = Titles(await browser.GetPageAsync("/insatser?q=" + Uri.EscapeDataString("tillfälligt")));
        var oldBackground = Titles(await browser.GetPageAsync("/insatser?q=kvittrande"));

        Assert.Equal(["Glädjefyllt lärande"], renamed);
        Assert.Empty(old);
        Assert.Empty(oldBackground);
    }

    [Fact]
    public async Task A_draft_of_another_organisation_is_neither_found_nor_named_in_the_option_lists()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);

        var page = await browser.GetPageAsync("/insatser?q=hemlig");
        var all = await browser.GetPageAsync("/insatser");

        Assert.Empty(Titles(page));
        Assert.DoesNotContain("Hemliga skolan", Options(all, "enhet"));
        Assert.DoesNotContain("Hemliga avdelningen", Options(all, "avdelning"));
        Assert.DoesNotContain("Stockholms utkast 2028", Options(all, "plan"));
        // What the readable insatser do name is offered.
        Assert.Contains("Stor plan 2028", Options(all, "plan"));
        var official = await app.WithDbAsync(db => db.Users.Where(u => u.Email == DemoUsers.Official).Select(u => u.DisplayName).SingleAsync());
        Assert.Contains(official, Options(all, "person"));
    }

    [Fact]
    public async Task A_row_names_the_first_eight_targeted_units_in_swedish_order_and_counts_the_rest()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);

        var page = await browser.GetPageAsync("/insatser?plan=" + app.PlanId + "&q=lasarettets");
        var units = page.QuerySelector("table.initiative-table td.units")!.TextContent;

        var text = string.Join(' ', units.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(
            "Alléskolan, Aspskolan, Backaskolan, Bäckaskolan, Ekskolan, Zetaskolan, Åkerskolan, Ängsskolan och 2 enheter till",
            text);
    }

    [Fact]
    public async Task A_row_that_lacks_the_pages_first_units_still_names_its_own_first_eight()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);

        var page = await browser.GetPageAsync("/insatser?plan=" + app.PlanId + "&q=kvartersinsats&sortera=titel");
        var cells = page.QuerySelectorAll("table.initiative-table tbody tr")
            .Select(row => string.Join(' ', row.QuerySelector("td.units")!.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))
            .ToList();

        Assert.Equal(
            [
                "Enhet 03, Enhet 04, Enhet 05, Enhet 06, Enhet 07, Enhet 08, Enhet 09, Enhet 10 och 12 enheter till",
                "Enhet 01, Enhet 02",
            ],
            cells);
    }

    [Fact]
    public async Task A_row_names_the_unit_filtered_on_first_though_it_is_not_among_its_first_eight()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var unit = await app.WithDbAsync(db => db.Units.Where(u => u.Key == "skala-nummer-15").Select(u => u.Id).SingleAsync());

        var page = await browser.GetPageAsync($"/insatser?plan={app.PlanId}&enhet={unit}&q=kvartersinsats");
        var cell = page.QuerySelectorAll("table.initiative-table td.units").Single().TextContent;

        Assert.Equal(
            "Enhet 15, Enhet 03, Enhet 04, Enhet 05, Enhet 06, Enhet 07, Enhet 08, Enhet 09 och 12 enheter till",
            string.Join(' ', cell.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task A_row_whose_units_are_all_named_keeps_swedish_order_with_the_unit_filtered_on()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var unit = await app.WithDbAsync(db => db.Units.Where(u => u.Key == "skala-nummer-02").Select(u => u.Id).SingleAsync());

        var page = await browser.GetPageAsync($"/insatser?plan={app.PlanId}&enhet={unit}&q=kvartersinsats");
        var cell = page.QuerySelectorAll("table.initiative-table td.units").Single().TextContent;

        Assert.Equal("Enhet 01, Enhet 02", string.Join(' ', cell.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task The_person_filter_lists_people_in_swedish_order()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);

        var offered = Options(await browser.GetPageAsync("/insatser"), "person").ToList();

        Assert.Equal(["Anna Alm", "Zara Holm", "Åsa Berg", "Ärla Ek", "Örjan Lind", "Östen Ask"], offered.Where(PeopleNamed.Contains));
        Assert.Equal("Alla personer", offered[0]);
        Assert.Equal(offered.Skip(1).Order(Insatsportal.Web.Data.SwedishText.Comparer), offered.Skip(1));
    }

    [Fact]
    public async Task In_a_large_plan_a_goal_with_more_insatser_than_a_page_is_paged_within_the_plan_page()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);

        var first = await browser.GetPageAsync($"/planer/{app.PlanId}");
        var bigSection = first.QuerySelectorAll("section.plan-section")[0];
        var smallSection = first.QuerySelectorAll("section.plan-section")[1];
        var nav = bigSection.QuerySelector("nav.pager")!;
        var next = nav.QuerySelector("a[rel=next]")!.GetAttribute("href")!;

        Assert.Equal("Sidor: Stort mål", nav.GetAttribute("aria-label"));
        Assert.Equal(20, bigSection.QuerySelectorAll("tbody tr").Length);
        Assert.Equal("Storinsats 001", bigSection.QuerySelector("tbody tr th a")!.TextContent.Trim());
        Assert.Contains("120 insatser, sida 1 av 6", bigSection.TextContent, StringComparison.Ordinal);
        Assert.StartsWith($"/planer/{app.PlanId}?avsnitt=0&sida=2#sektion-", next, StringComparison.Ordinal);
        // A large plan's contents names each section with its count instead of listing every insats.
        var toc = first.QuerySelectorAll("ol.toc > li").ToList();
        Assert.Empty(first.QuerySelectorAll("ol.toc ol li"));
        Assert.Contains("(120 insatser)", toc[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("(3 insatser)", toc[1].TextContent, StringComparison.Ordinal);
        Assert.Equal(3, smallSection.QuerySelectorAll("tbody tr").Length);
        Assert.Null(smallSection.QuerySelector("nav.pager"));

        var last = await browser.GetPageAsync($"/planer/{app.PlanId}?avsnitt=0&sida=6");
        var lastRows = last.QuerySelectorAll("section.plan-section")[0].QuerySelectorAll("tbody tr th a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(20, lastRows.Count);
        Assert.Equal("Storinsats 101", lastRows[0]);
        Assert.Equal("Storinsats 120", lastRows[^1]);
        Assert.Equal("Utvecklingsledare", last.QuerySelectorAll("section.plan-section")[0].QuerySelector("tbody tr td")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_plan_page_sends_the_same_number_of_sql_commands_for_three_insatser_and_for_a_hundred_and_twenty_three()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var seeded = await app.WithDbAsync(db => db.Plans.Where(p => p.Key != "skala-stor" && p.Initiatives.Count() >= 3)
            .Select(p => p.Id).FirstAsync());
        await browser.GetPageAsync($"/planer/{seeded}"); // warm-up

        app.Commands.Reset();
        await browser.GetPageAsync($"/planer/{seeded}".Uncached());
        var forSeeded = app.Commands.Count;
        app.Commands.Reset();
        await browser.GetPageAsync($"/planer/{app.PlanId}?avsnitt=0&sida=2");
        var forBig = app.Commands.Count;

        Assert.Equal(forSeeded, forBig);
    }

    [Fact]
    public async Task Mina_insatser_pages_a_long_group_and_shows_its_count()
    {
        var browser = await SignedInAsync(DemoUsers.Official);

        var first = await browser.GetPageAsync("/mina-insatser");
        var section = first.QuerySelectorAll("section.mine-group").Single(s => s.QuerySelector("h2")!.Id == "du-ar-ansvarig");
        var nav = section.QuerySelector("nav.pager")!;

        // 120 insatser of the fixture plus the seeded one the tjänsteperson is not named on: only the fixture's.
        Assert.Contains($"({BigGoalCount})", section.QuerySelector("h2")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(25, Titles(section).Count);
        Assert.Equal("Sidor: Du är ansvarig", nav.GetAttribute("aria-label"));
        Assert.Equal("/mina-insatser?grupp=du-ar-ansvarig&sida=2#du-ar-ansvarig", nav.QuerySelector("a[rel=next]")!.GetAttribute("href"));

        var last = await browser.GetPageAsync("/mina-insatser?grupp=du-ar-ansvarig&sida=99");
        var lastSection = last.QuerySelectorAll("section.mine-group").Single(s => s.QuerySelector("h2")!.Id == "du-ar-ansvarig");
        Assert.Equal(BigGoalCount - 4 * 25, Titles(lastSection).Count);
        Assert.Contains("Sida 5 av 5", lastSection.QuerySelector("nav.pager")!.TextContent, StringComparison.Ordinal);
        // The other group is on its first page whatever sida says.
        var department = last.QuerySelectorAll("section.mine-group").Single(s => s.QuerySelector("h2")!.Id == "din-avdelning");
        Assert.Null(department.QuerySelector("nav.pager"));
        Assert.NotEmpty(Titles(department));
        Assert.StartsWith(
            (BigGoalCount + Titles(department).Count).ToString(CultureInfo.InvariantCulture) + " insatser",
            last.QuerySelector("p.lead")!.TextContent, StringComparison.Ordinal);
    }
}
