using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>The real plans, as a new user meets them on first start.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class SeededPlanTests(AppFactory app)
{
    private static readonly (string Goal, string[] Initiatives)[] Halmstad =
    [
        ("I Halmstads förskolor, skolor och fritidshem ska måluppfyllelsen öka genom en utvecklad undervisning",
        [
            "Underlag som stödjer ett undersökande av utbildningens kvalitet",
            "Ett systematiskt kvalitetsarbete som fokuserar undervisningens kvalitet",
            "Riktade insatser genom stöd till lokalt kapacitetsbyggande",
            "Skolutvecklingsprocess för utvecklad undervisning i matematik",
            "Utvecklad undervisning i svenska som andraspråk",
            "Utvecklad undervisning med hjälp av utomhuspedagogik",
        ]),
        ("I Halmstads förskolor, skolor och fritidshem ska alla barn och elever få likvärdiga förutsättningar till en bra start i livet",
        [
            "Tillgängliga lärmiljöer",
            "Samverkan kring barn och elever med stort stödbehov",
            "Riktning och gränssnitt för barn- och elevhälsa",
            "Bryta skolsegregationen",
            "Tillgång till god utbildning i förskolan för flerspråkiga barn",
            "Effektiv resursanvändning och utveckling av administrationens roll som stöd till utbildningen",
        ]),
        ("I Halmstads förskolor, skolor och fritidshem har barn och elever ett reellt inflytande och förbereds till att bli aktiva, demokratiska världsmedborgare",
        [
            "Stöd till förskolor och skolor att utveckla arbetet med barn- och elevinflytande",
            "Barn- och elevhearings",
        ]),
        ("I Halmstad utbildas barn och elever av kompetenta och engagerade medarbetare som ges möjlighet att utvecklas i sin profession",
        [
            "Operativa insatser för kompetensförsörjning",
            "Ledarförsörjning",
        ]),
    ];

    private Task<int> HalmstadPlanId() =>
        app.WithDbAsync(db => db.Plans.Where(p => p.Key == "halmstad-utvecklingsplan-2020-2021").Select(p => p.Id).SingleAsync());

    [Fact]
    public async Task Halmstad_plan_has_its_four_goals_with_the_right_insatser_in_order_and_one_overarching()
    {
        var planId = await HalmstadPlanId();

        var goals = await app.WithDbAsync(db => db.Goals.Where(g => g.PlanId == planId).OrderBy(g => g.SortOrder)
            .Select(g => new { g.Title, Initiatives = g.Initiatives.OrderBy(i => i.SortOrder).Select(i => i.Title).ToList() })
            .ToListAsync());
        var overarching = await app.WithDbAsync(db => db.Initiatives.Where(i => i.PlanId == planId && i.GoalId == null)
            .Select(i => i.Title).ToListAsync());

        Assert.Equal(Halmstad.Select(h => h.Goal), goals.Select(g => g.Title));
        for (var i = 0; i < Halmstad.Length; i++)
        {
            Assert.Equal(Halmstad[i].Initiatives, goals[i].Initiatives);
        }
        Assert.Equal(["En barn- och ungdomsförvaltning i framtidens välfärd"], overarching);
        Assert.Equal(17, goals.Sum(g => g.Initiatives.Count) + overarching.Count);
    }

    [Fact]
    public async Task Halmstad_plan_page_lists_goals_and_insatser_in_document_order()
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.Principal);

        var page = await browser.GetPageAsync($"/planer/{await HalmstadPlanId()}");

        Assert.Equal("Utvecklingsplan 2020–2021", page.QuerySelector("h1")!.TextContent);
        var toc = page.QuerySelectorAll("ol.toc > li").ToList();
        Assert.Equal(5, toc.Count);
        for (var i = 0; i < Halmstad.Length; i++)
        {
            Assert.StartsWith(Halmstad[i].Goal, toc[i].TextContent.Trim(), StringComparison.Ordinal);
            Assert.Equal(Halmstad[i].Initiatives, toc[i].QuerySelectorAll(":scope > ol > li > a").Select(a => a.TextContent.Trim()));
        }
        Assert.StartsWith("Övergripande insatser", toc[4].TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("Delårsrapport", page.QuerySelector("dl.facts")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insats_page_shows_its_numbered_rows_and_responsible_entries_by_part()
    {
        var id = await app.WithDbAsync(db => db.Initiatives.Where(i => i.Key == "systematiskt-kvalitetsarbete").Select(i => i.Id).SingleAsync());
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.Official);

        var page = await browser.GetPageAsync($"/insatser/{id}");

        Assert.Equal("Ett systematiskt kvalitetsarbete som fokuserar undervisningens kvalitet", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("Kvalitetsdialoger som fokuserar undervisningens kvalitet", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var responsible = page.QuerySelectorAll("dl.facts ul.plain li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(3, responsible.Count);
        Assert.StartsWith("Skolområdeschefer (för 1.)", responsible[0], StringComparison.Ordinal);
        Assert.StartsWith("Förvaltningschef (för 2.)", responsible[1], StringComparison.Ordinal);
        Assert.StartsWith("Avdelningschef Kvalitet (för 3.)", responsible[2], StringComparison.Ordinal);

        var headers = page.QuerySelectorAll("table.numbered thead th").Select(th => th.TextContent).ToList();
        Assert.Equal(["Del", "Insats/när", "Uppföljning/när", "Förväntad effekt", "Resurser"], headers);
        var rows = page.QuerySelectorAll("table.numbered tbody tr").ToList();
        Assert.Equal(["1.", "2.", "3."], rows.Take(3).Select(r => r.QuerySelector("th")!.TextContent));
        var third = rows[2].QuerySelectorAll("td").Select(td => td.TextContent).ToList();
        Assert.Contains("Kvalitetschef ansvarar för att skapa en systematik", third[0], StringComparison.Ordinal);
        Assert.Contains("lägesbedömning", third[1], StringComparison.Ordinal);
        Assert.Contains("fördjupade kunskaper", third[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_seeded_insats_page_renders_for_a_principal()
    {
        var ids = await app.WithDbAsync(db => db.Initiatives.Where(i => i.Plan.Status != PlanStatus.Draft).Select(i => i.Id).ToListAsync());
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.Principal);

        foreach (var id in ids)
        {
            var page = await browser.GetPageAsync($"/insatser/{id}");
            Assert.Single(page.QuerySelectorAll("h1"));
        }
        Assert.True(ids.Count > 40, $"expected the five documents' insatser, found {ids.Count}");
    }

    [Fact]
    public async Task All_five_source_documents_are_seeded_with_their_own_structure()
    {
        var plans = await app.WithDbAsync(db => db.Plans.Select(p => new
        {
            p.Key, p.Organisation.Municipality,
            Initiatives = p.Initiatives.Count, Goals = p.Goals.Count, Themes = p.Themes.Count,
            Partners = p.Initiatives.SelectMany(i => i.Partners).Count(),
            Notes = p.Initiatives.SelectMany(i => i.Notes).Count(),
            Numbered = p.Initiatives.Count(i => i.Number != null && EF.Functions.Like(i.Origin, "Hållbarhetskommissionen%")),
        }).ToDictionaryAsync(p => p.Key));

        Assert.Equal("Halmstads kommun", plans["halmstad-utvecklingsplan-2020-2021"].Municipality);
        Assert.Equal(4, plans["halmstad-utvecklingsplan-2020-2021"].Goals);
        Assert.True(plans["stockholm-utvecklingsplan-2008-2010"].Themes > 10, "prioriterade områden and headings");
        Assert.True(plans["stockholm-utvecklingsplan-2008-2010"].Initiatives > 5);
        Assert.True(plans["stockholm-hallbarhetskommissionen"].Numbered > 5, "åtgärder keep their numbering and origin");
        Assert.True(plans["stockholm-samverkan-kf-budget"].Partners > 5, "samverkan insatser name their partners");
        Assert.True(plans["stockholm-sarskilda-satsningar-2016"].Notes > 3, "the 2016 follow-up is held as dated notes");
    }

    [Fact]
    public async Task Groups_page_shows_styrgrupper_with_their_working_groups()
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DepartmentHead);

        var page = await browser.GetPageAsync("/grupper");

        var steering = page.QuerySelectorAll("article.card").Single(a => a.QuerySelector("h3")!.TextContent.Contains("En utvecklad undervisning", StringComparison.Ordinal));
        var working = steering.QuerySelectorAll("tbody th").Select(th => th.TextContent).ToList();
        Assert.Contains("SKA", working);
        Assert.Contains("Matematik - högstadiet", working.Select(w => w.Replace('–', '-')));
    }

    [Fact]
    public async Task The_app_database_runs_in_WAL_mode()
    {
        var mode = await app.WithDbAsync(db => db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync());

        Assert.Equal("wal", mode.Single());
    }
}
