using AngleSharp.Html.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>Sort orders, later pages, and pager links that keep the filters.</summary>
public sealed partial class InitiativeSearchTests
{
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
}
