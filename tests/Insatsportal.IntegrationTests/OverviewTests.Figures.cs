using System.Globalization;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>The figures against their lists and the database: report states, overdue reports, filters and the
/// units table.</summary>
public sealed partial class OverviewTests
{
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
}
