using System.Globalization;
using Insatsportal.BrowserTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Insatsportal.BrowserTests;

/// <summary>Journey 3: the avdelningschef sends a rektor's report back with a comment; the rektor changes it, submits
/// it again, and it is approved.</summary>
[Collection(JourneyCollection.Name)]
public sealed class Journey3ReviewTests(BrowserFixture app, ITestOutputHelper output)
{
    private const string Initiative = "Underlag som stödjer ett undersökande av utbildningens kvalitet";
    private const string Round = "Höstens uppföljning i webbläsaren";

    [Fact]
    public async Task The_avdelningschef_returns_a_rektors_report_with_a_comment_the_rektor_changes_and_resubmits_and_it_is_approved() =>
        await new Journey(app, output, "resa-3-granskning").RunAsync(async journey =>
        {
            // In the demo data no school is targeted by an insats of the avdelningschef's department, so the
            // avdelningschef first lets the insats target Vallåsskolan and opens a round, as leadership does.
            var head = await journey.OpenAsync(DemoUsers.DepartmentHead);
            await Pages.FollowMenuAsync(head, "Insatser");
            await head.GetByRole(AriaRole.Searchbox).FillAsync("undersökande av utbildningens kvalitet");
            await head.GetByRole(AriaRole.Button, new() { Name = "Sök", Exact = true }).ClickAsync();
            await head.GetByRole(AriaRole.Link, new() { Name = Initiative }).ClickAsync();
            await head.GetByRole(AriaRole.Link, new() { Name = "Redigera", Exact = true }).ClickAsync();
            await head.GetByRole(AriaRole.Group, new() { Name = "Berörda enheter" }).GetByLabel("Vallåsskolan", new() { Exact = true }).CheckAsync();
            await head.GetByRole(AriaRole.Button, new() { Name = "Spara", Exact = true }).ClickAsync();
            await Expect(head.Locator("h1")).ToContainTextAsync(Initiative);

            await Pages.FollowMenuAsync(head, "Omgångar");
            await head.GetByRole(AriaRole.Link, new() { Name = "Öppna ny omgång" }).ClickAsync();
            await head.GetByLabel("Plan").SelectOptionAsync(new SelectOptionValue { Label = "Utvecklingsplan 2020–2021" });
            await head.GetByLabel("Namn").FillAsync(Round);
            // The app's own clock and day (Europe/Stockholm), not the test machine's time zone.
            var today = ReportStates.Today(app.App.Services.GetRequiredService<TimeProvider>());
            await head.GetByLabel("Öppnar").FillAsync(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await head.GetByLabel("Sista dag att rapportera").FillAsync(today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await head.GetByRole(AriaRole.Button, new() { Name = "Öppna omgången" }).ClickAsync();
            await Expect(head.Locator("h1")).ToContainTextAsync(Round);

            var rektor = await journey.OpenAsync(DemoUsers.Principal);
            await Pages.OpenReportToWriteAsync(rektor, Initiative, Round);
            await Pages.AnswerReportAsync(rektor, "Vi har börjat använda underlagen på arbetsplatsträffarna.");
            await rektor.GetByRole(AriaRole.Button, new() { Name = "Klarmarkera och skicka" }).ClickAsync();
            await Pages.ExpectStateAsync(rektor, "Inskickad");
            // The way on to the next report due is offered at once (the rektor has more in the live demo round).
            await Expect(rektor.GetByRole(AriaRole.Link, new() { Name = "Nästa rapport", Exact = true })).ToBeVisibleAsync();
            await journey.ShotAsync(rektor, "inskickad");

            await Pages.FollowMenuAsync(head, "Att göra");
            var toReview = head.Locator("main table").Filter(new() { Has = head.Locator("caption", new() { HasText = "Inskickade rapporter" }) })
                .Locator("tbody tr").Filter(new() { HasText = Initiative }).Filter(new() { HasText = Round });
            await Expect(toReview).ToContainTextAsync("Vallåsskolan");
            await toReview.GetByRole(AriaRole.Link).ClickAsync();
            await Expect(head.Locator("main")).ToContainTextAsync("Vi har börjat använda underlagen på arbetsplatsträffarna.");
            await journey.ShotAsync(head, "att-granska");
            await head.GetByLabel("Kommentar till författaren").FillAsync("Beskriv vilka underlag ni använt och hur ofta.");
            await head.GetByRole(AriaRole.Button, new() { Name = "Skicka tillbaka" }).ClickAsync();
            await Pages.ExpectNoticeAsync(head, "Rapporten är skickad tillbaka till författaren.");
            await Pages.ExpectStateAsync(head, "Återsänd");

            await Pages.FollowMenuAsync(rektor, "Att göra");
            // "Återsänd" once: the state, not the state and a note repeating it.
            var returnedRow = rektor.Locator("table.todo tbody tr").Filter(new() { HasText = Initiative }).Filter(new() { HasText = Round });
            await Expect(returnedRow).ToContainTextAsync("Återsänd");
            await Expect(returnedRow).Not.ToContainTextAsync("(återsänd)");
            await Pages.OpenReportToWriteAsync(rektor, Initiative, Round);
            // The returner's comment at the top, before the report's facts, with who returned it.
            var comment = rektor.GetByRole(AriaRole.Note);
            await Expect(comment).ToContainTextAsync("Beskriv vilka underlag ni använt och hur ofta.");
            await Expect(comment).ToContainTextAsync("skickade tillbaka rapporten");
            Assert.True(await rektor.EvaluateAsync<bool>(
                "() => !!(document.querySelector('.return-comment').compareDocumentPosition(document.querySelector('dl.facts')) & Node.DOCUMENT_POSITION_FOLLOWING)"),
                "the return comment comes before the report's facts");
            await journey.ShotAsync(rektor, "atersand");
            await rektor.GetByLabel("Bedömning i några meningar")
                .FillAsync("Vi använder elevenkäten och skolinspektionens underlag på varannan arbetsplatsträff.");
            await rektor.GetByRole(AriaRole.Button, new() { Name = "Klarmarkera och skicka" }).ClickAsync();
            await Pages.ExpectStateAsync(rektor, "Inskickad");
            var reportUrl = rektor.Url;
            await rektor.GetByRole(AriaRole.Link, new() { Name = "Nästa rapport", Exact = true }).ClickAsync();
            await Expect(rektor.Locator("h1")).ToContainTextAsync("Rapport:");
            Assert.NotEqual(reportUrl, rektor.Url);
            await rektor.GotoAsync(reportUrl);

            await Pages.FollowMenuAsync(head, "Att göra");
            await toReview.GetByRole(AriaRole.Link).ClickAsync();
            await Expect(head.Locator("main")).ToContainTextAsync("elevenkäten och skolinspektionens underlag");
            await head.GetByRole(AriaRole.Button, new() { Name = "Godkänn rapporten" }).ClickAsync();
            await Pages.ExpectNoticeAsync(head, "Rapporten är godkänd.");
            await Pages.ExpectStateAsync(head, "Godkänd");
            await journey.ShotAsync(head, "godkand");

            await rektor.ReloadAsync();
            await Pages.ExpectStateAsync(rektor, "Godkänd");
            await Expect(rektor.Locator(".transitions")).ToContainTextAsync("Inskickad → Godkänd");
        });
}
