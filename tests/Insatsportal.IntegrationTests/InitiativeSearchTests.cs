using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>/insatser through real HTTP on the seeded plans, plus a few rows of its own (see <see cref="Factory"/>).</summary>
public sealed class InitiativeSearchTests(InitiativeSearchTests.Factory app) : IClassFixture<InitiativeSearchTests.Factory>
{
    private const string Mathematics = "Skolutvecklingsprocess för utvecklad undervisning i matematik";

    /// <summary>Archives one insats, names the tjänsteperson on another and adds drafts, once for the class.</summary>
    public sealed class Factory : CountingAppFactory
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private bool _ready;

        public const string ArchivedTitle = "Bryta skolsegregationen";
        public const string PersonalTitle = "Ledarförsörjning";
        public const string OtherDraftTitle = "Hemlig stockholmsinsats i utkast";
        public const string OwnDraftTitle = "Utkastinsats för Vallåsskolan";

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
                    var archived = await db.Initiatives.SingleAsync(i => i.Key == "bryta-skolsegregationen");
                    archived.IsArchived = true;
                    archived.ArchivedAt = DateTime.UtcNow;
                    archived.ArchivedReason = "Test";

                    var official = await db.Users.SingleAsync(u => u.Email == DemoUsers.Official);
                    var personal = await db.Initiatives.Include(i => i.Responsible).SingleAsync(i => i.Key == "ledarforsorjning");
                    personal.Responsible[0].UserId = official.Id;

                    var stockholm = await db.Organisations.SingleAsync(o => o.Key == "stockholm-utbf");
                    var halmstad = await db.Organisations.SingleAsync(o => o.Key == "halmstad-buf");
                    var vallas = await db.Units.SingleAsync(u => u.Key == "vallasskolan");
                    var otherDraft = new Plan { Organisation = stockholm, Key = "sok-sthlm-utkast", Name = "Stockholms hemliga utkast", Status = PlanStatus.Draft, PeriodStart = new(2027, 1, 1), PeriodEnd = new(2027, 12, 31) };
                    var ownDraft = new Plan { Organisation = halmstad, Key = "sok-halmstad-utkast", Name = "Halmstads utkast 2027", Status = PlanStatus.Draft, PeriodStart = new(2027, 1, 1), PeriodEnd = new(2027, 12, 31) };
                    db.AddRange(
                        new Initiative { Plan = otherDraft, Key = "hemlig", Title = OtherDraftTitle, Status = InitiativeStatus.Planned },
                        new Initiative
                        {
                            Plan = ownDraft, Key = "vallas", Title = OwnDraftTitle, Status = InitiativeStatus.Planned,
                            TargetedUnits = [new InitiativeUnit { Unit = vallas }],
                        });
                    await db.SaveChangesAsync();
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

    private static List<IElement> Rows(IHtmlDocument page) => page.QuerySelectorAll("table.initiative-table tbody tr").ToList();

    private static List<string> Titles(IHtmlDocument page) =>
        Rows(page).Select(r => r.QuerySelector("th a")!.TextContent.Trim()).ToList();

    private static int Total(IHtmlDocument page) =>
        int.Parse(page.QuerySelector("p.result-count")!.TextContent.Split(' ')[0], CultureInfo.InvariantCulture);

    private static string? SelectedValue(IHtmlDocument page, string name) =>
        page.QuerySelector($"select[name={name}] option[selected]")?.GetAttribute("value");

    private static IEnumerable<string> Options(IHtmlDocument page, string name) =>
        page.QuerySelectorAll($"select[name={name}] option").Select(o => o.TextContent.Trim());

    /// <summary>What the förvaltningschef in Halmstad may read (with "Alla förvaltningar"): every non-draft plan and
    /// Halmstad's drafts.</summary>
    private static IQueryable<Initiative> DirectorReads(IQueryable<Initiative> all) =>
        all.Where(i => !i.IsArchived && (i.Plan.Status != PlanStatus.Draft || i.Plan.Organisation.Key == "halmstad-buf"));

