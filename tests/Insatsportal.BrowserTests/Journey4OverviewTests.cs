using System.IO.Compression;
using System.Text.RegularExpressions;
using Insatsportal.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Insatsportal.BrowserTests;

/// <summary>Journey 4: the förvaltningschef reads the overview, follows a figure to the list behind it, and takes
/// the nämnd report and the Excel file home.</summary>
[Collection(JourneyCollection.Name)]
public sealed partial class Journey4OverviewTests(BrowserFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task The_forvaltningschef_opens_the_overview_follows_a_figure_to_its_list_and_downloads_the_namnd_report_and_the_excel_file() =>
        await new Journey(app, output, "resa-4-oversikt").RunAsync(async journey =>
        {
            var page = await journey.OpenAsync(DemoUsers.DirectorOfEducation);
            // The start page begins with leadership's work: the reports waiting for review and the next deadline.
            await Pages.FollowMenuAsync(page, "Start");
            await Expect(page.Locator("main h2").First).ToHaveTextAsync("Att granska");
            await Expect(page.Locator(".next-deadline")).ToContainTextAsync("Nästa sista dag");
            await journey.ShotAsync(page, "start");
            await Pages.FollowMenuAsync(page, "Översikt");
            await Expect(page).ToHaveURLAsync(Pages.Path("/oversikt"));
            await journey.ShotAsync(page, "oversikt");

            // A figure on the overview is a link to the list it counts; the list holds exactly that many rows.
            var figure = page.Locator("main a.figure").Filter(new() { HasTextRegex = NonZero() }).First;
            var count = int.Parse((await figure.InnerTextAsync()).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            await figure.ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/oversikt/(insatser|rapporter)"));
            await Expect(page.Locator("#antal")).ToHaveTextAsync(new Regex($"^{count} "));
            await Expect(page.Locator("main table.overview-list tbody tr")).ToHaveCountAsync(count);
            await journey.ShotAsync(page, "listan-bakom-siffran");

            // The nämnd report is one click from the overview: the printable page, then Word and Excel.
            await page.GoBackAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Utskriftsvänlig sida", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"/omgangar/\d+/namndunderlag$"));
            await Expect(page.Locator("main")).ToContainTextAsync(NamndReport());
            await journey.ShotAsync(page, "namndunderlag");
            await page.GoBackAsync();

            var word = await page.RunAndWaitForDownloadAsync(() => page.Locator("main a[href*='.docx'], main a[href*='docx']").First.ClickAsync());
            Assert.EndsWith(".docx", word.SuggestedFilename, StringComparison.Ordinal);
            AssertOfficeFile(await word.PathAsync(), "word/document.xml");

            var excel = await page.RunAndWaitForDownloadAsync(() => page.Locator("main a[href*='.xlsx'], main a[href*='xlsx']").First.ClickAsync());
            Assert.EndsWith(".xlsx", excel.SuggestedFilename, StringComparison.Ordinal);
            AssertOfficeFile(await excel.PathAsync(), "xl/workbook.xml");
        });

    /// <summary>An Office Open XML file is a zip holding its main part.</summary>
    private static void AssertOfficeFile(string path, string mainPart)
    {
        using var zip = ZipFile.OpenRead(path);
        Assert.Contains(zip.Entries, e => e.FullName == mainPart);
    }

    [GeneratedRegex(@"^\s*[1-9]\d*\s*$")]
    private static partial Regex NonZero();

    [GeneratedRegex("[Nn]ämnd")]
    private static partial Regex NamndReport();
}
