using AngleSharp.Html.Dom;
using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>What an avdelningschef and a rektor see, and what a rektor cannot reach by URL.</summary>
public sealed partial class OverviewTests
{
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
}
