using System.Globalization;
using Insatsportal.BrowserTests.Infrastructure;
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
            var today = DateOnly.FromDateTime(DateTime.Now);
            await head.GetByLabel("Öppnar").FillAsync(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await head.GetByLabel("Sista dag att rapportera").FillAsync(today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await head.GetByRole(AriaRole.Button, new() { Name = "Öppna omgången" }).ClickAsync();
            await Expect(head.Locator("h1")).ToContainTextAsync(Round);

            var rektor = await journey.OpenAsync(DemoUsers.Principal);
            await Pages.OpenReportToWriteAsync(rektor, Initiative, Round);
            await Pages.AnswerReportAsync(rektor, "Vi har börjat använda underlagen på arbetsplatsträffarna.");
            await rektor.GetByRole(AriaRole.Button, new() { Name = "Klarmarkera och skicka" }).ClickAsync();
            await Pages.ExpectStateAsync(rektor, "Inskickad");
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
            await Expect(rektor.Locator("table.todo tbody tr").Filter(new() { HasText = Initiative }).Filter(new() { HasText = Round }))
                .ToContainTextAsync("(återsänd)");
            await Pages.OpenReportToWriteAsync(rektor, Initiative, Round);
            await Expect(rektor.GetByRole(AriaRole.Note)).ToContainTextAsync("Beskriv vilka underlag ni använt och hur ofta.");
            await journey.ShotAsync(rektor, "atersand");
            await rektor.GetByLabel("Bedömning i några meningar")
                .FillAsync("Vi använder elevenkäten och skolinspektionens underlag på varannan arbetsplatsträff.");
            await rektor.GetByRole(AriaRole.Button, new() { Name = "Klarmarkera och skicka" }).ClickAsync();
            await Pages.ExpectStateAsync(rektor, "Inskickad");

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
