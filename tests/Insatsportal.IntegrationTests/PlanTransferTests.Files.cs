using System.Globalization;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using T = Insatsportal.Web.Features.PlanTransfer.PlanTemplate;

namespace Insatsportal.IntegrationTests;

/// <summary>Files that are not the template, uploads over the size and insats limits, and the largest import allowed.</summary>
public partial class PlanTransferTests
{
    public static TheoryData<string, string> BrokenFiles => new()
    {
        { "random", "Filen är inte en Excel-arbetsbok (.xlsx) eller är skadad." },
        { "empty", "Filen är tom." },
        { "docx", "Filen är ett Word-dokument, inte en Excel-arbetsbok." },
        { "encrypted", "Filen är lösenordsskyddad (krypterad) eller sparad i det äldre Excel-formatet .xls." },
        { "missing-column", "Kolumnen ”Status” saknas." },
        { "missing-sheet", "Arbetsboken saknar bladet ”Aktiviteter”." },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public async Task A_file_that_is_not_a_workbook_in_the_template_is_refused_with_a_swedish_message_and_nothing_is_saved(string kind, string message)
    {
        var halmstad = await app.HalmstadAsync();
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var file = kind switch
        {
            "random" => System.Security.Cryptography.RandomNumberGenerator.GetBytes(4096),
            "empty" => [],
            "docx" => WordDocument(),
            // An encrypted Office file is an OLE compound file: its magic bytes, then sectors.
            "encrypted" => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[4088]],
            "missing-column" => TestWorkbook.Read(await ExportAsync(browser, halmstad)).RemoveColumn(Insatser, T.Initiatives.Status).ToBytes(),
            "missing-sheet" => WithoutSheet(TestWorkbook.Read(await ExportAsync(browser, halmstad)), T.Activities.Sheet.Name).ToBytes(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var before = await CountAsync();

        var response = await UploadAsync(browser, halmstad, file);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Contains(message, page.QuerySelector(".error-summary")?.TextContent + page.QuerySelector("table.import-problems")?.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("main form.confirm-form"));
        Assert.Equal(before, await CountAsync());
    }

    private static TestWorkbook WithoutSheet(TestWorkbook book, string name)
    {
        book.Sheets.RemoveAll(s => s.Name == name);
        return book;
    }

    private static byte[] WordDocument()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            document.AddMainDocumentPart().Document = new W.Document(new W.Body(new W.Paragraph(new W.Run(new W.Text("Utvecklingsplan")))));
        }
        return stream.ToArray();
    }

