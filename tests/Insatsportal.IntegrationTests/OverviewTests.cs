using System.Globalization;
using AngleSharp.Html.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>/oversikt on the seeded demo rounds (seeds/demo/rounds.json): figures, the lists behind them,
/// filters and scope per role. Read only, so the tests share one app.</summary>
public sealed partial class OverviewTests(OverviewTests.Factory app) : IClassFixture<OverviewTests.Factory>
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

    private static int Figure(IHtmlDocument page, string labelEnd) =>
        Figures(page).First(f => f.Label.EndsWith(labelEnd, StringComparison.Ordinal)).Value;

    private Task<int> LiveRoundAsync() => app.WithDbAsync(db => db.FollowUpRounds.Where(r => r.Plan.Key == Halmstad && r.Name == LiveRound).Select(r => r.Id).SingleAsync());
}
