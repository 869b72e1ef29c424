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

    /// <summary>Counts per level, per document, as seeds/plans/*.json hold them (the shared app's tests only read,
    /// so these are the seeded rows). A change here is a change to a seed file, and must be one on purpose.</summary>
    public static TheoryData<string, int[]> DocumentCounts => new()
    {
        // goals, themes, insatser, responsible, activities, follow-ups, effects, resources, partners, notes
        { "halmstad-utvecklingsplan-2020-2021", [4, 0, 17, 27, 37, 29, 39, 35, 8, 0] },
        { "stockholm-hallbarhetskommissionen", [0, 5, 16, 33, 0, 0, 0, 0, 16, 0] },
        { "stockholm-samverkan-kf-budget", [0, 11, 28, 30, 0, 0, 0, 0, 21, 0] },
        { "stockholm-sarskilda-satsningar-2016", [0, 4, 18, 18, 0, 0, 6, 0, 5, 18] },
        { "stockholm-utvecklingsplan-2008-2010", [0, 18, 20, 47, 11, 0, 0, 0, 5, 0] },
    };

    [Theory]
    [MemberData(nameof(DocumentCounts))]
    public async Task Each_source_document_is_seeded_with_exactly_its_items_at_every_level(string plan, int[] expected)
    {
        var counts = await app.WithDbAsync(db => db.Plans.Where(p => p.Key == plan).Select(p => new[]
        {
            p.Goals.Count, p.Themes.Count, p.Initiatives.Count,
            p.Initiatives.SelectMany(i => i.Responsible).Count(), p.Initiatives.SelectMany(i => i.Activities).Count(),
            p.Initiatives.SelectMany(i => i.FollowUpPlan).Count(), p.Initiatives.SelectMany(i => i.ExpectedEffects).Count(),
            p.Initiatives.SelectMany(i => i.Resources).Count(), p.Initiatives.SelectMany(i => i.Partners).Count(),
            p.Initiatives.SelectMany(i => i.Notes).Count(),
        }).SingleAsync());

        Assert.Equal(expected, counts);
    }

    [Fact]
    public async Task The_plans_carry_their_documents_own_titles()
    {
        var names = await app.WithDbAsync(db => db.Plans.Where(p => p.Key.StartsWith("halmstad-") || p.Key.StartsWith("stockholm-"))
            .ToDictionaryAsync(p => p.Key, p => p.Name));

        Assert.Equal("Utvecklingsplan 2020–2021", names["halmstad-utvecklingsplan-2020-2021"]);
        Assert.Equal("Hållbarhetskommissionens rekommendationer och åtgärder", names["stockholm-hallbarhetskommissionen"]);
        Assert.Equal("Om samverkan med mera utifrån direktiv i kommunfullmäktiges budget", names["stockholm-samverkan-kf-budget"]);
        Assert.Equal("Uppföljning av särskilda satsningar 2016", names["stockholm-sarskilda-satsningar-2016"]);
    }

    /// <summary>Passages of the two OCR-damaged documents ("ar" for "är", "6ka" for "öka", "&amp;mnen" for "ämnen"),
    /// verbatim as repaired in the seeds.</summary>
    [Fact]
    public async Task Repaired_OCR_passages_read_in_correct_Swedish_word_for_word()
    {
        var texts = await app.WithDbAsync(async db => new
        {
            Plan2008 = await db.Plans.Where(p => p.Key == "stockholm-utvecklingsplan-2008-2010").Select(p => p.Description!).SingleAsync(),
            ItObjective = await db.Initiatives.Where(i => i.Key == "it-struktur").Select(i => i.Objective!).SingleAsync(),
            Plan2016 = await db.Plans.Where(p => p.Key == "stockholm-sarskilda-satsningar-2016").Select(p => p.Description!).SingleAsync(),
            Fokusskolor = await db.Initiatives.Where(i => i.Key == "fokusskolor").SelectMany(i => i.Notes).Select(n => n.Text).SingleAsync(),
        });

        Assert.Contains("Grundskolan behöver förbättra elevernas skolresultat och öka andelen som får betyg i alla ämnen.", texts.Plan2008, StringComparison.Ordinal);
        Assert.Contains("NCM lyfter också fram att ett kompetensutvecklingsprojekt inte bara är ett ämnesinnehåll.", texts.Plan2008, StringComparison.Ordinal);
        Assert.Contains("Förvaltningsgemensamma utvecklingsinsatser, för att öka måluppfyllelsen, tas fram och genomförs inom de prioriterade områdena.", texts.Plan2008, StringComparison.Ordinal);
        Assert.Equal("Målet är att skapa en standardiserad och enhetlig IT-infrastruktur med över tid tekniskt integrerbara samt hållbara IT-tjänster för såväl central administration som skolenheter.", texts.ItObjective);
        Assert.StartsWith("Den största utmaningen för att förbättra betygsresultaten och öka likvärdigheten är att höja resultaten för pojkar på skolor med minst gynnsamma socioekonomiska förutsättningar.", texts.Plan2016, StringComparison.Ordinal);
        const string parallel = "När flera satsningar görs parallellt är det inte självklart att kunna dra några slutsatser om vilken effekt enskilda insatser ger.";
        Assert.Contains(parallel, texts.Plan2016, StringComparison.Ordinal);
        Assert.Contains(parallel, texts.Fokusskolor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_OCR_damage_is_left_in_the_two_scanned_documents()
    {
        var texts = await app.WithDbAsync(async db =>
        {
            var plans = new[] { "stockholm-utvecklingsplan-2008-2010", "stockholm-sarskilda-satsningar-2016" };
            var initiatives = await db.Initiatives.Where(i => plans.Contains(i.Plan.Key))
                .Select(i => new { i.Title, i.Background, i.Purpose, i.Objective, i.TargetGroup, i.Content, Notes = i.Notes.Select(n => n.Text).ToList() })
                .ToListAsync();
            return (await db.Plans.Where(p => plans.Contains(p.Key)).Select(p => p.Description!).ToListAsync())
                .Concat(initiatives.SelectMany(i => new[] { i.Title, i.Background, i.Purpose, i.Objective, i.TargetGroup, i.Content }.Concat(i.Notes)))
                .OfType<string>().ToList();
        });

        Assert.True(texts.Count > 50, $"{texts.Count} texts");
        // The scanner's replacements for å, ä, ö as whole words or digits/ampersands inside words.
        var damage = new System.Text.RegularExpressions.Regex(@"\b(ar|pa|nar|fran|mal|dr)\b|\b6k|&[a-zåäö]|\bfor\b(?! Sweden)", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        Assert.Empty(texts.Where(t => damage.IsMatch(t)).Select(t => damage.Match(t).Value + ": " + t[..Math.Min(80, t.Length)]));
    }

    [Fact]
    public async Task Halmstad_rows_refer_to_the_numbered_parts_the_document_puts_them_in()
    {
        var rows = await app.WithDbAsync(async db =>
        {
            var plan = await HalmstadPlanId();
            return await db.Initiatives.Where(i => i.PlanId == plan).Select(i => new
            {
                i.Key, i.AlternativeTitles,
                Resources = i.Resources.OrderBy(r => r.SortOrder).Select(r => r.RefersTo).ToList(),
                FollowUps = i.FollowUpPlan.OrderBy(f => f.SortOrder).Select(f => f.RefersTo).ToList(),
                Effects = i.ExpectedEffects.OrderBy(e => e.SortOrder).Select(e => new { e.RefersTo, e.Text }).ToList(),
            }).ToDictionaryAsync(i => i.Key);
        });

        Assert.Equal(["1"], rows["svenska-som-andrasprak"].Resources);
        Assert.Equal(["1", "1", "2"], rows["tillgangliga-larmiljoer"].Resources); // "Förvaltningens FoU-avdelning" in row 2
        Assert.Equal(["1"], rows["samverkan-stort-stodbehov"].Resources);
        Assert.Equal(["1", "1"], rows["barn-och-elevhalsa"].Resources);
        Assert.Equal([null, null, "1, 2"], rows["effektiv-resursanvandning"].Resources); // "… förstärker 1 och 2"
        Assert.Equal(["3, 7", null], rows["operativ-kompetensforsorjning"].Resources); // "Lärgrupp fritidshem (3+7)"
        Assert.Equal(["1"], rows["operativ-kompetensforsorjning"].FollowUps); // "Lärarspecialisering …", part 1
        Assert.Equal(["1–2", "3"], rows["flersprakiga-barn-forskolan"].Resources);
        // The table's column label is not part of the effect.
        Assert.StartsWith("Studien kan bidra till ökad kunskap om språkmiljöer", rows["flersprakiga-barn-forskolan"].Effects[2].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(rows.Values.SelectMany(r => r.Effects), e => e.Text.StartsWith("Förväntad effekt", StringComparison.Ordinal));
        // The body's title, where it differs from the table of contents, is kept as an alternative name.
        Assert.Equal(["Skolutvecklingsprocess för utvecklad undervisning matematik"], rows["matematik-skolutveckling"].AlternativeTitles);
        Assert.Equal(["Likvärdig och tillgänglig elevhälsa"], rows["barn-och-elevhalsa"].AlternativeTitles);
    }

    [Fact]
    public async Task Demo_seeding_adds_the_schools_avdelningar_with_the_schools()
    {
        var departments = await app.WithDbAsync(db => db.Departments.Where(d => d.Organisation.Key == "halmstad-buf").Select(d => d.Key).ToListAsync());

        Assert.Contains("grundskola", departments);
        Assert.Contains("forskola", departments);
        Assert.Equal("grundskola", await app.WithDbAsync(db => db.Units.Where(u => u.Key == "vallasskolan").Select(u => u.Department!.Key).SingleAsync()));
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
