using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Kolada;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// Kolada's key figures (issue 17) against a fake Kolada on a loopback port: the app's real HttpClient code fetches
/// from it. Each test makes a plan of its own (period 2020–2021, so figures are shown for 2018–2021) and its own
/// figure ids where values matter, so tests do not depend on each other's order.
/// </summary>
public class KoladaTests(KoladaAppFactory app) : IClassFixture<KoladaAppFactory>
{
    private FakeKolada Kolada => app.Kolada;

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);
        return browser;
    }

    private Task<int> OrganisationAsync(string key = "halmstad-buf") =>
        app.WithDbAsync(db => db.Organisations.Where(o => o.Key == key).Select(o => o.Id).SingleAsync());

    /// <summary>A plan with one goal and one insats with one expected effect; the förvaltning has municipality code 1380.</summary>
    private async Task<(int GoalId, int InitiativeId, int EffectId)> NewPlanAsync(string organisation = TestData.Halmstad)
    {
        await app.WithDbAsync(async db =>
        {
            var org = await db.Organisations.SingleAsync(o => o.Key == organisation);
            org.KoladaMunicipalityId ??= organisation == TestData.Halmstad ? "1380" : "0180";
            await db.SaveChangesAsync();
        });
        var plan = await app.Data.PlanAsync("Plan med nyckeltal", organisation, goals: ["Målet " + Guid.NewGuid().ToString("N")[..6]], configure: p =>
        {
            p.PeriodStart = new(2020, 1, 1);
            p.PeriodEnd = new(2021, 12, 31);
        });
        var initiative = await app.Data.InitiativeAsync(plan.Id, plan.GoalIds[0], "Insatsen", effects: ["Fler elever blir behöriga."]);
        return (plan.GoalIds[0], initiative.Id, initiative.EffectIds[0]);
    }

    /// <summary>A key figure of the test's own in the fake's catalogue, with values for Halmstad and Riket:
    /// 2018 divided by gender, 2019 null ("Missing"), 2020 and 2021 plain — seven items, three pages.</summary>
    private string NewFigure(bool divided = true)
    {
        var id = "X" + Random.Shared.Next(10000, 99999).ToString(CultureInfo.InvariantCulture);
        Kolada.Kpis.Add((id, $"Testtal {id}, andel (%)", divided ? 1 : 0, true));
        Kolada.Data[(id, "1380", 2018)] = [("T", 78.5m, ""), ("K", 81.2m, ""), ("M", 75.9m, "")];
        Kolada.Data[(id, "1380", 2019)] = [("T", null, "Missing")];
        Kolada.Data[(id, "1380", 2020)] = [("T", 80.25m, "")];
        Kolada.Data[(id, "1380", 2021)] = [("T", 82m, "")];
        Kolada.Data[(id, "0000", 2018)] = [("T", 74.1m, "")];
        Kolada.Data[(id, "0000", 2020)] = [("T", 75.3m, "")];
        Kolada.Data[(id, "0000", 2021)] = [("T", 76m, "")];
        return id;
    }

    private static Task<HttpResponseMessage> LinkAsync(HttpClient browser, string page, string action, string text, bool units = false)
    {
        var fields = new List<KeyValuePair<string, string>> { new("nyckeltal", text), new("kommun", "true") };
        if (units)
        {
            fields.Add(new("skolor", "true"));
        }
        return browser.PostFormAsync(page, fields, $"form[action='{action}']");
    }

    /// <summary>"Hämta nu" on the page, with the form's own hidden fields.</summary>
    private static async Task<HttpResponseMessage> FetchAsync(HttpClient browser, string page) =>
        await browser.PostFormAsync(page, await browser.ReadFormAsync(page, "form[action='/kolada/hamta']"), "form[action='/kolada/hamta']");

    private static List<List<string>> Table(IHtmlDocument page, string kpi)
    {
        var figure = page.QuerySelectorAll(".kolada-figure").Single(f => f.QuerySelector("h3")!.TextContent.Contains(kpi, StringComparison.Ordinal));
        return figure.QuerySelectorAll("tr").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToList()).ToList();
    }

    [Fact]
    public async Task Forvaltningschef_links_a_goal_by_id_and_by_a_title_search_and_the_link_is_in_the_goals_history()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var (goalId, _, _) = await NewPlanAsync();

        // By id: not in the local catalogue yet, so it is looked up in Kolada and added.
        var byId = await LinkAsync(browser, $"/mal/{goalId}", $"/mal/{goalId}/nyckeltal", "n15419");
        Forms.AssertRedirect(byId, $"/mal/{goalId}");
        Assert.True(await app.WithDbAsync(db => db.KoladaKpis.AnyAsync(k => k.Id == "N15419" && k.IsDivided)));

        // By title: two match, so the user chooses.
        var search = await LinkAsync(browser, $"/mal/{goalId}", $"/mal/{goalId}/nyckeltal", "åk. 9");
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        var choose = await Browser.ParseAsync(search);
        var options = choose.QuerySelectorAll(".kolada-matches button").Select(b => b.TextContent.Trim()).ToList();
        Assert.True(options.Count >= 2);
        Assert.Contains(options, o => o.StartsWith("N15505", StringComparison.Ordinal));
        var token = ((IHtmlInputElement)choose.QuerySelector(".kolada-matches input[name=__RequestVerificationToken]")!).Value;
        var chosen = await browser.PostAsync($"/mal/{goalId}/nyckeltal", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["nyckeltal"] = "N15505", ["kommun"] = "true",
        }));
        Forms.AssertRedirect(chosen, $"/mal/{goalId}");

        // The same figure twice is refused in Swedish; an unknown id too.
        var twice = await Browser.ParseAsync(await LinkAsync(browser, $"/mal/{goalId}", $"/mal/{goalId}/nyckeltal", "N15419"));
        Assert.Contains("redan kopplat", twice.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        var unknown = await Browser.ParseAsync(await LinkAsync(browser, $"/mal/{goalId}", $"/mal/{goalId}/nyckeltal", "N99999"));
        Assert.Contains("Kolada har inget nyckeltal med id N99999", unknown.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);

        var links = await app.WithDbAsync(db => db.KoladaLinks.Where(l => l.GoalId == goalId).OrderBy(l => l.KpiId).Select(l => l.KpiId).ToListAsync());
        Assert.Equal(["N15419", "N15505"], links);
        var page = await browser.GetPageAsync($"/mal/{goalId}");
        Assert.Contains("Elever i åk. 9, genomsnittligt meritvärde (17 ämnen)", page.QuerySelector("#nyckeltal")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, await app.WithDbAsync(db => db.ChangeLog.CountAsync(c => c.EntityType == HistoryEntityTypes.Goal && c.EntityId == goalId
            && c.NewValue!.Contains("kopplat"))));

        // The local catalogue is now searched by title without asking Kolada.
        var before = Kolada.Requests.Count;
        var catalogue = await browser.GetPageAsync("/kolada?sok=MERITVÄRDE");
        Assert.Contains("N15505", catalogue.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, Kolada.Requests.Count);
    }

    [Fact]
    public async Task Hamta_nu_pages_through_next_page_and_the_goal_page_shows_years_genders_riket_and_missing_values()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var (goalId, _, _) = await NewPlanAsync();
        var kpi = NewFigure();
        Forms.AssertRedirect(await LinkAsync(browser, $"/mal/{goalId}", $"/mal/{goalId}/nyckeltal", kpi), $"/mal/{goalId}");

        var fetched = await FetchAsync(browser, $"/mal/{goalId}");

        Forms.AssertRedirect(fetched, $"/mal/{goalId}");
        // Every linked figure of the förvaltning in one request (the seeded ones too), seven items and more: three pages or more.
        Assert.Contains(Kolada.Requests, r => r.StartsWith("/v2/data/kpi/", StringComparison.Ordinal) && r.Contains(kpi, StringComparison.Ordinal)
            && r.Contains("/municipality/1380,0000/year/2018,2019,2020,2021?page=3", StringComparison.Ordinal));
        var page = await browser.GetPageAsync($"/mal/{goalId}");
        var table = Table(page, kpi);
        Assert.Equal(["Område", "2018", "2019", "2020", "2021"], table[0]);
        Assert.Equal(["Kommunen (1380)", "78,5", "saknas", "80,3", "82"], table[1]);
        Assert.Equal(["Kommunen (1380), kvinnor/flickor", "81,2", "–", "–", "–"], table[2]);
        Assert.Equal(["Kommunen (1380), män/pojkar", "75,9", "–", "–", "–"], table[3]);
        Assert.Equal(["Alla kommuner, genomsnitt (Riket)", "74,1", "–", "75,3", "76"], table[4]);
        var section = page.QuerySelector("#nyckeltal")!.TextContent;
        Assert.Contains("Källa: Kolada (RKA), CC BY 4.0", section, StringComparison.Ordinal);
        Assert.Contains("Värdena hämtades", section, StringComparison.Ordinal);
        Assert.DoesNotContain("misslyckades", section, StringComparison.Ordinal);
        Assert.Equal(78.5m, await app.WithDbAsync(db => db.KoladaValues.Where(v => v.KpiId == kpi && v.AreaId == "1380" && v.Year == 2018 && v.Gender == "T")
            .Select(v => v.Value).SingleAsync()));
    }

    [Fact]
    public async Task A_failed_fetch_keeps_the_old_values_and_says_when_it_failed()
    {
        var browser = await SignedInAsync(DemoUsers.Administrator);
        var (goalId, _, _) = await NewPlanAsync();
        var kpi = NewFigure();
        Forms.AssertRedirect(await LinkAsync(browser, $"/mal/{goalId}", $"/mal/{goalId}/nyckeltal", kpi), $"/mal/{goalId}");
        Forms.AssertRedirect(await FetchAsync(browser, $"/mal/{goalId}"), $"/mal/{goalId}");

        var page = await browser.GetPageAsync($"/mal/{goalId}");
        Kolada.Failing = true;
        try
        {
            Forms.AssertRedirect(await FetchAsync(browser, $"/mal/{goalId}"), $"/mal/{goalId}");
        }
        finally
        {
            Kolada.Failing = false;
        }

        var after = await browser.GetPageAsync($"/mal/{goalId}");
        Assert.Equal(Table(page, kpi), Table(after, kpi));
        var failed = after.QuerySelector(".kolada-failed")!.TextContent;
        Assert.Contains("Senaste hämtningen misslyckades", failed, StringComparison.Ordinal);
        Assert.Contains("Kolada svarade med status 500", failed, StringComparison.Ordinal);
        Assert.NotNull(after.QuerySelector(".kolada-failed time[datetime]"));

        // The next successful fetch clears the notice.
        Forms.AssertRedirect(await FetchAsync(browser, $"/mal/{goalId}"), $"/mal/{goalId}");
        Assert.Null((await browser.GetPageAsync($"/mal/{goalId}")).QuerySelector(".kolada-failed"));
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient browser, byte[] bytes)
    {
        var page = await browser.GetPageAsync("/kolada");
        var token = ((IHtmlInputElement)page.QuerySelector("form[action='/kolada/ladda-upp'] input[name=__RequestVerificationToken]")!).Value;
        var organisation = ((IHtmlInputElement)page.QuerySelector("form[action='/kolada/ladda-upp'] input[name=forvaltning]")!).Value;
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        content.Add(new StringContent(organisation), "forvaltning");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Add(file, "fil", "kolada.json");
        return await browser.PostAsync("/kolada/ladda-upp", content);
    }

    private static async Task<string> NoticeAfterAsync(HttpClient browser, HttpResponseMessage response)
    {
        Forms.AssertRedirect(response, "/kolada");
        var page = await browser.GetPageAsync(response.Headers.Location!.OriginalString);
        return (page.QuerySelector(".notice--success")?.TextContent ?? "") + (page.QuerySelector(".error-summary")?.TextContent ?? "");
    }

    [Fact]
    public async Task An_administrator_uploads_Kolada_JSON_and_a_malformed_or_oversized_file_changes_nothing()
    {
        var browser = await SignedInAsync(DemoUsers.Administrator);
        var (goalId, _, _) = await NewPlanAsync();
        var kpi = NewFigure(divided: false);
        Forms.AssertRedirect(await LinkAsync(browser, $"/mal/{goalId}", $"/mal/{goalId}/nyckeltal", kpi), $"/mal/{goalId}");
        var json = $$"""
            {"count":2,"values":[
              {"kpi":"{{kpi}}","municipality":"1380","period":2020,"values":[{"count":1,"gender":"T","status":"","value":66.6}]},
              {"kpi":"{{kpi}}","municipality":"0000","period":2020,"values":[{"count":1,"gender":"T","status":"Missing","value":null}]}]}
            """;

        var valid = await NoticeAfterAsync(browser, await UploadAsync(browser, Encoding.UTF8.GetBytes(json)));
        Assert.Contains("Filen är inläst: 2 värden", valid, StringComparison.Ordinal);
        var table = Table(await browser.GetPageAsync($"/mal/{goalId}"), kpi);
        Assert.Equal(["Kommunen (1380)", "–", "–", "66,6", "–"], table[1]);
        Assert.Equal(["Alla kommuner, genomsnitt (Riket)", "–", "–", "saknas", "–"], table[2]);
        Assert.Contains("Uppladdad fil", (await browser.GetPageAsync($"/mal/{goalId}")).QuerySelector(".kolada-status")!.TextContent, StringComparison.Ordinal);

        var malformed = await NoticeAfterAsync(browser, await UploadAsync(browser,
            Encoding.UTF8.GetBytes(json.Replace("66.6", "99.9", StringComparison.Ordinal)[..^10])));
        Assert.Contains("inte giltig JSON", malformed, StringComparison.Ordinal);

        var padding = new string(' ', (int)KoladaAppFactory.MaxUploadBytes);
        var oversized = await NoticeAfterAsync(browser, await UploadAsync(browser,
            Encoding.UTF8.GetBytes(json.Replace("66.6", "11.1", StringComparison.Ordinal) + padding)));
        Assert.Contains("Filen är för stor", oversized, StringComparison.Ordinal);

        var wrongShape = await NoticeAfterAsync(browser, await UploadAsync(browser, Encoding.UTF8.GetBytes("""{"values":[{"period":2020}]}""")));
        Assert.Contains("Varje post i filen ska ha", wrongShape, StringComparison.Ordinal);

        Assert.Equal(66.6m, await app.WithDbAsync(db => db.KoladaValues.Where(v => v.KpiId == kpi && v.AreaId == "1380" && v.Year == 2020)
            .Select(v => v.Value).SingleAsync()));
    }

    [Theory]
    [InlineData(DemoUsers.Principal)]
    [InlineData(DemoUsers.Official)]
    [InlineData(DemoUsers.DepartmentHead)]
    public async Task Rektor_tjansteperson_and_avdelningschef_cannot_link_fetch_or_upload(string email)
    {
        var (goalId, initiativeId, effectId) = await NewPlanAsync();
        var manager = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var kpi = NewFigure();
        Forms.AssertRedirect(await LinkAsync(manager, $"/mal/{goalId}", $"/mal/{goalId}/nyckeltal", kpi), $"/mal/{goalId}");
        var linkId = await app.WithDbAsync(db => db.KoladaLinks.Where(l => l.GoalId == goalId).Select(l => l.Id).SingleAsync());
        var organisation = (await OrganisationAsync()).ToString(CultureInfo.InvariantCulture);
        var browser = await SignedInAsync(email);
        var token = await browser.ReadTokenAsync("/");

        async Task<HttpResponseMessage> Post(string url, params (string, string)[] fields) =>
            await browser.PostAsync(url, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))
                .Append(new("__RequestVerificationToken", token!))));

        Forms.AssertAccessDenied(await Post($"/mal/{goalId}/nyckeltal", ("nyckeltal", "N15419"), ("kommun", "true")));
        Forms.AssertAccessDenied(await Post($"/insatser/{initiativeId}/effekter/{effectId}/nyckeltal", ("nyckeltal", "N15419"), ("kommun", "true")));
        Forms.AssertAccessDenied(await Post("/kolada/hamta", ("forvaltning", organisation)));
        Forms.AssertAccessDenied(await Post("/kolada/kommun", ("forvaltning", organisation), ("kommunkod", "0180")));
        Forms.AssertAccessDenied(await Post("/kolada/ladda-upp", ("forvaltning", organisation)));
        Forms.AssertAccessDenied(await Post($"/nyckeltal/{linkId}/ta-bort"));
        Forms.AssertAccessDenied(await browser.GetAsync("/kolada"));

        // They read the figure but see no form to link, fetch or remove.
        var page = await browser.GetPageAsync($"/mal/{goalId}");
        Assert.NotNull(page.QuerySelector($"#nyckeltal-{linkId}"));
        Assert.Empty(page.QuerySelectorAll("#nyckeltal form"));
        Assert.Equal(1, await app.WithDbAsync(db => db.KoladaLinks.CountAsync(l => l.GoalId == goalId && l.RemovedAt == null)));
        Assert.Equal("1380", await app.WithDbAsync(db => db.Organisations.Where(o => o.Key == "halmstad-buf").Select(o => o.KoladaMunicipalityId).SingleAsync()));
    }

    [Fact]
    public async Task Another_forvaltnings_goals_and_settings_are_out_of_scope()
    {
        var (stockholmGoal, _, _) = await NewPlanAsync("stockholm-utbf");
        var stockholm = (await app.WithDbAsync(db => db.Goals.Where(g => g.Id == stockholmGoal).Select(g => g.Plan.OrganisationId).SingleAsync()))
            .ToString(CultureInfo.InvariantCulture);
        foreach (var email in new[] { DemoUsers.DirectorOfEducation, DemoUsers.Administrator })
        {
            var browser = await SignedInAsync(email);
            var token = await browser.ReadTokenAsync("/");
            async Task<HttpStatusCode> Post(string url, params (string, string)[] fields) =>
                (await browser.PostAsync(url, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))
                    .Append(new("__RequestVerificationToken", token!))))).StatusCode;
            async Task Denied(string url, params (string, string)[] fields) =>
                Forms.AssertAccessDenied(await browser.PostAsync(url, new FormUrlEncodedContent(fields
                    .Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)).Append(new("__RequestVerificationToken", token!)))));

            // Another förvaltning's plans are readable (as on their pages) but not theirs to link.
            await Denied($"/mal/{stockholmGoal}/nyckeltal", ("nyckeltal", "N15419"), ("kommun", "true"));
            Assert.Equal(HttpStatusCode.NotFound, await Post("/kolada/hamta", ("forvaltning", stockholm)));
            Assert.Equal(HttpStatusCode.NotFound, await Post("/kolada/kommun", ("forvaltning", stockholm), ("kommunkod", "1380")));
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/kolada?forvaltning={stockholm}")).StatusCode);
        }
        Assert.False(await app.WithDbAsync(db => db.KoladaLinks.AnyAsync(l => l.GoalId == stockholmGoal)));
    }

    [Fact]
    public async Task An_expected_effect_is_linked_per_school_and_the_insats_page_shows_the_municipality_and_each_school()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var (_, initiativeId, effectId) = await NewPlanAsync();
        var kpi = NewFigure(divided: false);
        var (unitName, ou) = await app.WithDbAsync(async db =>
        {
            var unit = await db.Units.Include(u => u.Organisation).FirstAsync(u => u.Organisation.Key == "halmstad-buf" && u.Key == "vallasskolan");
            unit.KoladaOuId ??= "V15E138000101";
            await db.SaveChangesAsync();
            return (unit.Name, unit.KoladaOuId);
        });
        Kolada.Data[(kpi, ou, 2021)] = [("T", 91.5m, "")];

        var linked = await LinkAsync(browser, $"/insatser/{initiativeId}", $"/insatser/{initiativeId}/effekter/{effectId}/nyckeltal", kpi, units: true);
        Forms.AssertRedirect(linked, $"/insatser/{initiativeId}");
        Forms.AssertRedirect(await FetchAsync(browser, $"/insatser/{initiativeId}"), $"/insatser/{initiativeId}");

        // Other tests' figures linked per school may share the request: the figure and the school's id are in one of them.
        Assert.Contains(Kolada.Requests, r => r.Contains("/oudata/kpi/", StringComparison.Ordinal) && r.Contains(kpi, StringComparison.Ordinal)
            && r.Contains(ou, StringComparison.Ordinal));
        var page = await browser.GetPageAsync($"/insatser/{initiativeId}");
        var table = Table(page, kpi);
        Assert.Equal(["Kommunen (1380)", "78,5", "saknas", "80,3", "82"], table[1]);
        Assert.Contains([unitName, "–", "–", "–", "91,5"], table);
        Assert.Contains("Källa: Kolada (RKA), CC BY 4.0", page.QuerySelector("#nyckeltal")!.TextContent, StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.ChangeLog.AnyAsync(c => c.EntityType == HistoryEntityTypes.Initiative && c.EntityId == initiativeId
            && c.NewValue!.Contains(kpi))));

        // Removing the link keeps it (with who and when) and hides the figure.
        var linkId = await app.WithDbAsync(db => db.KoladaLinks.Where(l => l.ExpectedEffectId == effectId).Select(l => l.Id).SingleAsync());
        Forms.AssertRedirect(await browser.PostFormAsync($"/insatser/{initiativeId}", new Dictionary<string, string>(),
            $"form[action='/nyckeltal/{linkId}/ta-bort']"), $"/insatser/{initiativeId}");
        Assert.Null((await browser.GetPageAsync($"/insatser/{initiativeId}")).QuerySelector($"#nyckeltal-{linkId}"));
        Assert.NotNull(await app.WithDbAsync(db => db.KoladaLinks.Where(l => l.Id == linkId).Select(l => l.RemovedAt).SingleAsync()));
    }

    [Fact]
    public async Task The_daily_job_fetches_each_forvaltning_once_however_many_instances_run_it()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var (goalId, _, _) = await NewPlanAsync();
        var kpi = NewFigure();
        Forms.AssertRedirect(await LinkAsync(browser, $"/mal/{goalId}", $"/mal/{goalId}/nyckeltal", kpi), $"/mal/{goalId}");
        var organisation = await OrganisationAsync();
        await app.WithDbAsync(db => db.KoladaFetchStates.Where(s => s.OrganisationId == organisation)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ClaimedAt, (DateTime?)null)));
        var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();

        // Two passes at once, as two instances would run them: the claim lets one fetch.
        var passes = await Task.WhenAll(KoladaWorker.RunOnceAsync(scopes, default), KoladaWorker.RunOnceAsync(scopes, default));
        var again = await KoladaWorker.RunOnceAsync(scopes, default);

        Assert.Equal(1, passes.Sum() - await OtherOrganisationsFetchedAsync());
        Assert.Equal(0, again);
        Assert.True(await app.WithDbAsync(db => db.KoladaValues.AnyAsync(v => v.KpiId == kpi && v.AreaId == "1380")));
    }

    /// <summary>Förvaltningar other than Halmstad that other tests gave links, whose claims the passes also took.</summary>
    private Task<int> OtherOrganisationsFetchedAsync() => app.WithDbAsync(async db =>
    {
        var halmstad = await OrganisationAsync();
        return await db.KoladaLinks.Where(l => l.RemovedAt == null && l.OrganisationId != halmstad).Select(l => l.OrganisationId).Distinct().CountAsync();
    });

    /// <summary>The seeded demo figures (seeds/demo/kolada: made-up values for the Halmstad plan's goals 1 and 2) in the
    /// overview and in all three forms of a round's nämndunderlag, each with the source text.</summary>
    [Fact]
    public async Task The_overview_and_the_namndunderlag_in_html_word_and_excel_show_the_goals_figures_with_the_source()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var (planId, roundId) = await app.WithDbAsync(async db =>
        {
            var round = await db.FollowUpRounds.Where(r => r.Plan.Key == "halmstad-utvecklingsplan-2020-2021").OrderBy(r => r.Id).FirstAsync();
            return (round.PlanId, round.Id);
        });

        var overview = await browser.GetPageAsync($"/oversikt?plan={planId}");
        var table = overview.QuerySelector("#nyckeltal-per-mal")!;
        var merit = table.QuerySelectorAll("tbody tr").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToList())
            .First(r => r[1].Contains("N15505", StringComparison.Ordinal) && r[2].StartsWith("Kommunen", StringComparison.Ordinal));
        Assert.Equal(["224,1", "226", "228,7", "saknas"], merit.Skip(3).Take(4));
        Assert.NotNull(table.QuerySelector("svg.sparkline[role=img] title"));
        Assert.Contains("Källa: Kolada (RKA), CC BY 4.0", overview.QuerySelector("#nyckeltal")!.TextContent, StringComparison.Ordinal);

        var html = await browser.GetPageAsync($"/omgangar/{roundId}/namndunderlag");
        var section = html.QuerySelector("#nyckeltal")!.TextContent;
        Assert.Contains("N15505", section, StringComparison.Ordinal);
        Assert.Contains("224,1", section, StringComparison.Ordinal);
        Assert.Contains("Källa: Kolada (RKA), CC BY 4.0", section, StringComparison.Ordinal);

        var docx = await browser.GetByteArrayAsync($"/omgangar/{roundId}/namndunderlag.docx");
        using (var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(docx), false))
        {
            var text = word.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains("Målens nyckeltal från Kolada", text, StringComparison.Ordinal);
            Assert.Contains("224,1", text, StringComparison.Ordinal);
            Assert.Contains("Källa: Kolada (RKA), CC BY 4.0", text, StringComparison.Ordinal);
        }
        var xlsx = await browser.GetByteArrayAsync($"/omgangar/{roundId}/namndunderlag.xlsx");
        using (var excel = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(xlsx), false))
        {
            var sheet = excel.WorkbookPart!.Workbook!.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>()
                .Single(x => x.Name == Insatsportal.Web.Features.BoardReports.BoardReportExcel.KoladaSheet);
            var text = ((DocumentFormat.OpenXml.Packaging.WorksheetPart)excel.WorkbookPart.GetPartById(sheet.Id!)).Worksheet!.InnerText;
            Assert.Contains("224,1", text, StringComparison.Ordinal);
            Assert.Contains("Källa: Kolada (RKA), CC BY 4.0", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_administrator_keeps_a_units_Kolada_id_in_admin_and_a_malformed_one_gets_a_Swedish_message()
    {
        var admin = await SignedInAsync(DemoUsers.Administrator);
        var unitId = await app.WithDbAsync(db => db.Units.Where(u => u.Organisation.Key == "halmstad-buf" && u.Key == "sondrumsskolan").Select(u => u.Id).SingleAsync());
        var url = $"/admin/organisation/enheter/{unitId}/redigera";

        var bad = await admin.PostFormAsync(url, (await admin.ReadFormAsync(url)).With(("KoladaOuId", "V15-E13")));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("bokstäver och siffror", Forms.FieldError(await Browser.ParseAsync(bad), "KoladaOuId"), StringComparison.Ordinal);

        var good = await admin.PostFormAsync(url, (await admin.ReadFormAsync(url)).With(("KoladaOuId", " v15e138000302 ")));
        Forms.AssertRedirect(good, "/admin/organisation");
        Assert.Equal("V15E138000302", await app.WithDbAsync(db => db.Units.Where(u => u.Id == unitId).Select(u => u.KoladaOuId).SingleAsync()));
    }

    /// <summary>A unit of the test's own in the Halmstad förvaltning, with the given id in Kolada.</summary>
    private Task<int> NewUnitAsync(string name, string code, string? ou) => app.WithDbAsync(async db =>
    {
        var unit = new Unit
        {
            OrganisationId = await OrganisationAsync(), Key = "kolada-" + code, Name = name, Type = UnitType.CompulsorySchool,
            SchoolUnitCode = code, KoladaOuId = ou,
        };
        db.Units.Add(unit);
        await db.SaveChangesAsync();
        return unit.Id;
    });

    private Task<string?> OuOfAsync(string code) =>
        app.WithDbAsync(db => db.Units.Where(u => u.SchoolUnitCode == code).Select(u => u.KoladaOuId).SingleOrDefaultAsync());

    private static async Task<IHtmlDocument> UploadUnitsAsync(HttpClient admin, string csv)
    {
        var page = await admin.GetPageAsync("/admin/organisation/enheter/importera");
        var token = ((IHtmlInputElement)page.QuerySelector("form.upload-form input[name=__RequestVerificationToken]")!).Value;
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "enheter.csv");
        var response = await admin.PostAsync("/admin/organisation/enheter/importera", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Browser.ParseAsync(response);
    }

    /// <summary>The confirmation posted with the file's content as a tampered form would: checked again on the server.</summary>
    private static async Task<HttpResponseMessage> ForgedConfirmAsync(HttpClient admin, IHtmlDocument page, string csv)
    {
        var token = ((IHtmlInputElement)page.QuerySelector("form.upload-form input[name=__RequestVerificationToken]")!).Value;
        return await admin.PostAsync("/admin/organisation/enheter/importera/bekrafta", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(csv)),
        }));
    }

    private static List<string> ImportProblems(IHtmlDocument page) =>
        page.QuerySelectorAll(".import-problems li").Select(li => li.TextContent.Trim()).ToList();

    [Fact]
    public async Task Unit_csv_import_with_the_Kolada_column_sets_new_and_changed_ids_records_the_change_and_an_old_file_keeps_them()
    {
        var admin = await SignedInAsync(DemoUsers.Administrator);
        var old = await NewUnitAsync("Gamla Koladaskolan", "90003099", "V15E0000GAMMAL");
        await NewUnitAsync("Tomma cellens skola", "90003098", "V15E138000998");
        var csv = "Namn;Typ;Skolenhetskod;Avdelning;Id i Kolada\n"
            + "Nya Koladaskolan;Grundskola;90003001;; v15e138000901 \n"
            + "Gamla Koladaskolan;Grundskola;90003099;;V15E138000999\n"
            + "Tomma cellens skola;Grundskola;90003098;;\n";

        var preview = await UploadUnitsAsync(admin, csv);

        Assert.Empty(ImportProblems(preview));
        Assert.Contains("Id i Kolada", preview.QuerySelector("thead")!.TextContent, StringComparison.Ordinal);
        var rows = preview.QuerySelectorAll("tbody tr").Select(tr => tr.Children.Select(c => c.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(["V15E138000901", "Läggs till"], rows[0][^2..]);
        Assert.Equal(["V15E138000999", "Finns redan som ”Gamla Koladaskolan”, id i Kolada ändras från V15E0000GAMMAL till V15E138000999"], rows[1][^2..]);
        Assert.Equal(["–", "Finns redan som ”Tomma cellens skola” – hoppas över"], rows[2][^2..]);
        Assert.Null(await OuOfAsync("90003001"));
        Assert.Equal("V15E0000GAMMAL", await OuOfAsync("90003099"));

        Forms.AssertRedirect(await admin.SubmitAsync(preview, "x", _ => { }, selector: "form.confirm-import"), "/admin/organisation");

        Assert.Equal("V15E138000901", await OuOfAsync("90003001"));
        Assert.Equal("V15E138000999", await OuOfAsync("90003099"));
        Assert.Equal("V15E138000998", await OuOfAsync("90003098")); // An empty cell keeps the id.
        var change = await app.WithDbAsync(db => db.ChangeLog
            .Where(c => c.EntityType == HistoryEntityTypes.Unit && c.EntityId == old && c.Field == "Id i Kolada")
            .Select(c => new { c.Action, c.OldValue, c.NewValue }).SingleAsync());
        Assert.Equal((ChangeAction.Updated, "V15E0000GAMMAL", "V15E138000999"), (change.Action, change.OldValue, change.NewValue));
        var history = (await admin.GetPageAsync($"/admin/organisation/enheter/{old}/historik")).QuerySelector("main")!.TextContent;
        Assert.Contains("V15E138000999", history, StringComparison.Ordinal);
        Assert.Contains("Sara Lund", history, StringComparison.Ordinal);

        // The same file again changes nothing; a file without the column (as before) is valid and keeps every id.
        Assert.Empty((await UploadUnitsAsync(admin, csv)).QuerySelectorAll("form.confirm-import"));
        var oldCsv = "Namn;Typ;Skolenhetskod;Avdelning\nGamla Koladaskolan;Grundskola;90003099;\nUtan kolumnen;Förskola;90003002;\n";
        var oldFormat = await UploadUnitsAsync(admin, oldCsv);
        Assert.Empty(ImportProblems(oldFormat));
        Assert.DoesNotContain("Id i Kolada", oldFormat.QuerySelector("thead")!.TextContent, StringComparison.Ordinal);
        Forms.AssertRedirect(await admin.SubmitAsync(oldFormat, "x", _ => { }, selector: "form.confirm-import"), "/admin/organisation");
        Assert.Equal("V15E138000999", await OuOfAsync("90003099"));
        Assert.Null(await OuOfAsync("90003002"));
        Assert.NotNull(await app.WithDbAsync(db => db.Units.SingleOrDefaultAsync(u => u.SchoolUnitCode == "90003002")));
        Assert.Equal(1, await app.WithDbAsync(db => db.ChangeLog.CountAsync(c => c.EntityType == HistoryEntityTypes.Unit && c.EntityId == old && c.Field == "Id i Kolada")));
    }

    [Fact]
    public async Task Unit_csv_import_refuses_a_malformed_Kolada_id_by_row_and_column_with_the_forms_message_and_saves_nothing()
    {
        var admin = await SignedInAsync(DemoUsers.Administrator);
        await NewUnitAsync("Befintliga Koladaskolan", "90003199", "V15E138000111");
        var tooLong = new string('A', 21);
        var csv = "Namn,Typ,Skolenhetskod,Avdelning,Kolada-id\n"
            + "Bra skolan,Grundskola,90003101,,V15E138000121\n"
            + "Streckskolan,Grundskola,90003102,,V15-E13\n"
            + "Långa skolan,Grundskola,90003103,," + tooLong + "\n"
            + "Befintliga Koladaskolan,Grundskola,90003199,,V15E138000112\n";
        var units = await app.WithDbAsync(db => db.Units.CountAsync());

        var page = await UploadUnitsAsync(admin, csv);

        Assert.Equal(
        [
            "Rad 3, kolumn Id i Kolada: ”V15-E13” går inte att använda. Id:t i Kolada är bokstäver och siffror, till exempel V15E138000301.",
            $"Rad 4, kolumn Id i Kolada: ”{tooLong}” går inte att använda. Id:t i Kolada är bokstäver och siffror, till exempel V15E138000301.",
        ], ImportProblems(page));
        Assert.Empty(page.QuerySelectorAll("form.confirm-import"));

        // A tampered confirmation is checked again: nothing added, the valid row's change not made either.
        var forged = await ForgedConfirmAsync(admin, page, csv);
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.Equal(2, ImportProblems(await Browser.ParseAsync(forged)).Count);
        Assert.Equal(units, await app.WithDbAsync(db => db.Units.CountAsync()));
        Assert.Equal("V15E138000111", await OuOfAsync("90003199"));
        Assert.Null(await app.WithDbAsync(db => db.Units.SingleOrDefaultAsync(u => u.SchoolUnitCode == "90003101")));
    }

    /// <summary>An open round on the plan with a report for each of the rektor's two units (Vallåsskolan with an id in
    /// Kolada, its fritidshem without).</summary>
    private Task<(int WithOu, int WithoutOu, string UnitName, string Ou)> NewReportsAsync(int initiativeId) => app.WithDbAsync(async db =>
    {
        var initiative = await db.Initiatives.SingleAsync(i => i.Id == initiativeId);
        var school = await db.Units.SingleAsync(u => u.Organisation.Key == "halmstad-buf" && u.Key == "vallasskolan");
        school.KoladaOuId ??= "V15E138000101";
        var leisure = await db.Units.SingleAsync(u => u.Organisation.Key == "halmstad-buf" && u.Key == "vallasskolans-fritidshem");
        leisure.KoladaOuId = null;
        var round = new FollowUpRound
        {
            PlanId = initiative.PlanId, Name = "Omgång med nyckeltal", OpensOn = new(2021, 9, 1), Deadline = new(2099, 12, 31), Status = RoundStatus.Open,
        };
        var withOu = new FollowUpReport { Round = round, InitiativeId = initiativeId, UnitId = school.Id, InitiativeTitle = initiative.Title };
        var withoutOu = new FollowUpReport { Round = round, InitiativeId = initiativeId, UnitId = leisure.Id, InitiativeTitle = initiative.Title };
        db.AddRange(round, withOu, withoutOu);
        await db.SaveChangesAsync();
        return (withOu.Id, withoutOu.Id, school.Name, school.KoladaOuId!);
    });

    [Fact]
    public async Task A_schools_report_shows_the_figures_linked_for_the_schools_with_its_values_riket_and_the_source_to_rektor_and_leadership()
    {
        var director = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var (goalId, initiativeId, effectId) = await NewPlanAsync();
        var (withOu, withoutOu, unitName, ou) = await NewReportsAsync(initiativeId);
        var goalFigure = NewFigure(divided: false);
        var effectFigure = NewFigure(divided: false);
        var municipalOnly = NewFigure(divided: false);
        Kolada.Data[(goalFigure, ou, 2020)] = [("T", 88m, "")];
        Kolada.Data[(goalFigure, ou, 2021)] = [("T", 91.5m, "")];
        Kolada.Data[(effectFigure, ou, 2021)] = [("T", 64m, "")];
        Forms.AssertRedirect(await LinkAsync(director, $"/mal/{goalId}", $"/mal/{goalId}/nyckeltal", goalFigure, units: true), $"/mal/{goalId}");
        Forms.AssertRedirect(await LinkAsync(director, $"/mal/{goalId}", $"/mal/{goalId}/nyckeltal", municipalOnly), $"/mal/{goalId}");
        Forms.AssertRedirect(await LinkAsync(director, $"/insatser/{initiativeId}", $"/insatser/{initiativeId}/effekter/{effectId}/nyckeltal",
            effectFigure, units: true), $"/insatser/{initiativeId}");
        Forms.AssertRedirect(await FetchAsync(director, $"/mal/{goalId}"), $"/mal/{goalId}");

        foreach (var email in new[] { DemoUsers.Principal, DemoUsers.DepartmentHead, DemoUsers.DirectorOfEducation })
        {
            var browser = email == DemoUsers.DirectorOfEducation ? director : await SignedInAsync(email);
            var page = await browser.GetPageAsync($"/rapporter/{withOu}");
            var section = page.QuerySelector("#nyckeltal");
            Assert.NotNull(section);
            Assert.Equal($"Nyckeltal för {unitName} från Kolada", section.QuerySelector("h2")!.TextContent.Trim());
            var table = Table(page, goalFigure);
            Assert.Equal(["Område", "2018", "2019", "2020", "2021"], table[0]);
            Assert.Equal([unitName, "–", "–", "88", "91,5"], table[1]);
            Assert.Equal(["Kommunen (1380)", "78,5", "saknas", "80,3", "82"], table[2]);
            Assert.Equal(["Alla kommuner, genomsnitt (Riket)", "74,1", "–", "75,3", "76"], table[3]);
            Assert.Equal(4, table.Count);
            Assert.Equal([unitName, "–", "–", "–", "64"], Table(page, effectFigure)[1]);
            // A figure linked for the municipality only is not a school's figure.
            Assert.DoesNotContain(municipalOnly, section.TextContent, StringComparison.Ordinal);
            Assert.Contains("Källa: Kolada (RKA), CC BY 4.0", section.TextContent, StringComparison.Ordinal);
            Assert.Contains("Värdena hämtades", section.TextContent, StringComparison.Ordinal);
            Assert.NotNull(section.QuerySelector("table caption"));
            // Reading only: linking, removing and fetching are on the goal and insats pages.
            Assert.Empty(section.QuerySelectorAll("form"));
        }

        // A unit without an id in Kolada: nothing, not even an empty heading.
        var principal = await SignedInAsync(DemoUsers.Principal);
        var without = await principal.GetPageAsync($"/rapporter/{withoutOu}");
        Assert.Null(without.QuerySelector("#nyckeltal"));
        Assert.DoesNotContain("Kolada", without.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        // Who may not read the report still gets no figures (nor the report).
        var official = await SignedInAsync(DemoUsers.Official);
        Assert.Equal(HttpStatusCode.NotFound, (await official.GetAsync($"/rapporter/{withOu}")).StatusCode);
    }

    [Fact]
    public async Task A_figure_for_many_schools_shows_their_lowest_median_and_highest_value_instead_of_a_row_per_school()
    {
        // A förvaltning of its own units (Stockholm's, so that Halmstad's figures in the other tests keep a row per school).
        var (goalId, _, _) = await NewPlanAsync("stockholm-utbf");
        var kpi = "S" + Random.Shared.Next(10000, 99999).ToString(CultureInfo.InvariantCulture);
        var schools = KoladaFigures.SchoolRowsAtMost + 5;
        await app.WithDbAsync(async db =>
        {
            var organisationId = await db.Goals.Where(g => g.Id == goalId).Select(g => g.Plan.OrganisationId).SingleAsync();
            db.KoladaKpis.Add(new KoladaKpi { Id = kpi, Title = $"Testtal {kpi} för många skolor", HasOuData = true });
            db.KoladaLinks.Add(new KoladaLink { OrganisationId = organisationId, GoalId = goalId, KpiId = kpi, ForUnits = true, CreatedAt = DateTime.UtcNow });
            for (var i = 1; i <= schools; i++)
            {
                var ou = $"V15E0180{kpi[1..]}{i:00}";
                db.Units.Add(new Unit
                {
                    OrganisationId = organisationId, Key = $"kolada-{kpi}-{i}", Name = $"Skola {kpi} {i:00}", Type = UnitType.CompulsorySchool,
                    KoladaOuId = ou,
                });
                // Values 1 … 25, entered out of order: the median of 25 is the 13th.
                db.KoladaValues.Add(new KoladaValue
                {
                    KpiId = kpi, AreaKind = KoladaAreaKind.Unit, AreaId = ou, Year = 2021, Gender = "T", Value = (i * 7 % schools) + 1,
                    FetchedAt = DateTime.UtcNow,
                });
            }
            await db.SaveChangesAsync();
        });

        var director = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var page = await director.GetPageAsync($"/mal/{goalId}");
        var table = Table(page, kpi);
        Assert.Equal(["Område", "2018", "2019", "2020", "2021"], table[0]);
        Assert.Equal([$"Skolorna ({schools} skolor), lägsta", "–", "–", "–", "1"], table[1]);
        Assert.Equal([$"Skolorna ({schools} skolor), median", "–", "–", "–", "13"], table[2]);
        Assert.Equal([$"Skolorna ({schools} skolor), högsta", "–", "–", "–", schools.ToString(CultureInfo.InvariantCulture)], table[3]);
        Assert.Equal(4, table.Count);
        Assert.DoesNotContain($"Skola {kpi} 01", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schools_report_shows_nothing_from_Kolada_when_no_figure_is_linked_for_the_schools()
    {
        var director = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var (goalId, initiativeId, _) = await NewPlanAsync();
        var (withOu, _, _, _) = await NewReportsAsync(initiativeId);
        Forms.AssertRedirect(await LinkAsync(director, $"/mal/{goalId}", $"/mal/{goalId}/nyckeltal", NewFigure(divided: false)), $"/mal/{goalId}");

        var page = await director.GetPageAsync($"/rapporter/{withOu}");

        Assert.Null(page.QuerySelector("#nyckeltal"));
        Assert.DoesNotContain("Kolada", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }
}
