using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Insatsportal.BrowserTests.Infrastructure;

/// <summary>What users do on more than one journey, done the way they do it: through menus, labels and buttons.</summary>
public static partial class Pages
{
    public static async Task FollowMenuAsync(IPage page, string item)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" })
            .GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^" + Regex.Escape(item)) }).ClickAsync();
        await Expect(page.Locator("h1")).ToBeVisibleAsync();
    }

    /// <summary>Opens the report in the user's Att göra table whose row names the insats and the round.</summary>
    public static async Task OpenReportToWriteAsync(IPage page, string initiative, string round)
    {
        await FollowMenuAsync(page, "Att göra");
        var row = page.Locator("table.todo tbody tr").Filter(new() { HasText = initiative }).Filter(new() { HasText = round });
        await Expect(row).ToHaveCountAsync(1);
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync(initiative);
    }

    /// <summary>Answers every question of the report form: genomförande, each activity, each expected effect and the
    /// overall assessment.</summary>
    public static async Task AnswerReportAsync(IPage page, string assessment)
    {
        var form = page.Locator("form.report-form");
        await form.GetByLabel("Hur går genomförandet av insatsen?").SelectOptionAsync(new SelectOptionValue { Label = "Pågår enligt plan" });
        await form.GetByLabel("Kommentar om genomförandet").FillAsync("Arbetet följer tidsplanen.");
        foreach (var select in await form.Locator("select[name^='Activities[']").AllAsync())
        {
            await select.SelectOptionAsync(new SelectOptionValue { Label = "Pågår enligt plan" });
        }
        var effects = await form.Locator("select[name$='.Judgement']").CountAsync();
        for (var i = 0; i < effects; i++)
        {
            var effect = form.GetByRole(AriaRole.Group, new() { Name = $"Förväntad effekt {i + 1}", Exact = true });
            await effect.GetByLabel("Är effekten synlig?").SelectOptionAsync(new SelectOptionValue { Label = "Synlig" });
            await effect.GetByLabel("Underlag", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Enkät" });
            await effect.GetByLabel("Vad bedömningen vilar på").FillAsync($"Enkät till personalen, effekt {i + 1}.");
        }
        await form.GetByLabel("Bedömning i några meningar").FillAsync(assessment);
    }

    public static async Task ExpectNoticeAsync(IPage page, string text) =>
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = text })).ToBeVisibleAsync();

    public static async Task ExpectStateAsync(IPage page, string state) =>
        await Expect(page.Locator("dl.facts dt:text-is('Läge') + dd")).ToHaveTextAsync(state);

    public static Regex Path(string path) => new($"^https?://[^/]+{Regex.Escape(path)}$");
}
