using Insatsportal.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Insatsportal.BrowserTests;

/// <summary>Journey 5: journey 2 with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrow keys; no clicks), with a
/// visible focus indicator at every stop.</summary>
[Collection(JourneyCollection.Name)]
public sealed class Journey5KeyboardTests(BrowserFixture app, ITestOutputHelper output)
{
    // A draft of the demo data's live round that no other journey touches.
    private const string Initiative = "Utvecklad undervisning i svenska som andraspråk";
    private const string Round = "Lägesbedömning 2021";

    [Fact]
    public async Task A_rektor_writes_saves_and_submits_the_schools_report_using_only_the_keyboard_with_focus_always_visible() =>
        await new Journey(app, output, "resa-5-tangentbord").RunAsync(async journey =>
        {
            var page = await journey.OpenAsync(null);
            await page.GotoAsync("/logga-in");
            await Keyboard.TabToAsync(page, f => f.Name == "Email", "the e-mail field");
            await page.Keyboard.TypeAsync(DemoUsers.Principal);
            await Keyboard.TabToAsync(page, f => f.Name == "Password", "the password field");
            await page.Keyboard.TypeAsync(AppServer.DemoPassword);
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" })).ToBeVisibleAsync();

            await OpenReportAsync(page);
            await journey.ShotAsync(page, "rapporten");
            await FillInAsync(page);
            // Past the last field is the submit button; one step back with Shift+Tab is "Spara utkast".
            await Keyboard.TabToAsync(page, f => f.Text == "Klarmarkera och skicka", "the submit button");
            await Keyboard.TabToAsync(page, f => f.Text == "Spara utkast", "the save button", backwards: true, maxStops: 1);
            await page.Keyboard.PressAsync("Space");
            await Pages.ExpectNoticeAsync(page, "Utkastet är sparat.");
            await Pages.ExpectStateAsync(page, "Utkast");
            await journey.ShotAsync(page, "utkast-sparat");

            await OpenReportAsync(page);
            await Expect(page.GetByLabel("Bedömning i några meningar")).ToHaveValueAsync("Undervisningen i svenska som andraspråk har fått fler lektioner.");
            await Keyboard.TabToAsync(page, f => f.Text == "Klarmarkera och skicka", "the submit button");
            await page.Keyboard.PressAsync("Enter");
            await Pages.ExpectNoticeAsync(page, "Rapporten är klarmarkerad och skickad för granskning.");
            await Pages.ExpectStateAsync(page, "Inskickad");
            await journey.ShotAsync(page, "inskickad");
        });

    /// <summary>From the top of any page: the menu's Att göra, then the report's row.</summary>
    private static async Task OpenReportAsync(IPage page)
    {
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        await Keyboard.TabToAsync(page, f => f.Tag == "a" && f.Text.StartsWith("Att göra", StringComparison.Ordinal), "Att göra in the menu");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Att göra");
        var row = page.Locator("table.todo tbody tr").Filter(new() { HasText = Initiative }).Filter(new() { HasText = Round });
        var href = await row.GetByRole(AriaRole.Link).GetAttributeAsync("href");
        await Keyboard.TabToAsync(page, f => f.Tag == "a" && f.Href == href, "the report in Att göra");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToContainTextAsync(Initiative);
    }

    /// <summary>Tabs through the report form and answers each question on the way.</summary>
    private static async Task FillInAsync(IPage page)
    {
        var answered = 0;
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        await Keyboard.TabToAsync(page, f => f.Name == "Implementation", "the first question");
        while (true)
        {
            var f = await Keyboard.FocusedAsync(page);
            switch (f.Name)
            {
                case "Implementation":
                case { } n when n.StartsWith("Activities[", StringComparison.Ordinal) && n.EndsWith(".Status", StringComparison.Ordinal):
                    await Keyboard.ChooseAsync(page, "OnTrack");
                    answered++;
                    break;
                case { } n when n.EndsWith(".Judgement", StringComparison.Ordinal):
                    await Keyboard.ChooseAsync(page, "PartlyVisible");
                    answered++;
                    break;
                case { } n when n.EndsWith(".EvidenceType", StringComparison.Ordinal):
                    await Keyboard.ChooseAsync(page, "Observation");
                    break;
                case { } n when n.EndsWith(".Evidence", StringComparison.Ordinal):
                    await Keyboard.TypeAsync(page, "Lektionsbesök i tre klasser.");
                    break;
                case "OverallAssessment":
                    await Keyboard.TypeAsync(page, "Undervisningen i svenska som andraspråk har fått fler lektioner.");
                    Assert.True(answered >= 2, $"expected the questions of genomförande and effekt before the assessment, answered {answered}");
                    return;
            }
            await Keyboard.TabToAsync(page, _ => true, "the next field");
        }
    }
}