    [Fact]
    public async Task Free_text_finds_an_insats_by_its_title_whatever_the_case_of_ascii_letters()
    {
        var browser = await SignedInAsync(DemoUsers.Principal);

        var page = await browser.GetPageAsync("/insatser?q=SKOLUTVECKLINGSPROCESS+matematik");

        Assert.Equal([Mathematics], Titles(page));
        Assert.Equal(1, Total(page));
        Assert.Equal("SKOLUTVECKLINGSPROCESS matematik", ((IHtmlInputElement)page.QuerySelector("input[name=q]")!).Value);
    }

    [Fact]
    public async Task Free_text_searches_the_background_too()
    {
        var browser = await SignedInAsync(DemoUsers.Principal);

        // "hypoteser" is in the insats' background only, not its title.
        var page = await browser.GetPageAsync("/insatser?q=hypoteser");

        Assert.Contains(Mathematics, Titles(page));
    }

    [Fact]
    public async Task Free_text_in_lower_case_finds_a_title_that_starts_with_a_capital_swedish_letter()
    {
        var browser = await SignedInAsync(DemoUsers.Official);

        var page = await browser.GetPageAsync("/insatser?forvaltning=alla&q=" + Uri.EscapeDataString("ökad satsning på ekologiska"));

        Assert.Single(Titles(page), t => t.StartsWith("Ökad satsning på ekologiska livsmedel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Like_wildcards_in_the_free_text_are_searched_as_text()
    {
        var browser = await SignedInAsync(DemoUsers.Official);

        var page = await browser.GetPageAsync("/insatser?q=%25");

        Assert.Equal(0, Total(page));
        Assert.Contains("Inga insatser matchar", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plan_filter_shows_only_that_plans_insatser_and_offers_its_goals()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var planId = await app.WithDbAsync(db => db.Plans.Where(p => p.Key == "halmstad-utvecklingsplan-2020-2021").Select(p => p.Id).SingleAsync());

        var page = await browser.GetPageAsync($"/insatser?plan={planId}");

        Assert.Equal(16, Total(page)); // 17 in the plan, one archived by the fixture
        Assert.All(Rows(page), r => Assert.StartsWith("Utvecklingsplan 2020–2021", r.QuerySelectorAll("td")[0].TextContent.Trim(), StringComparison.Ordinal));
        Assert.Equal(planId.ToString(CultureInfo.InvariantCulture), SelectedValue(page, "plan"));
        Assert.Equal(5, Options(page, "mal").Count()); // "Alla mål" and the plan's four goals
    }

    [Fact]
    public async Task The_goal_filter_shows_only_that_goals_insatser()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var goal = await app.WithDbAsync(db => db.Goals.Where(g => g.Key == "mal-4").Select(g => new { g.Id, g.PlanId }).SingleAsync());

        var page = await browser.GetPageAsync($"/insatser?plan={goal.PlanId}&mal={goal.Id}");

        Assert.Equal(["Operativa insatser för kompetensförsörjning", "Ledarförsörjning"], Titles(page));
        Assert.Equal(goal.Id.ToString(CultureInfo.InvariantCulture), SelectedValue(page, "mal"));
    }

    [Fact]
    public async Task Several_statuses_can_be_chosen_and_each_row_has_one_of_them()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var expected = await app.WithDbAsync(db => DirectorReads(db.Initiatives)
            .CountAsync(i => i.Status == InitiativeStatus.Paused || i.Status == InitiativeStatus.Completed));

        var page = await browser.GetPageAsync("/insatser?forvaltning=alla&status=pausad&status=avslutad");

        Assert.Equal(expected, Total(page));
        Assert.All(Rows(page), r => Assert.Contains(r.QuerySelector(".badge")!.TextContent, new[] { "Pausad", "Avslutad" }));
        Assert.Equal(["pausad", "avslutad"],
            page.QuerySelectorAll("input[name=status][checked]").Select(i => i.GetAttribute("value")!).Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public async Task The_department_filter_shows_the_insatser_the_department_answers_for()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var kvalitet = await app.WithDbAsync(db => db.Departments.Where(d => d.Key == "kvalitet").Select(d => d.Id).SingleAsync());

        var page = await browser.GetPageAsync($"/insatser?avdelning={kvalitet}");

        Assert.Equal(3, Total(page));
        Assert.Contains("Underlag som stödjer ett undersökande av utbildningens kvalitet", Titles(page));
        Assert.All(Rows(page), r => Assert.Contains("Kvalitetsavdelningen", r.QuerySelector("ul.responsible")!.TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_person_filter_offers_only_people_named_responsible_and_finds_their_insatser()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var official = await app.WithDbAsync(db => db.Users.Where(u => u.Email == DemoUsers.Official).Select(u => u.Id).SingleAsync());

        var page = await browser.GetPageAsync($"/insatser?person={official}");

        Assert.Equal(["Alla personer", "Johan Ek"], Options(page, "person"));
        Assert.Equal([Factory.PersonalTitle], Titles(page));
        Assert.Contains("Johan Ek", Rows(page)[0].QuerySelector("ul.responsible")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_unit_filter_shows_the_insatser_that_target_the_unit()
    {
        var browser = await SignedInAsync(DemoUsers.DepartmentHead);
        var unit = await app.WithDbAsync(db => db.Units.Where(u => u.Key == "getingeskolan").Select(u => u.Id).SingleAsync());

        var page = await browser.GetPageAsync($"/insatser?enhet={unit}");

        Assert.Equal(["Riktade insatser genom stöd till lokalt kapacitetsbyggande", "Utvecklad undervisning i svenska som andraspråk"], Titles(page));
        Assert.All(Rows(page), r => Assert.Contains("Getingeskolan", r.QuerySelector("td.units")!.TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_theme_filter_shows_the_insatser_under_the_theme()
    {
        var browser = await SignedInAsync(DemoUsers.Official);
        var theme = await app.WithDbAsync(db => db.Themes
            .Select(t => new { t.Id, Count = db.InitiativeThemes.Count(x => x.ThemeId == t.Id) })
            .OrderByDescending(t => t.Count).FirstAsync());

        var page = await browser.GetPageAsync($"/insatser?forvaltning=alla&tema={theme.Id}");

        Assert.True(theme.Count > 0);
        Assert.Equal(theme.Count, Total(page));
        Assert.Equal(theme.Id.ToString(CultureInfo.InvariantCulture), SelectedValue(page, "tema"));
    }

    [Fact]
    public async Task Filters_combine_so_that_every_row_meets_all_of_them()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var ids = await app.WithDbAsync(async db => new
        {
            Plan = await db.Plans.Where(p => p.Key == "halmstad-utvecklingsplan-2020-2021").Select(p => p.Id).SingleAsync(),
            Fou = await db.Departments.Where(d => d.Key == "fou").Select(d => d.Id).SingleAsync(),
            Unit = await db.Units.Where(u => u.Key == "sondrumsskolan").Select(u => u.Id).SingleAsync(),
        });

        var page = await browser.GetPageAsync($"/insatser?q=undervisning&plan={ids.Plan}&avdelning={ids.Fou}&enhet={ids.Unit}&status=pagaende");

        Assert.Equal([Mathematics, "Utvecklad undervisning med hjälp av utomhuspedagogik"], Titles(page));
        Assert.Equal(2, Total(page));
    }

    [Fact]
    public async Task Sorting_by_title_orders_the_rows_both_ways()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);

        var ascending = Titles(await browser.GetPageAsync("/insatser?forvaltning=alla&sortering=titel"));
        var descending = Titles(await browser.GetPageAsync("/insatser?forvaltning=alla&sortering=titel-fallande"));
        var all = await app.WithDbAsync(db => DirectorReads(db.Initiatives)
            .Select(i => (i.Number == null ? "" : i.Number + " ") + i.Title).ToListAsync());

        Assert.Equal(25, ascending.Count);
        // SQLite compares text by its bytes (ordinal); the list is sorted by title, shown with its number first.
        var byTitle = await app.WithDbAsync(db => DirectorReads(db.Initiatives).OrderBy(i => i.Title).ThenBy(i => i.Id)
            .Select(i => (i.Number == null ? "" : i.Number + " ") + i.Title).ToListAsync());
        Assert.Equal(byTitle.Take(25), ascending);
        Assert.Equal(Enumerable.Reverse(byTitle).Take(25), descending);
        Assert.Equal(all.Count, byTitle.Count);
    }

    [Fact]
    public async Task Sorting_by_status_puts_planned_before_ongoing_before_paused_before_completed()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var order = new[] { "Planerad", "Pågående", "Pausad", "Avslutad", "Avbruten" };

        var statuses = new List<string>();
        var pages = (Total(await browser.GetPageAsync("/insatser?forvaltning=alla")) + 24) / 25;
        for (var page = 1; page <= pages; page++)
        {
            statuses.AddRange(Rows(await browser.GetPageAsync($"/insatser?forvaltning=alla&sortering=status&sida={page}")).Select(r => r.QuerySelector(".badge")!.TextContent));
        }

        var ranks = statuses.Select(s => Array.IndexOf(order, s)).ToList();
        Assert.Equal(ranks.Order(), ranks);
        Assert.Contains("Pausad", statuses);
        Assert.Equal(Total(await browser.GetPageAsync("/insatser?forvaltning=alla")), statuses.Count);
        Assert.Equal("Planerad", statuses[0]); // the Halmstad draft's insats, readable to the förvaltningschef
    }

    [Fact]
    public async Task Sorting_by_last_change_puts_the_most_recently_changed_insats_first()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);

        var page = await browser.GetPageAsync("/insatser?sortering=andrad-fallande");

        // Added last by the fixture (after the seeds), so changed most recently.
        Assert.Equal(Factory.OwnDraftTitle, Titles(page)[0]);
        Assert.Equal("andrad-fallande", SelectedValue(page, "sortering"));
    }

    [Fact]
    public async Task Page_two_shows_the_next_insatser_and_the_count_is_the_same()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var total = await app.WithDbAsync(db => DirectorReads(db.Initiatives).CountAsync());

        var first = await browser.GetPageAsync("/insatser?forvaltning=alla&sortering=titel");
        var second = await browser.GetPageAsync("/insatser?forvaltning=alla&sortering=titel&sida=2");

        var byTitle = await app.WithDbAsync(db => DirectorReads(db.Initiatives).OrderBy(i => i.Title).ThenBy(i => i.Id)
            .Select(i => (i.Number == null ? "" : i.Number + " ") + i.Title).ToListAsync());
        Assert.Equal(total, Total(first));
        Assert.Equal(total, Total(second));
        Assert.Equal(byTitle.Skip(25).Take(25), Titles(second));
        Assert.Empty(Titles(first).Intersect(Titles(second)));
        Assert.Contains($"sida 2 av {(total + 24) / 25}", second.QuerySelector("p.result-count")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pager_links_keep_every_filter_and_the_next_page_shows_them_in_the_form()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);

        var first = await browser.GetPageAsync("/insatser?q=e&forvaltning=alla&status=pagaende&status=avslutad&arkiverade=true&sortering=titel-fallande");
        var next = first.QuerySelector("nav.pager a[rel=next]")!.GetAttribute("href")!;

        Assert.Equal("/insatser?q=e&forvaltning=alla&status=pagaende&status=avslutad&arkiverade=true&sortering=titel-fallande&sida=2", next);
        var second = await browser.GetPageAsync(next);
        Assert.Equal("e", ((IHtmlInputElement)second.QuerySelector("input[name=q]")!).Value);
        Assert.Equal(2, second.QuerySelectorAll("input[name=status][checked]").Length);
        Assert.NotNull(second.QuerySelector("input[name=arkiverade][checked]"));
        Assert.Equal("titel-fallande", SelectedValue(second, "sortering"));
        var previous = second.QuerySelector("nav.pager a[rel=prev]")!.GetAttribute("href")!;
        Assert.Equal("/insatser?q=e&forvaltning=alla&status=pagaende&status=avslutad&arkiverade=true&sortering=titel-fallande", previous);
    }

    [Theory]
    [InlineData("/insatser?plan=abc", "Planen ”abc” finns inte och ignorerades.")]
    [InlineData("/insatser?mal=-1", "Målet ”-1” finns inte och ignorerades.")]
    [InlineData("/insatser?status=klar", "Statusen ”klar” finns inte och ignorerades.")]
    [InlineData("/insatser?avdelning=1.5", "Avdelningen ”1.5” finns inte och ignorerades.")]
    [InlineData("/insatser?enhet=99999999999999", "Enheten ”99999999999999” finns inte och ignorerades.")]
    [InlineData("/insatser?tema=x", "Området ”x” finns inte och ignorerades.")]
    [InlineData("/insatser?sortering=baklanges", "Sorteringen ”baklanges” finns inte; insatserna sorteras efter plan.")]
    [InlineData("/insatser?arkiverade=kanske", "Värdet ”kanske” för arkiverade förstods inte; arkiverade insatser visas inte.")]
    [InlineData("/insatser?sida=tva", "Sidan ”tva” finns inte; sida 1 visas.")]
    public async Task An_invalid_parameter_gives_the_page_with_a_swedish_note_not_an_error(string url, string note)
    {
        var browser = await SignedInAsync(DemoUsers.Official);

        var page = await browser.GetPageAsync(url);

        Assert.Contains(note, page.QuerySelector(".notice--warning")!.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(Rows(page));
    }

    [Theory]
    [InlineData("/insatser?sida=9999")]
    [InlineData("/insatser?sida=0")]
    [InlineData("/insatser?person=" + "finns-inte")]
    [InlineData("/insatser?plan=2147483647&mal=2147483647")]
    public async Task Out_of_range_values_give_200(string url)
    {
        var browser = await SignedInAsync(DemoUsers.Principal);

        var response = await browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Archived_insatser_are_hidden_by_default_and_shown_and_marked_with_visa_arkiverade()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);

        var hidden = await browser.GetPageAsync("/insatser?forvaltning=alla&q=skolsegregationen");
        var shown = await browser.GetPageAsync("/insatser?forvaltning=alla&q=skolsegregationen&arkiverade=true");

        Assert.DoesNotContain(Factory.ArchivedTitle, Titles(hidden));
        var row = Rows(shown).Single(r => r.QuerySelector("th a")!.TextContent.Trim() == Factory.ArchivedTitle);
        Assert.Equal("Arkiverad", row.QuerySelector(".badge--archived")!.TextContent);
        Assert.Equal(Total(hidden) + 1, Total(shown));
        Assert.Null(hidden.QuerySelector("input[name=arkiverade][checked]"));
        Assert.NotNull(shown.QuerySelector("input[name=arkiverade][checked]"));
    }

    [Fact]
    public async Task A_principal_never_sees_draft_insatser_of_another_organisation_nor_its_plan()
    {
        var browser = await SignedInAsync(DemoUsers.Principal);

        var search = await browser.GetPageAsync("/insatser?q=Hemlig");
        var all = await browser.GetPageAsync("/insatser?forvaltning=alla&sortering=andrad-fallande&arkiverade=true");

        Assert.Empty(Rows(search));
        Assert.DoesNotContain(Factory.OtherDraftTitle, Titles(all));
        Assert.DoesNotContain("Stockholms hemliga utkast", Options(all, "plan"));
        // A draft insats that targets the rektor's own school is theirs to read (ReadAccess), and only that one.
        Assert.Equal(Factory.OwnDraftTitle, Titles(all)[0]);
    }

    [Fact]
    public async Task Filter_choices_offer_only_plans_the_user_can_read()
    {
        var director = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var official = await SignedInAsync(DemoUsers.Official);

        var directorPlans = Options(await director.GetPageAsync("/insatser"), "plan").ToList();
        var officialPlans = Options(await official.GetPageAsync("/insatser"), "plan").ToList();

        Assert.Contains("Halmstads utkast 2027", directorPlans);
        Assert.DoesNotContain("Stockholms hemliga utkast", directorPlans);
        Assert.Contains("Utvecklingsplan 2020–2021", officialPlans);
        Assert.DoesNotContain("Stockholms hemliga utkast", officialPlans);
    }

    [Fact]
    public async Task A_row_shows_status_responsible_with_departments_and_targeted_units()
    {
        var browser = await SignedInAsync(DemoUsers.Principal);

        var row = Rows(await browser.GetPageAsync("/insatser?q=Skolutvecklingsprocess")).Single();

        Assert.Equal("Pågående", row.QuerySelector(".badge")!.TextContent);
        var responsible = row.QuerySelectorAll("ul.responsible li").Select(li => string.Join(' ', li.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Equal(["Avdelningschef FoU – Forsknings- och utvecklingsavdelningen", "Skolområdeschef på deltagande skolor"], responsible);
        Assert.Equal("Andersbergsskolan, Söndrumsskolan, Vallåsskolan", row.QuerySelector("td.units")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_list_opens_on_the_users_own_forvaltning_and_all_forvaltningar_are_one_choice_away()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var (halmstad, own, all) = await app.WithDbAsync(async db => (
            await db.Organisations.Where(o => o.Key == "halmstad-buf").Select(o => o.Id).SingleAsync(),
            await DirectorReads(db.Initiatives).CountAsync(i => i.Plan.Organisation.Key == "halmstad-buf"),
            await DirectorReads(db.Initiatives).CountAsync()));

        var first = await browser.GetPageAsync("/insatser");
        var everyone = await browser.GetPageAsync("/insatser?forvaltning=alla");

        // By default: Halmstad's insatser only, and its plans, departments and units only in the filter lists.
        Assert.True(own < all, "the seeds hold insatser of other förvaltningar");
        Assert.Equal(own, Total(first));
        Assert.Equal(halmstad.ToString(CultureInfo.InvariantCulture), SelectedValue(first, "forvaltning"));
        var halmstadPlans = await app.WithDbAsync(db => db.Plans.Where(p => p.OrganisationId == halmstad).Select(p => p.Name).ToListAsync());
        Assert.All(Options(first, "plan").Skip(1), p => Assert.Contains(p, halmstadPlans));
        Assert.Contains("Utvecklingsplan 2020–2021", Options(first, "plan"));
        Assert.DoesNotContain("Bryta skolsegregationen", Titles(await browser.GetPageAsync("/insatser?q=skolsegregationen")));
        // "Alla förvaltningar": every readable insats, and the lists widen with it.
        Assert.Equal(all, Total(everyone));
        Assert.Equal("alla", SelectedValue(everyone, "forvaltning"));
        Assert.True(Options(everyone, "plan").Count() > Options(first, "plan").Count());
        Assert.True(Options(everyone, "enhet").Count() > Options(first, "enhet").Count());
        Assert.Contains(Options(everyone, "forvaltning"), o => o.StartsWith("Barn- och ungdomsförvaltningen", StringComparison.Ordinal));
        // A plan given in a link (from the plan's page) is shown wherever it belongs.
        var stockholmPlan = await app.WithDbAsync(db => db.Plans.Where(p => p.Organisation.Key == "stockholm-utbf" && p.Status != PlanStatus.Draft).Select(p => p.Id).FirstAsync());
        Assert.NotEqual(0, Total(await browser.GetPageAsync($"/insatser?plan={stockholmPlan}")));
    }

    [Fact]
    public async Task The_number_of_sql_commands_for_a_list_page_does_not_grow_with_the_rows_on_it()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        await browser.GetPageAsync("/insatser?forvaltning=alla"); // warm-up: the first request may load things once

        app.Commands.Reset();
        var one = await browser.GetPageAsync("/insatser?forvaltning=alla&q=Skolutvecklingsprocess");
        var forOne = app.Commands.Count;
        app.Commands.Reset();
        var full = await browser.GetPageAsync("/insatser?forvaltning=alla&q=e");
        var forFull = app.Commands.Count;

        Assert.Single(Rows(one));
        Assert.Equal(25, Rows(full).Count);
        Assert.Equal(forOne, forFull);
        // The default scope (the user's own förvaltning) costs no more commands than all of them.
        await browser.GetPageAsync("/insatser");
        app.Commands.Reset();
        await browser.GetPageAsync("/insatser?q=e");
        Assert.Equal(forFull, app.Commands.Count);
        // A count, the page's rows, the option lists (plans, departments, persons, units, themes) and the
        // session's security-stamp check (SessionValidator).
        Assert.True(forFull <= 9, $"{forFull} commands:\n{string.Join("\n---\n", app.Commands.Texts)}");
    }
}
