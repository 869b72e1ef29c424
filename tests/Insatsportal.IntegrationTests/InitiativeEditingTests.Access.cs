using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>Who may create and edit which insatser, and whom the plan page offers a new one.</summary>
public partial class InitiativeEditingTests
{
    [Theory]
    [InlineData(DemoUsers.Principal)]
    [InlineData(DemoUsers.Administrator)]
    public async Task Principals_and_administrators_cannot_create_or_edit_insatser(string email)
    {
        var plan = await PlanId();
        var id = await InitiativeId("underlag-undersokande");
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);

        foreach (var url in new[] { $"/insatser/ny?plan={S(plan)}", $"/insatser/{S(id)}/redigera" })
        {
            var response = await browser.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/atkomst-nekad", response.Headers.Location!.AbsolutePath);
        }
        var token = await AntiforgeryTokenAsync(browser);
        var post = await browser.PostAsync($"/insatser/{S(id)}/redigera", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Title"] = "Kapad", ["Status"] = "Ongoing",
        }));
        Assert.Equal("/atkomst-nekad", post.Headers.Location!.AbsolutePath);
        Assert.NotEqual("Kapad", (await LoadAsync(app, id)).Title);
    }

    [Fact]
    public async Task An_official_cannot_edit_another_departments_insats_even_with_a_guessed_id()
    {
        var hr = await InitiativeId("ledarforsorjning");
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.Official);

        Assert.Equal("/atkomst-nekad", (await browser.GetAsync($"/insatser/{S(hr)}/redigera")).Headers.Location!.AbsolutePath);
        var token = await AntiforgeryTokenAsync(browser);
        foreach (var action in new[] { "redigera", "arkivera", "kopiera" })
        {
            var response = await browser.PostAsync($"/insatser/{S(hr)}/{action}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Title"] = "Kapad", ["Status"] = "Ongoing", ["Reason"] = "Kapad",
            }));
            Assert.Equal("/atkomst-nekad", response.Headers.Location!.AbsolutePath);
        }
        var after = await LoadAsync(app, hr);
        Assert.Equal("Ledarförsörjning", after.Title);
        Assert.False(after.IsArchived);
    }

    [Fact]
    public async Task A_director_cannot_edit_another_forvaltnings_insats()
    {
        var stockholm = await app.WithDbAsync(db => db.Initiatives.Where(i => i.Plan.Organisation.Key == "stockholm-utbf").Select(i => i.Id).FirstAsync());
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);

        Assert.Equal("/atkomst-nekad", (await browser.GetAsync($"/insatser/{S(stockholm)}/redigera")).Headers.Location!.AbsolutePath);
        Assert.Equal("/atkomst-nekad", (await browser.GetAsync($"/insatser/ny?plan={S(await PlanId("stockholm-samverkan-kf-budget"))}")).Headers.Location!.AbsolutePath);
    }

    [Theory]
    [InlineData(DemoUsers.Official, true)]
    [InlineData(DemoUsers.DirectorOfEducation, true)]
    [InlineData(DemoUsers.Principal, false)]
    [InlineData(DemoUsers.Administrator, false)]
    public async Task The_plan_page_offers_a_new_insats_to_those_who_may_create_one(string email, bool offered)
    {
        var plan = await PlanId();
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);

        var page = await browser.GetPageAsync($"/planer/{S(plan)}");

        Assert.Equal(offered, page.QuerySelector($"a[href='/insatser/ny?plan={S(plan)}']") is not null);
    }

    private static async Task<string> AntiforgeryTokenAsync(HttpClient browser)
    {
        var page = await browser.GetPageAsync("/");
        return ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
    }
}
