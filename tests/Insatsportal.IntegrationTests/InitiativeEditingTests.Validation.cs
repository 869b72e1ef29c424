using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>What the forms refuse: missing responsible, unknown ids, invalid input and another department's insats.</summary>
public partial class InitiativeEditingTests
{
    [Fact]
    public async Task An_insats_that_came_without_a_responsible_asks_for_one_but_can_still_be_saved_without()
    {
        // Stockholm 2008–2010 "IT-struktur" names no responsible, as in its source document.
        var id = await InitiativeId("it-struktur");
        Assert.Empty((await LoadAsync(app, id)).Responsible);
        var browser = await StockholmDirectorAsync();
        var url = $"/insatser/{S(id)}/redigera";

        var page = await browser.GetPageAsync(url);
        Assert.Contains("Insatsen har ingen ansvarig", page.QuerySelector("#Responsible-saknas")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Ansvariga", page.QuerySelector("#Responsible > legend")!.TextContent);
        Assert.Equal("", ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("input[name='Responsible[0].RoleTitle']")!).Value);

        var saved = await browser.SubmitAsync(page, url, form => form.Set("Title", "IT-struktur för skolorna"));
        Forms.AssertRedirect(saved, $"/insatser/{S(id)}");
        var after = await LoadAsync(app, id);
        Assert.Equal("IT-struktur för skolorna", after.Title);
        Assert.Empty(after.Responsible);

        // Once it has a responsible, the usual rule holds: it cannot lose the last one.
        Forms.AssertRedirect(await browser.SubmitAsync(url, form => form.Set("Responsible[0].RoleTitle", "IT-chef")), $"/insatser/{S(id)}");
        Assert.Equal("IT-chef", Assert.Single((await LoadAsync(app, id)).Responsible).RoleTitle);
        var page2 = await browser.GetPageAsync(url);
        Assert.Null(page2.QuerySelector("#Responsible-saknas"));
        var refused = await browser.SubmitAsync(page2, url, form => form.Set("Responsible[0].RoleTitle", "").Set("Title", "Utan ansvarig"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Ange minst en ansvarig.", (await Browser.ParseAsync(refused)).QuerySelector("#Responsible-fel")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("IT-struktur för skolorna", (await LoadAsync(app, id)).Title);
    }

    [Fact]
    public async Task A_new_insats_needs_a_responsible()
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var url = $"/insatser/ny?plan={S(await PlanId())}";
        var before = await app.WithDbAsync(db => db.Initiatives.CountAsync());

        var response = await browser.SubmitAsync(url, form => form.Set("Title", "Insats utan ansvarig").Set("Activities[0].Text", "Något"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Contains("Ange minst en ansvarig.", page.QuerySelector("#Responsible-fel")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#Responsible-saknas"));
        Assert.Equal(before, await app.WithDbAsync(db => db.Initiatives.CountAsync()));
    }

    [Fact]
    public async Task Unknown_ids_give_404()
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/insatser/999999/redigera")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/insatser/ny?plan=999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/insatser/ny")).StatusCode);
    }

    [Fact]
    public async Task Invalid_input_is_named_in_Swedish_next_to_each_field_nothing_is_saved_and_nothing_typed_is_lost()
    {
        var plan = await PlanId();
        var stockholmUnit = await app.WithDbAsync(db => db.Units.Where(u => u.Key == "rinkebyskolan").Select(u => u.Id).SingleAsync());
        var before = await app.WithDbAsync(async db => (await db.Initiatives.CountAsync(), await db.ChangeLog.CountAsync()));
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var url = $"/insatser/ny?plan={S(plan)}";
        var page = await RoundTripAsync(browser, await browser.GetPageAsync(url), url, _ => { }, "add-resources");

        var response = await browser.SubmitAsync(page, url, form => form
            .Set("Title", "")
            .Set("Background", "Min bakgrund <script>alert(1)</script> som inte får försvinna")
            .Set("StartDate", "2021-06-01").Set("EndDate", "2020-01-01")
            .Set("Responsible[0].RoleTitle", "")
            .Set("Responsible[0].Parts", "7")
            .Set("Activities[0].Text", "En aktivitet")
            .Set("Resources[0].Text", "Pengar").Set("Resources[0].AmountKronor", "-5")
            .Add("UnitIds", S(stockholmUnit))
            .Set("Status", "Okänd"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await Browser.ParseAsync(response);
        var summary = result.QuerySelector(".error-summary")!.TextContent;
        foreach (var message in new[]
        {
            "Ange insatsens titel.", "Slutdatum kan inte vara före startdatum.", "Ange roll för ansvarig 1.",
            "Ansvarig 1 hänvisar till en aktivitet som inte finns (det finns 1).", "Beloppet kan inte vara negativt.",
            "hör inte till förvaltningen", "inte giltigt",
        })
        {
            Assert.Contains(message, summary, StringComparison.Ordinal);
        }
        Assert.Equal("Ange insatsens titel.", result.QuerySelector("#Title-fel")!.TextContent);
        Assert.Equal("Slutdatum kan inte vara före startdatum.", result.QuerySelector("#EndDate-fel")!.TextContent);
        Assert.Equal("Beloppet kan inte vara negativt.", result.QuerySelector("#Resources_0__AmountKronor-fel")!.TextContent);
        Assert.Equal("Min bakgrund <script>alert(1)</script> som inte får försvinna", ((AngleSharp.Html.Dom.IHtmlTextAreaElement)result.QuerySelector("#Background")!).Value);
        Assert.Equal("En aktivitet", ((AngleSharp.Html.Dom.IHtmlTextAreaElement)result.QuerySelector("#Activities_0__Text")!).Value);
        Assert.Empty(result.QuerySelectorAll("main script"));
        Assert.Equal(before, await app.WithDbAsync(async db => (await db.Initiatives.CountAsync(), await db.ChangeLog.CountAsync())));
    }

    [Fact]
    public async Task An_official_must_name_their_own_department_among_the_responsible()
    {
        var plan = await PlanId();
        var hr = await DepartmentId("hr");
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.Official);

        var response = await browser.SubmitAsync($"/insatser/ny?plan={S(plan)}", form => form
            .Set("Title", "Insats åt HR").Set("Responsible[0].RoleTitle", "Avdelningschef HR")
            .Set("Responsible[0].DepartmentId", S(hr)).Set("Activities[0].Text", "Något"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Minst en ansvarig ska vara knuten till din avdelning.", (await Browser.ParseAsync(response)).QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Initiatives.AnyAsync(i => i.Title == "Insats åt HR")));
    }
}
