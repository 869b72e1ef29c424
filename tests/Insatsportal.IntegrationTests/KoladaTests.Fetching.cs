using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Features.Kolada;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>Getting values in: "Hämta nu", a failed fetch, an uploaded Kolada file and the daily job.</summary>
public partial class KoladaTests
{
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
}
