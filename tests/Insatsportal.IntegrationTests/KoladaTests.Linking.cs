using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>Linking key figures to goals and expected effects (per school too), and who may link.</summary>
public partial class KoladaTests
{
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
}
