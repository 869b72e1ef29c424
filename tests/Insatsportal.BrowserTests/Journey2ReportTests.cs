using System.Text.RegularExpressions;
using Insatsportal.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Insatsportal.BrowserTests;

/// <summary>Journey 2: a rektor writes the follow-up report for their school, in two sittings.</summary>
[Collection(JourneyCollection.Name)]
public sealed class Journey2ReportTests(BrowserFixture app, ITestOutputHelper output)
{
    // A report of the demo data's live round that no other journey touches: not started, for Vallåsskolan.
    private const string Initiative = "Barn- och elevhearings";
    private const string Round = "Lägesbedömning 2021";

    [Fact]
    public async Task A_rektor_opens_att_gora_fills_in_the_schools_report_saves_a_draft_comes_back_and_submits_it() =>
        await new Journey(app, output, "resa-2-rektorns-rapport").RunAsync(async journey =>
        {
            var page = await journey.OpenAsync(DemoUsers.Principal);
            await Pages.OpenReportToWriteAsync(page, Initiative, Round);
            await Pages.ExpectStateAsync(page, "Ej påbörjad");
            await journey.ShotAsync(page, "rapporten");

            var form = page.Locator("form.report-form");
            await form.GetByLabel("Hur går genomförandet av insatsen?").SelectOptionAsync(new SelectOptionValue { Label = "Pågår enligt plan" });
            await form.GetByLabel("Bedömning i några meningar").FillAsync("Första hearingen är genomförd.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Spara utkast" }).ClickAsync();
            await Pages.ExpectNoticeAsync(page, "Utkastet är sparat.");
            await Pages.ExpectStateAsync(page, "Utkast");
            await journey.ShotAsync(page, "utkast-sparat");

            // Later: the draft is still in Att göra with what was written.
            await Pages.FollowMenuAsync(page, "Start");
            // The start page begins with what the rektor must do: Att göra, with the count and the most urgent reports.
            await Expect(page.Locator("main h2").First).ToHaveTextAsync("Att göra");
            await Expect(page.Locator(".start-todo .figure")).ToContainTextAsync("rapporter");
            await Expect(page.Locator(".start-todo tbody tr").First.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", new Regex("^/rapporter/\\d+$"));
            await Pages.OpenReportToWriteAsync(page, Initiative, Round);
            await Expect(form.GetByLabel("Bedömning i några meningar")).ToHaveValueAsync("Första hearingen är genomförd.");
            await Expect(form.GetByLabel("Hur går genomförandet av insatsen?")).ToHaveValueAsync("OnTrack");
            await Pages.AnswerReportAsync(page, "Första hearingen är genomförd. Eleverna vill ha fler.");
            await journey.ShotAsync(page, "ifylld");
            await page.GetByRole(AriaRole.Button, new() { Name = "Klarmarkera och skicka" }).ClickAsync();

            await Pages.ExpectNoticeAsync(page, "Rapporten är klarmarkerad och skickad för granskning.");
            await Pages.ExpectStateAsync(page, "Inskickad");
            await Expect(page.Locator("main")).ToContainTextAsync("Första hearingen är genomförd. Eleverna vill ha fler.");
            await journey.ShotAsync(page, "inskickad");
            await Pages.FollowMenuAsync(page, "Att göra");
            await Expect(page.Locator("table.todo tbody tr").Filter(new() { HasText = Initiative }).Filter(new() { HasText = Round })).ToHaveCountAsync(0);
        });
}
