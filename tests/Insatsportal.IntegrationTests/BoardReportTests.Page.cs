using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>The printable page: its parts, its print stylesheet, and an open round's preliminary underlag.</summary>
public partial class BoardReportTests
{
    [Fact]
    public async Task The_printable_page_has_a_cover_contents_a_summary_and_a_section_per_goal_and_per_insats()
    {
        var id = await RoundIdAsync(app, ClosedRound);
        var reports = await ReportsAsync(app, id);
        var browser = await SignedInAsync(app, DemoUsers.DirectorOfEducation);

        var page = await browser.GetPageAsync($"/omgangar/{S(id)}/namndunderlag");

        var report = page.QuerySelector("article.board-report")!;
        Assert.Equal(ClosedRound, Assert.Single(page.QuerySelectorAll("h1")).TextContent);
        var cover = report.QuerySelector(".br-cover")!.TextContent;
        Assert.Contains("Underlag till nämnden", cover, StringComparison.Ordinal);
        Assert.Contains("Utvecklingsplan 2020", cover, StringComparison.Ordinal);
        Assert.Contains("Barn- och ungdomsförvaltningen", cover, StringComparison.Ordinal);
        Assert.Contains("Omgången stängdes", cover, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("link[rel=stylesheet][href^='/css/print.css']"));

        // One section per goal in the round (the insatser under no goal last, as "Övergripande insatser"), one per insats.
        var goals = reports.Select(r => r.Goal).Distinct().ToList();
        var goalHeadings = report.QuerySelectorAll("section.br-goal > h2").Select(h => h.TextContent).ToList();
        Assert.Equal(goals.Count, goalHeadings.Count);
        Assert.StartsWith("Mål 1: En utvecklad undervisning", goalHeadings[0], StringComparison.Ordinal);
        if (goals.Contains(null))
        {
            Assert.Equal("Övergripande insatser", goalHeadings[^1]);
        }
        var initiatives = reports.Where(r => r.UnitId == null).ToList();
        var sections = report.QuerySelectorAll("section.br-initiative").ToList();
        Assert.Equal(initiatives.Select(r => r.Title).Order(StringComparer.Ordinal),
            sections.Select(s => s.QuerySelector("h3")!.TextContent).Order(StringComparer.Ordinal));

        // Every link in the contents leads to a heading on the page: the summary, each goal and each insats.
        var links = report.QuerySelectorAll(".br-toc a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(1 + goals.Count + initiatives.Count, links.Count);
        Assert.All(links, href => Assert.NotNull(page.GetElementById(href.TrimStart('#'))));

        // The round's assessment of an approved insats, with its effects and the units' reports in short.
        var approved = initiatives.First(r => r.Status == ReportStatus.Approved && r.OverallAssessment is not null);
        var section = page.GetElementById($"insats-{S(approved.InitiativeId)}")!;
        Assert.Contains(approved.OverallAssessment!.Split('\n')[0], section.TextContent, StringComparison.Ordinal);
        Assert.Contains("Godkänd", section.QuerySelector(".br-facts")!.TextContent, StringComparison.Ordinal);
        var underlag = page.GetElementById($"insats-{S(await InitiativeIdAsync("underlag-undersokande"))}")!;
        var effects = underlag.QuerySelector("table.br-effects")!;
        Assert.Equal(["Förväntad effekt", "Bedömning", "Underlag"], effects.QuerySelectorAll("thead th").Select(th => th.TextContent));
        Assert.Contains("Rektorerna på pilotskolorna har vid två avstämningar", effects.TextContent, StringComparison.Ordinal);
        Assert.Contains("Delvis synlig", effects.TextContent, StringComparison.Ordinal);
        var withUnits = initiatives.First(i => reports.Any(r => r.InitiativeId == i.InitiativeId && r.UnitId != null));
        var units = page.GetElementById($"insats-{S(withUnits.InitiativeId)}")!.QuerySelector("table.br-units")!;
        Assert.Equal(reports.Count(r => r.InitiativeId == withUnits.InitiativeId && r.UnitId != null), units.QuerySelectorAll("tbody tr").Length);

        // The summary table has a row per goal and a total that counts every insats and every report.
        var total = report.QuerySelectorAll(".br-summary table:not(.br-effects-summary) tfoot td").Select(td => td.TextContent).ToList();
        Assert.Equal(S(initiatives.Count), total[0]);
        Assert.Equal(S(reports.Count), total[^3]);
        Assert.Equal(goals.Count, report.QuerySelectorAll(".br-summary table:not(.br-effects-summary) tbody tr").Length);
        // And the expected effects per goal by judgement, as in the Word document.
        var effectSummary = report.QuerySelector(".br-summary table.br-effects-summary")!;
        Assert.Equal(["Mål", "Synlig", "Delvis synlig", "Ännu inte synlig", "Kan inte bedömas", "Ej bedömd", "Totalt"],
            effectSummary.QuerySelectorAll("thead th").Select(th => th.TextContent));
        Assert.Equal(goals.Count, effectSummary.QuerySelectorAll("tbody tr").Length);
        var effectCount = await app.WithDbAsync(db => db.ReportEffects.CountAsync(e => e.Report.RoundId == id && e.Report.UnitId == null));
        Assert.Equal(S(effectCount), effectSummary.QuerySelectorAll("tfoot td")[^1].TextContent);
    }

    [Fact]
    public async Task The_print_stylesheet_starts_each_goal_on_a_new_page_hides_the_navigation_and_keeps_table_rows_whole()
    {
        var browser = await SignedInAsync(app, DemoUsers.DirectorOfEducation);

        var css = await browser.GetStringAsync("/css/print.css");

        var print = css[css.IndexOf("@media print", StringComparison.Ordinal)..];
        Assert.Matches(@"\.br-goal \{[^}]*break-before: page", print);
        Assert.Matches(@"\.site-header[^{]*\{[^}]*display: none", print);
        Assert.Matches(@"\.table thead \{[^}]*display: table-header-group", print);
        Assert.Matches(@"\.table tr[^{]*\{[^}]*break-inside: avoid", print);
    }

    [Fact]
    public async Task An_open_rounds_underlag_is_preliminary_and_leaves_out_what_is_not_yet_submitted()
    {
        var id = await RoundIdAsync(app, LiveRound);
        var browser = await SignedInAsync(app, DemoUsers.DepartmentHead);

        var page = await browser.GetPageAsync($"/omgangar/{S(id)}/namndunderlag");

        var main = page.QuerySelector("main")!.TextContent;
        Assert.Contains("Preliminärt underlag", main, StringComparison.Ordinal);
        // Vallåsskolan's draft in the live round says this; a draft is not an answer yet.
        Assert.DoesNotContain("Arbetet fortsätter och lärarna är nöjda.", main, StringComparison.Ordinal);
        Assert.Contains("Utkast", main, StringComparison.Ordinal);
    }

    private Task<int> InitiativeIdAsync(string key) => app.WithDbAsync(db =>
        db.Initiatives.Where(i => i.Key == key && i.Plan.Key == Halmstad).Select(i => i.Id).SingleAsync());
}
