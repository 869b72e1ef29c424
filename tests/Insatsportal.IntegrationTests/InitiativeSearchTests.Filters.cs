using System.Globalization;
using AngleSharp.Html.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>Free text and each filter, alone and together.</summary>
public sealed partial class InitiativeSearchTests
{
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
}
