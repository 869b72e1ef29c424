using System.Globalization;
using AngleSharp.Html.Dom;
using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.FollowUps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>/oversikt on the seeded demo rounds (seeds/demo/rounds.json): figures, the lists behind them,
/// filters and scope per role. Read only, so the tests share one app.</summary>
public sealed class OverviewTests(OverviewTests.Factory app) : IClassFixture<OverviewTests.Factory>
{
    public sealed class Factory : CountingAppFactory;

    private const string Halmstad = "halmstad-utvecklingsplan-2020-2021";
    private const string LiveRound = "Lägesbedömning 2021";

    private Task<List<(int Id, string Name)>> RoundsAsync() => app.WithDbAsync(async db =>
        (await db.FollowUpRounds.Where(r => r.Plan.Key == Halmstad).OrderBy(r => r.OpensOn).Select(r => new { r.Id, r.Name }).ToListAsync())
            .Select(r => (r.Id, r.Name)).ToList());

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);
        return browser;
    }

    /// <summary>Every figure on the page: its number and the list it links to.</summary>
    private static List<(int Value, string Href, string Label)> Figures(IHtmlDocument page) => page.QuerySelectorAll("main a.figure")
        .Select(a => (int.Parse(a.TextContent.Trim(), CultureInfo.InvariantCulture), a.GetAttribute("href")!, a.GetAttribute("aria-label") ?? ""))
        .ToList();

    /// <summary>The list page's total, checked against the rows it shows: all of them, or a full first page and
    /// the rest on the last page.</summary>
    private static async Task<int> ListCountAsync(HttpClient browser, string href)
    {
        var page = await browser.GetPageAsync(href);
        var count = int.Parse(page.QuerySelector("#antal")!.TextContent.Split(' ')[0], CultureInfo.InvariantCulture);
        var size = Insatsportal.Web.Features.Dashboard.OverviewLists.PageSize;
        Assert.Equal(Math.Min(count, size), page.QuerySelectorAll("main table.overview-list tbody tr").Length);
        if (count > size)
        {
            var pages = (count + size - 1) / size;
            var last = await browser.GetPageAsync(href + (href.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "sida=" + S(pages));
            Assert.Equal(count - (pages - 1) * size, last.QuerySelectorAll("main table.overview-list tbody tr").Length);
            Assert.NotNull(page.QuerySelector("nav.pager[aria-label] a[rel=next]"));
        }
        return count;
    }

    private static async Task AssertFiguresEqualTheirListsAsync(HttpClient browser, IHtmlDocument page, string who)
    {
        var figures = Figures(page);
        Assert.True(figures.Count > 20, $"{who}: expected the overview to hold many figures, found {figures.Count}");
        var failures = new List<string>();
        foreach (var figure in figures.DistinctBy(f => f.Href))
        {
            var count = await ListCountAsync(browser, figure.Href);
            if (count != figure.Value)
            {
                failures.Add($"{who}: {figure.Label} shows {figure.Value} but {figure.Href} lists {count}");
            }
        }
        foreach (var same in figures.GroupBy(f => f.Href).Where(g => g.Select(f => f.Value).Distinct().Count() > 1))
        {
            failures.Add($"{who}: {same.Key} is linked from different figures {string.Join(", ", same.Select(f => f.Value))}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_figure_on_the_overview_of_every_demo_round_equals_the_number_of_rows_on_the_list_it_links_to()
    {
        var chef = await SignedInAsync(DemoUsers.DirectorOfEducation);
        foreach (var (id, name) in await RoundsAsync())
        {
            var page = await chef.GetPageAsync($"/oversikt?omgang={S(id)}");
            Assert.Contains(name, page.QuerySelector("p.lead")!.TextContent, StringComparison.Ordinal);
            await AssertFiguresEqualTheirListsAsync(chef, page, name);
        }
    }

    private static int Figure(IHtmlDocument page, string labelEnd) =>
        Figures(page).First(f => f.Label.EndsWith(labelEnd, StringComparison.Ordinal)).Value;

    private Task<int> LiveRoundAsync() => app.WithDbAsync(db => db.FollowUpRounds.Where(r => r.Plan.Key == Halmstad && r.Name == LiveRound).Select(r => r.Id).SingleAsync());

    [Fact]
    public async Task The_forvaltningschef_sees_the_live_rounds_report_states_as_counted_in_the_database()
    {
        var live = await LiveRoundAsync();
        var expected = await app.WithDbAsync(db => db.FollowUpReports.Where(r => r.RoundId == live).GroupBy(r => r.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        var initiatives = await app.WithDbAsync(db => db.Initiatives.CountAsync(i => i.Plan.Key == Halmstad && !i.IsArchived));
        var chef = await SignedInAsync(DemoUsers.DirectorOfEducation);

        var page = await chef.GetPageAsync("/oversikt");

        Assert.Contains(LiveRound, page.QuerySelector("p.lead")!.TextContent, StringComparison.Ordinal); // the default: the latest round
        Assert.Equal(initiatives, Figure(page, "insatser totalt"));
        Assert.Equal(expected.Values.Sum(), Figure(page, "rapporter totalt"));
        foreach (var (status, label) in new[] { (ReportStatus.NotStarted, "ej påbörjad"), (ReportStatus.Draft, "utkast"), (ReportStatus.Submitted, "inskickad"), (ReportStatus.Returned, "återsänd"), (ReportStatus.Approved, "godkänd") })
        {
            Assert.Equal(expected.GetValueOrDefault(status), Figure(page, "rapporter " + label));
        }
        Assert.Equal(expected.GetValueOrDefault(ReportStatus.NotStarted) + expected.GetValueOrDefault(ReportStatus.Draft) + expected.GetValueOrDefault(ReportStatus.Returned),
            Figure(page, "rapporter saknas"));
    }

    [Fact]
    public async Task The_overdue_reports_of_a_round_past_its_deadline_are_listed_by_insats_and_responsible()
    {
        var late = await app.WithDbAsync(db => db.FollowUpRounds.Where(r => r.Plan.Key == Halmstad && r.Name == "Delårsrapport 1 2021").Select(r => r.Id).SingleAsync());
        var open = await app.WithDbAsync(db => db.FollowUpReports.CountAsync(r => r.RoundId == late
            && (r.Status == ReportStatus.NotStarted || r.Status == ReportStatus.Draft || r.Status == ReportStatus.Returned)));
        var chef = await SignedInAsync(DemoUsers.DirectorOfEducation);

        var page = await chef.GetPageAsync($"/oversikt?omgang={S(late)}");

        // The overview lists the first of them; the rest are one click away, on the paged list behind the figure.
        var rows = page.QuerySelectorAll("#forsenade-rapporter tbody tr").ToList();
        var shown = Insatsportal.Web.Features.Dashboard.OverviewQueries.OverdueShown;
        Assert.True(open > shown, $"the demo round should have more overdue reports ({open}) than the overview lists");
        Assert.Equal(shown, rows.Count);
        Assert.Equal(open, Figure(page, "rapporter försenad"));
        Assert.All(rows, r => Assert.NotEqual("–", r.QuerySelectorAll("td")[1].TextContent.Trim()));
        var all = page.QuerySelectorAll("main a").Single(a => a.TextContent.Trim() == $"Alla {S(open)} försenade rapporter");
        var list = await chef.GetPageAsync(all.GetAttribute("href")!);
        Assert.StartsWith($"{S(open)} rapporter", list.QuerySelector("#antal")!.TextContent, StringComparison.Ordinal);
        var listed = list.QuerySelectorAll("table.overview-list tbody tr").ToList();
        Assert.Equal(Math.Min(open, Insatsportal.Web.Features.Dashboard.OverviewLists.PageSize), listed.Count);
        Assert.Contains(rows.Concat(listed), r => r.TextContent.Contains("Maria Nilsson, rektor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_goal_and_a_unit_filter_narrow_every_figure_and_the_lists_behind_them()
    {
        var goal = await app.WithDbAsync(db => db.Goals.Where(g => g.Plan.Key == Halmstad).OrderBy(g => g.SortOrder).Select(g => new { g.Id, Count = g.Initiatives.Count(i => !i.IsArchived) }).FirstAsync());
        var live = await LiveRoundAsync();
        var unit = await app.WithDbAsync(db => db.Units.Where(u => u.Key == "sondrumsskolan").Select(u => u.Id).SingleAsync());
        var unitReports = await app.WithDbAsync(db => db.FollowUpReports.CountAsync(r => r.RoundId == live && r.UnitId == unit));
        var chef = await SignedInAsync(DemoUsers.DirectorOfEducation);

        var byGoal = await chef.GetPageAsync($"/oversikt?mal={S(goal.Id)}");
        var byUnit = await chef.GetPageAsync($"/oversikt?enhet={S(unit)}");

        Assert.Single(byGoal.QuerySelectorAll("#status-per-mal tbody tr"));
        Assert.Equal(goal.Count, Figure(byGoal, "insatser totalt"));
        Assert.Equal(unitReports, Figure(byUnit, "rapporter totalt"));
        Assert.Equal(["Söndrumsskolan"], byUnit.QuerySelectorAll("#enhetsmatris tbody th").Select(h => h.TextContent.Trim()));
        await AssertFiguresEqualTheirListsAsync(chef, byUnit, "Söndrumsskolan");
    }

    [Fact]
    public async Task The_units_table_counts_reports_per_department_and_goal_and_a_department_leads_to_its_units()
    {
        var live = await LiveRoundAsync();
        var school = await app.WithDbAsync(async db => await db.Departments.Where(d => d.Key == "grundskola").Select(d => new
        {
            d.Id, d.Name,
            Units = db.Units.Where(u => u.DepartmentId == d.Id).Select(u => u.Name).ToList(),
            Reports = db.FollowUpReports.Count(r => r.RoundId == live && r.Unit!.DepartmentId == d.Id),
        }).SingleAsync());
        var chef = await SignedInAsync(DemoUsers.DirectorOfEducation);

        var page = await chef.GetPageAsync("/oversikt");
        var row = page.QuerySelectorAll("#enhetsmatris tbody tr").Single(r => r.QuerySelector("th")!.TextContent.Trim() == school.Name);
        var cells = row.QuerySelectorAll("td");
        var totals = cells[^1].QuerySelectorAll("a.figure");
        Assert.Equal(school.Reports, int.Parse(totals[^1].TextContent, CultureInfo.InvariantCulture));
        Assert.Equal(page.QuerySelectorAll("#enhetsmatris thead th").Length, row.Children.Length);

        var units = await chef.GetPageAsync(row.QuerySelector("th a")!.GetAttribute("href")!);
        Assert.Contains("enheterna i " + school.Name, units.QuerySelector("p.lead")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Enhet", units.QuerySelector("#enhetsmatris thead th")!.TextContent.Trim());
        var names = units.QuerySelectorAll("#enhetsmatris tbody th").Select(h => h.TextContent.Trim()).ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Contains(n, school.Units));
        Assert.Equal(school.Reports, Figure(units, "rapporter totalt"));
        await AssertFiguresEqualTheirListsAsync(chef, units, school.Name);
    }

    [Fact]
    public async Task An_avdelningschef_sees_their_department_by_default_and_the_whole_forvaltning_when_widening()
    {
        var counts = await app.WithDbAsync(async db =>
        {
            var initiatives = db.Initiatives.Where(i => i.Plan.Key == Halmstad && !i.IsArchived);
            return (Own: await initiatives.CountAsync(i => i.Responsible.Any(r => r.Department!.Key == "kvalitet")), All: await initiatives.CountAsync());
        });
        var live = await LiveRoundAsync();
        var allReports = await app.WithDbAsync(db => db.FollowUpReports.CountAsync(r => r.RoundId == live));
        var chef = await SignedInAsync(DemoUsers.DepartmentHead);

        var own = await chef.GetPageAsync("/oversikt");
        var all = await chef.GetPageAsync("/oversikt?avdelning=alla");

        Assert.Equal("Kvalitetsavdelningen (din)", ((IHtmlSelectElement)own.QuerySelector("#filter-department")!).SelectedOptions[0].TextContent);
        Assert.Contains("Kvalitetsavdelningen", own.QuerySelector("p.lead")!.TextContent, StringComparison.Ordinal);
        Assert.True(counts.Own > 0 && counts.Own < counts.All);
        Assert.Equal(counts.Own, Figure(own, "insatser totalt"));
        Assert.Equal(counts.All, Figure(all, "insatser totalt"));
        Assert.Equal(allReports, Figure(all, "rapporter totalt"));
        Assert.Contains("hela förvaltningen", all.QuerySelector("p.lead")!.TextContent, StringComparison.Ordinal);
        await AssertFiguresEqualTheirListsAsync(chef, own, "avdelningschef");
    }

    [Fact]
    public async Task A_rektor_sees_only_their_own_schools_part_and_cannot_reach_another_schools_figures_by_url()
    {
        var live = await LiveRoundAsync();
        var ids = await app.WithDbAsync(async db => (
            Sondrum: await db.Units.Where(u => u.Key == "sondrumsskolan").Select(u => u.Id).SingleAsync(),
            Own: await db.FollowUpReports.CountAsync(r => r.RoundId == live && (r.Unit!.Key == "vallasskolan" || r.Unit.Key == "vallasskolans-fritidshem")),
            OtherOrgRound: await db.FollowUpRounds.Where(r => r.Plan.Organisation.Key != "halmstad-buf").Select(r => (int?)r.Id).FirstOrDefaultAsync()));
        var rektor = await SignedInAsync(DemoUsers.Principal);
        string[] own = ["Vallåsskolan", "Vallåsskolans fritidshem"];

        var page = await rektor.GetPageAsync("/oversikt");
        Assert.Equal(ids.Own, Figure(page, "rapporter totalt"));
        Assert.NotEmpty(page.QuerySelectorAll("#enhetsmatris tbody th"));
        Assert.All(page.QuerySelectorAll("#enhetsmatris tbody th"), h => Assert.Contains(h.TextContent.Trim(), own));
        await AssertFiguresEqualTheirListsAsync(rektor, page, "rektor");

        foreach (var url in new[]
        {
            $"/oversikt?enhet={S(ids.Sondrum)}", $"/oversikt?enhet={S(ids.Sondrum)}&avdelning=alla",
            $"/oversikt/rapporter?omgang={S(live)}&enhet={S(ids.Sondrum)}", $"/oversikt/insatser?omgang={S(live)}&enhet={S(ids.Sondrum)}&avdelning=alla",
            $"/oversikt/sedan-forra?omgang={S(live)}&enhet={S(ids.Sondrum)}",
        })
        {
            var other = await rektor.GetPageAsync(url);
            var main = other.QuerySelector("main")!;
            Assert.DoesNotContain("Söndrumsskolan", main.QuerySelector("table")?.TextContent ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain("Söndrumsskolan", main.QuerySelector("p.lead")!.TextContent, StringComparison.Ordinal);
            Assert.Contains("Enheten är inte din", main.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain(other.QuerySelectorAll("select[name=enhet] option"), o => o.TextContent == "Söndrumsskolan");
        }
        var list = await rektor.GetPageAsync($"/oversikt/rapporter?omgang={S(live)}&enhet={S(ids.Sondrum)}");
        Assert.Equal(ids.Own, list.QuerySelectorAll("table.overview-list tbody tr").Length);
        Assert.All(list.QuerySelectorAll("table.overview-list tbody tr td:first-child"), c => Assert.Contains(c.TextContent.Trim(), own));
        if (ids.OtherOrgRound is { } otherRound)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await rektor.GetAsync($"/oversikt/rapporter?omgang={S(otherRound)}")).StatusCode);
        }
    }

    [Fact]
    public async Task The_overview_shows_no_stray_template_braces()
    {
        var chef = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var page = await chef.GetPageAsync("/oversikt");

        // A bare C# block in the markup was once rendered as the text "{ }" above the status table.
        Assert.DoesNotContain("{", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_charts_are_inline_svg_images_with_a_text_alternative_and_no_inline_style_or_script()
    {
        var chef = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var response = await chef.GetAsync("/oversikt");
        var html = await response.Content.ReadAsStringAsync();
        var page = await Browser.ParseAsync(new HttpResponseMessage { Content = new StringContent(html) });

        var charts = page.QuerySelectorAll("main svg").ToList();
        Assert.True(charts.Count >= 3, $"expected charts, found {charts.Count}");
        Assert.All(charts, svg =>
        {
            Assert.Equal("img", svg.GetAttribute("role"));
            Assert.False(string.IsNullOrWhiteSpace(svg.GetAttribute("aria-label")));
            Assert.NotNull(svg.QuerySelector("title"));
        });
        Assert.Empty(page.QuerySelectorAll("[style], style, script"));
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.All(page.QuerySelectorAll("main table.figures"), t => Assert.NotNull(t.QuerySelector("caption")));
        Assert.Single(page.QuerySelectorAll("h1"));
    }

    [Fact]
    public async Task The_overview_sends_the_same_number_of_sql_commands_for_three_insatser_and_for_sixty()
    {
        var (planId, roundId) = await app.WithDbAsync(async db =>
        {
            var org = await db.Organisations.SingleAsync(o => o.Key == "halmstad-buf");
            var units = await db.Units.Where(u => u.OrganisationId == org.Id).OrderBy(u => u.Id).Take(3).ToListAsync();
            // An older plan, so that it is not the förvaltning's default for the other tests.
            var plan = new Plan { Organisation = org, Key = "sql-raknare", Name = "Räkneplan 2010", Status = PlanStatus.Adopted, PeriodStart = new(2010, 1, 1), PeriodEnd = new(2010, 12, 31) };
            var goal = new Goal { Plan = plan, Key = "mal", Title = "Räknemålet" };
            db.AddRange(Enumerable.Range(0, 3).Select(k => Generated(plan, goal, k, units)));
            await db.SaveChangesAsync();
            using var scope = app.Services.CreateScope();
            var round = await scope.ServiceProvider.GetRequiredService<RoundCommands>()
                .OpenAsync(plan.Id, "Räkneomgång", FollowUpOccasionKind.InterimReport, new(2010, 3, 1), new(2010, 4, 1), null, default);
            return (plan.Id, round.Id);
        });
        var chef = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var url = $"/oversikt?plan={S(planId)}&omgang={S(roundId)}";
        await chef.GetPageAsync(url);
        app.Commands.Reset();
        var small = await chef.GetPageAsync(url);
        var few = app.Commands.Count;

        await app.WithDbAsync(async db =>
        {
            var plan = await db.Plans.Include(p => p.Goals).SingleAsync(p => p.Id == planId);
            var units = await db.Units.Where(u => u.OrganisationId == plan.OrganisationId).OrderBy(u => u.Id).Take(3).ToListAsync();
            db.AddRange(Enumerable.Range(3, 57).Select(k => Generated(plan, plan.Goals[0], k, units)));
            await db.SaveChangesAsync();
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<RoundCommands>().AddMissingAsync(roundId, default);
            foreach (var report in await db.FollowUpReports.Where(r => r.RoundId == roundId).Include(r => r.Effects).ToListAsync())
            {
                report.Status = report.Id % 3 == 0 ? ReportStatus.Approved : ReportStatus.Draft;
                report.Implementation = ImplementationStatus.Done;
                report.SubmittedAt = DateTime.UtcNow;
                report.Effects.ForEach(e => (e.Judgement, e.MeasuredValue) = (EffectJudgement.Visible, 42m));
            }
            await db.SaveChangesAsync();
        });
        // As for the small plan: a first request fills what the app keeps per user (the menu's count, which the
        // round's new reports made it forget), the second is the one counted.
        await chef.GetPageAsync(url);
        app.Commands.Reset();
        var large = await chef.GetPageAsync(url);
        var many = app.Commands.Count;

        Assert.Equal(3, Figure(small, "insatser totalt"));
        Assert.Equal(60, Figure(large, "insatser totalt"));
        Assert.Equal(60, large.QuerySelectorAll("#senast-uppfoljd tbody a.figure").Sum(a => int.Parse(a.TextContent.Trim(), CultureInfo.InvariantCulture)));
        // The indicators: the first rows on the overview, all of them paged behind a link.
        Assert.Equal(Insatsportal.Web.Features.Dashboard.OverviewQueries.IndicatorsShown, large.QuerySelectorAll("#indikatorer tbody tr").Length);
        var indicators = await chef.GetPageAsync(large.QuerySelectorAll("main a").Single(a => a.TextContent.Trim() == "Alla 60 indikatorer").GetAttribute("href")!);
        Assert.StartsWith("60 indikatorer, sida 1 av 2", indicators.QuerySelector("#antal")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Insatsportal.Web.Features.Dashboard.OverviewQueries.IndicatorPageSize, indicators.QuerySelectorAll("#indikatorer tbody tr").Length);
        Assert.Contains(indicators.QuerySelectorAll("#indikatorer tbody td"), c => c.TextContent.Trim() == "42");
        Assert.NotNull(indicators.QuerySelector("nav.pager[aria-label=Sidor] a[rel=next]"));
        Assert.True(few == many, $"3 insatser took {few} SQL commands, 60 took {many}:\n{string.Join("\n---\n", app.Commands.Texts)}");
        Assert.True(many <= 15, $"the overview took {many} SQL commands");
    }

    private static Initiative Generated(Plan plan, Goal goal, int k, List<Unit> units) => new()
    {
        Plan = plan, Goal = goal, Key = $"r{k}", SortOrder = k, Title = $"Räkneinsats {k}", Status = (InitiativeStatus)(k % 5),
        TargetedUnits = units.Take(k % 4).Select(u => new InitiativeUnit { Unit = u }).ToList(),
        ExpectedEffects = [new ExpectedEffect { Text = "Fler når målen", IndicatorName = "Andel", IndicatorUnit = "procent", IndicatorBaseline = 50, IndicatorTarget = 70 }],
    };
}
