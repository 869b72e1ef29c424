using System.Net;
using AngleSharp.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>A row button ("Lägg till …", "Ta bort", "Flytta") brings the user back to that row, focus in its first field.</summary>
public sealed class RowFocusTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string[] Autofocused(IDocument page) =>
        page.QuerySelectorAll("main form [autofocus]").Select(e => e.Id ?? "").ToArray();

    private async Task<IDocument> PressAsync(HttpClient browser, string url, string command, IDocument? page = null)
    {
        var response = page is null
            ? await browser.SubmitAsync(url, _ => { }, command)
            : await browser.SubmitAsync(page, url, _ => { }, command);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Browser.ParseAsync(response);
    }

    [Fact]
    public async Task Each_row_button_of_the_insats_form_returns_focus_to_the_row_it_changed()
    {
        var id = await app.WithDbAsync(db => db.Initiatives.Where(i => i.Key == "barn-och-elevhearings").Select(i => i.Id).SingleAsync());
        var activities = await app.WithDbAsync(db => db.Activities.CountAsync(a => a.InitiativeId == id));
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var url = $"/insatser/{S(id)}/redigera";

        Assert.Empty(Autofocused(await browser.GetPageAsync(url)));
        var added = await PressAsync(browser, url, "add-activities");
        Assert.Equal([$"Activities_{S(activities)}__Text"], Autofocused(added));
        Assert.Equal(["Responsible_1__RoleTitle"], Autofocused(await PressAsync(browser, url, "add-responsible", added)));
        Assert.Equal(["FollowUps_1__RefersTo"], Autofocused(await PressAsync(browser, url, "add-followups")));
        Assert.Equal(["Effects_1__RefersTo"], Autofocused(await PressAsync(browser, url, "up-effects-2")));
        Assert.Equal(["Effects_2__RefersTo"], Autofocused(await PressAsync(browser, url, "down-effects-1")));
        Assert.Equal(["Resources_0__Text"], Autofocused(await PressAsync(browser, url, "remove-resources-0")));

        // The last row removed: focus on the list's own "Lägg till" button.
        IDocument page = await browser.GetPageAsync(url);
        var resources = page.QuerySelectorAll("textarea[name^='Resources[']").Length;
        for (var n = resources - 1; n >= 0; n--)
        {
            page = await PressAsync(browser, url, $"remove-resources-{S(n)}", page);
        }
        Assert.Equal(["add-resources"], Autofocused(page));
    }

    [Fact]
    public async Task The_plan_forms_row_buttons_return_focus_to_the_row()
    {
        var id = await app.WithDbAsync(db => db.Plans.Where(p => p.Key == "halmstad-utvecklingsplan-2020-2021").Select(p => p.Id).SingleAsync());
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var url = $"/planer/{S(id)}/redigera";
        var page = await browser.GetPageAsync(url);
        var themes = page.QuerySelectorAll("select[name^='Themes['][name$='.Kind']").Length;

        var one = await PressAsync(browser, url, "add-theme", page);
        Assert.Equal([$"Themes_{S(themes)}__Kind"], Autofocused(one));
        var two = await PressAsync(browser, url, "add-theme", one);
        Assert.Equal(["Themes_0__Kind"], Autofocused(await PressAsync(browser, url, "remove-theme-0", two)));
        var occasions = page.QuerySelectorAll("select[name^='Occasions['][name$='.Kind']").Length;
        Assert.Equal([$"Occasions_{S(occasions)}__Kind"], Autofocused(await PressAsync(browser, url, "add-occasion", page)));
    }
}