    [Fact]
    public async Task An_oversized_upload_is_refused_with_a_swedish_message_and_no_error_page()
    {
        var halmstad = await app.HalmstadAsync();
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var before = await CountAsync();

        var response = await UploadAsync(browser, halmstad, new byte[(int)T.MaxFileBytes + (1024 * 1024)]);

        Forms.AssertRedirect(response, $"/planer/{S(halmstad)}/importera?fel=storlek");
        var page = await browser.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Filen är större än 5 MB.", page.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_file_with_more_insatser_than_the_limit_is_refused_with_the_limit_named()
    {
        var halmstad = await app.HalmstadAsync();
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var book = TestWorkbook.Read(await ExportAsync(browser, halmstad));
        for (var n = book[Insatser].Rows.Count; n <= T.MaxInitiatives; n++)
        {
            book.Add(Insatser, (T.Initiatives.Key, $"extra-{S(n)}"), (T.Initiatives.Title, $"Extra {S(n)}"), (T.Initiatives.Status, "Planerad"));
        }
        var before = await CountAsync();

        var page = await PreviewAsync(browser, halmstad, book.ToBytes());

        Assert.Contains("högst 2\u00A0000 kan importeras åt gången", page.QuerySelector("table.import-problems")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("main form.confirm-form"));
        Assert.Equal(before, await CountAsync());
    }

    /// <summary>
    /// Times the largest import allowed: 2 000 new insatser, each with two activities, a responsible entry, an
    /// expected effect with an indicator and a resource, from upload to the end of the background job. Writes the
    /// figures to import-benchmark.md next to the test assembly (or $INSATSPORTAL_IMPORT_BENCHMARK_OUTPUT) and
    /// asserts what was written, never the time (docs/performance.md).
    /// </summary>
    [Fact]
    [Trait("Category", "Benchmark")]
    public async Task The_largest_allowed_import_of_2000_insatser_is_written_whole_and_shows_its_progress()
    {
        await app.HalmstadAsync();
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var target = await NewEmptyPlanAsync("Stor import");
        var book = TestWorkbook.Read(await ExportAsync(browser, target));
        for (var n = 1; n <= T.MaxInitiatives; n++)
        {
            var key = $"insats-{S(n)}";
            book.Add(Insatser, (T.Initiatives.Key, key), (T.Initiatives.Title, $"Insats {S(n)}"), (T.Initiatives.Status, "Pågående"),
                (T.Initiatives.Purpose, "Att pröva en stor import."), (T.Initiatives.StartDate, "2026-01-01"), (T.Initiatives.EndDate, "2026-12-31"),
                (T.Initiatives.Units, "Vallåsskolan"));
            book.Add(T.Responsible.Sheet.Name, (T.InitiativeKey, key), (T.Responsible.Role, "Avdelningschef Kvalitet"), (T.Responsible.Department, "Kvalitetsavdelningen"));
            book.Add(T.Activities.Sheet.Name, (T.InitiativeKey, key), (T.Activities.Text, "Planera"), (T.Timing, "Våren"));
            book.Add(T.Activities.Sheet.Name, (T.InitiativeKey, key), (T.Activities.Text, "Genomföra"), (T.Timing, "Hösten"));
            book.Add(T.Effects.Sheet.Name, (T.InitiativeKey, key), (T.RefersTo, "1–2"), (T.Effects.Text, "Bättre resultat"),
                (T.Effects.Indicator, "Andel"), (T.Effects.IndicatorUnit, "%"), (T.Effects.Baseline, "40,5"), (T.Effects.Target, "60"));
            book.Add(T.Resources.Sheet.Name, (T.InitiativeKey, key), (T.Resources.Text, "Handledning"), (T.Resources.Amount, "10000"), (T.Resources.Hours, "20"));
        }
        var file = book.ToBytes();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var preview = await PreviewAsync(browser, target, file);
        var previewTime = clock.Elapsed;
        Assert.Null(preview.QuerySelector(".error-summary"));
        Assert.Equal(T.MaxInitiatives, preview.QuerySelectorAll($"table[data-sheet={Insatser}] tr.change-created").Length);
        var progress = new List<string>();
        clock.Restart();
        var status = await ConfirmAsync(browser, preview, progress);
        var importTime = clock.Elapsed;

        Assert.True(status.QuerySelector(".notice--success") is not null, status.QuerySelector("main")?.TextContent);
        Assert.Contains("2\u00A0000 insatser skapade", status.QuerySelector(".notice--success")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(T.MaxInitiatives, await app.WithDbAsync(db => db.Initiatives.CountAsync(i => i.PlanId == target)));
        Assert.Equal(2 * T.MaxInitiatives, await app.WithDbAsync(db => db.Activities.CountAsync(a => a.Initiative.PlanId == target)));
        Assert.Equal(T.MaxInitiatives, await app.WithDbAsync(db => db.ChangeLog.CountAsync(c => c.Action == ChangeAction.Created
            && c.EntityType == HistoryEntityTypes.Initiative && db.Initiatives.Any(i => i.Id == c.EntityId && i.PlanId == target))));

        var report = new System.Text.StringBuilder()
            .AppendLine("# Import benchmark")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"- File: {S(T.MaxInitiatives)} insatser, {S(file.Length / 1024)} KB")
            .AppendLine(CultureInfo.InvariantCulture, $"- Upload and preview: {previewTime.TotalSeconds:F1} s")
            .AppendLine(CultureInfo.InvariantCulture, $"- Confirmation to finished import: {importTime.TotalSeconds:F1} s")
            .AppendLine(CultureInfo.InvariantCulture, $"- Progress seen on the status page: {string.Join("; ", progress.Where(p => p.Length > 0).Distinct())}");
        var output = Environment.GetEnvironmentVariable("INSATSPORTAL_IMPORT_BENCHMARK_OUTPUT") ?? Path.Combine(AppContext.BaseDirectory, "import-benchmark.md");
        await File.WriteAllTextAsync(output, report.ToString());
    }
}
