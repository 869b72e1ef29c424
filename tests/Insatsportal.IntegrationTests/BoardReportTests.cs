using System.Globalization;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Spreadsheet;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.FollowUps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Insatsportal.IntegrationTests;

/// <summary>The nämndunderlag of the demo rounds (seeds/demo/rounds.json) as a page, a Word document and a workbook.</summary>
public class BoardReportTests(BoardReportTests.Factory app, ITestOutputHelper output) : IClassFixture<BoardReportTests.Factory>
{
    public class Factory : CountingAppFactory;

    private const string Halmstad = "halmstad-utvecklingsplan-2020-2021";
    private const string ClosedRound = "Delårsrapport 1 2020";
    private const string LiveRound = "Lägesbedömning 2021";
    private static readonly Uri Base = new("https://localhost");

    private static Task<int> RoundIdAsync(AppFactory factory, string name) => factory.WithDbAsync(db =>
        db.FollowUpRounds.Where(r => r.Plan.Key == Halmstad && r.Name == name).Select(r => r.Id).SingleAsync());

    private sealed record ReportRow(
        int InitiativeId, int? UnitId, string Title, string? Goal, string? GoalShortName, ReportStatus Status, string? OverallAssessment);

    private static Task<List<ReportRow>> ReportsAsync(AppFactory factory, int roundId) => factory.WithDbAsync(db => db.FollowUpReports
        .Where(r => r.RoundId == roundId)
        .Select(r => new ReportRow(r.InitiativeId, r.UnitId, r.InitiativeTitle, r.GoalTitleInRound, r.GoalShortNameInRound, r.Status, r.OverallAssessment))
        .ToListAsync());

    private static async Task<HttpClient> SignedInAsync(AppFactory factory, string user)
    {
        var browser = factory.CreateBrowser();
        await browser.SignInAsAsync(user);
        return browser;
    }

    private static async Task<byte[]> DownloadAsync(HttpClient browser, string url)
    {
        var response = await browser.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} gave {(int)response.StatusCode}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task The_printable_page_has_a_cover_contents_a_summary_and_a_section_per_goal_and_per_insats()
    {
        var id = await RoundIdAsync(app, ClosedRound);
        var reports = await ReportsAsync(app, id);
        var browser = await SignedInAsync(app, DemoUsers.DirectorOfEducation);

        var page = await browser.GetPageAsync($"/omgangar/{S(id)}/namndunderlag");

        var report = page.QuerySelector("article.board-report")!;
        Assert.Equal(ClosedRound, Assert.Single(page.QuerySelectorAll("h1")).TextContent);
        var cover = report.QuerySelector(".br-cover")!.TextContent;
        Assert.Contains("Underlag till nämnden", cover, StringComparison.Ordinal);
        Assert.Contains("Utvecklingsplan 2020", cover, StringComparison.Ordinal);
        Assert.Contains("Barn- och ungdomsförvaltningen", cover, StringComparison.Ordinal);
        Assert.Contains("Omgången stängdes", cover, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("link[rel=stylesheet][href^='/css/print.css']"));

        // One section per goal in the round (the insatser under no goal last, as "Övergripande insatser"), one per insats.
        var goals = reports.Select(r => r.Goal).Distinct().ToList();
        var goalHeadings = report.QuerySelectorAll("section.br-goal > h2").Select(h => h.TextContent).ToList();
        Assert.Equal(goals.Count, goalHeadings.Count);
        Assert.StartsWith("Mål 1: En utvecklad undervisning", goalHeadings[0], StringComparison.Ordinal);
        if (goals.Contains(null))
        {
            Assert.Equal("Övergripande insatser", goalHeadings[^1]);
        }
        var initiatives = reports.Where(r => r.UnitId == null).ToList();
        var sections = report.QuerySelectorAll("section.br-initiative").ToList();
        Assert.Equal(initiatives.Select(r => r.Title).Order(StringComparer.Ordinal),
            sections.Select(s => s.QuerySelector("h3")!.TextContent).Order(StringComparer.Ordinal));

        // Every link in the contents leads to a heading on the page: the summary, each goal and each insats.
        var links = report.QuerySelectorAll(".br-toc a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(1 + goals.Count + initiatives.Count, links.Count);
        Assert.All(links, href => Assert.NotNull(page.GetElementById(href.TrimStart('#'))));

        // The round's assessment of an approved insats, with its effects and the units' reports in short.
        var approved = initiatives.First(r => r.Status == ReportStatus.Approved && r.OverallAssessment is not null);
        var section = page.GetElementById($"insats-{S(approved.InitiativeId)}")!;
        Assert.Contains(approved.OverallAssessment!.Split('\n')[0], section.TextContent, StringComparison.Ordinal);
        Assert.Contains("Godkänd", section.QuerySelector(".br-facts")!.TextContent, StringComparison.Ordinal);
        var underlag = page.GetElementById($"insats-{S(await InitiativeIdAsync("underlag-undersokande"))}")!;
        var effects = underlag.QuerySelector("table.br-effects")!;
        Assert.Equal(["Förväntad effekt", "Bedömning", "Underlag"], effects.QuerySelectorAll("thead th").Select(th => th.TextContent));
        Assert.Contains("Rektorerna på pilotskolorna har vid två avstämningar", effects.TextContent, StringComparison.Ordinal);
        Assert.Contains("Delvis synlig", effects.TextContent, StringComparison.Ordinal);
        var withUnits = initiatives.First(i => reports.Any(r => r.InitiativeId == i.InitiativeId && r.UnitId != null));
        var units = page.GetElementById($"insats-{S(withUnits.InitiativeId)}")!.QuerySelector("table.br-units")!;
        Assert.Equal(reports.Count(r => r.InitiativeId == withUnits.InitiativeId && r.UnitId != null), units.QuerySelectorAll("tbody tr").Length);

        // The summary table has a row per goal and a total that counts every insats and every report.
        var total = report.QuerySelectorAll(".br-summary table:not(.br-effects-summary) tfoot td").Select(td => td.TextContent).ToList();
        Assert.Equal(S(initiatives.Count), total[0]);
        Assert.Equal(S(reports.Count), total[^3]);
        Assert.Equal(goals.Count, report.QuerySelectorAll(".br-summary table:not(.br-effects-summary) tbody tr").Length);
        // And the expected effects per goal by judgement, as in the Word document.
        var effectSummary = report.QuerySelector(".br-summary table.br-effects-summary")!;
        Assert.Equal(["Mål", "Synlig", "Delvis synlig", "Ännu inte synlig", "Kan inte bedömas", "Ej bedömd", "Totalt"],
            effectSummary.QuerySelectorAll("thead th").Select(th => th.TextContent));
        Assert.Equal(goals.Count, effectSummary.QuerySelectorAll("tbody tr").Length);
        var effectCount = await app.WithDbAsync(db => db.ReportEffects.CountAsync(e => e.Report.RoundId == id && e.Report.UnitId == null));
        Assert.Equal(S(effectCount), effectSummary.QuerySelectorAll("tfoot td")[^1].TextContent);
    }

    [Fact]
    public async Task The_print_stylesheet_starts_each_goal_on_a_new_page_hides_the_navigation_and_keeps_table_rows_whole()
    {
        var browser = await SignedInAsync(app, DemoUsers.DirectorOfEducation);

        var css = await browser.GetStringAsync("/css/print.css");

        var print = css[css.IndexOf("@media print", StringComparison.Ordinal)..];
        Assert.Matches(@"\.br-goal \{[^}]*break-before: page", print);
        Assert.Matches(@"\.site-header[^{]*\{[^}]*display: none", print);
        Assert.Matches(@"\.table thead \{[^}]*display: table-header-group", print);
        Assert.Matches(@"\.table tr[^{]*\{[^}]*break-inside: avoid", print);
    }

    [Fact]
    public async Task An_open_rounds_underlag_is_preliminary_and_leaves_out_what_is_not_yet_submitted()
    {
        var id = await RoundIdAsync(app, LiveRound);
        var browser = await SignedInAsync(app, DemoUsers.DepartmentHead);

        var page = await browser.GetPageAsync($"/omgangar/{S(id)}/namndunderlag");

        var main = page.QuerySelector("main")!.TextContent;
        Assert.Contains("Preliminärt underlag", main, StringComparison.Ordinal);
        // Vallåsskolan's draft in the live round says this; a draft is not an answer yet.
        Assert.DoesNotContain("Arbetet fortsätter och lärarna är nöjda.", main, StringComparison.Ordinal);
        Assert.Contains("Utkast", main, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Word_document_opens_with_heading_styles_a_contents_field_and_tables_with_repeating_header_rows()
    {
        var id = await RoundIdAsync(app, ClosedRound);
        var reports = await ReportsAsync(app, id);
        var browser = await SignedInAsync(app, DemoUsers.DirectorOfEducation);

        var response = await browser.GetAsync($"/omgangar/{S(id)}/namndunderlag.docx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Nämndunderlag Delårsrapport 1 2020.docx", response.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.Contains("filename*=UTF-8''N%C3%A4mndunderlag%20Del%C3%A5rsrapport%201%202020.docx",
            response.Content.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);

        using var document = WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        AssertValid(document);
        var styles = document.MainDocumentPart!.StyleDefinitionsPart!.Styles!.Elements<W.Style>().ToDictionary(s => s.StyleId!.Value!);
        foreach (var (style, level) in new[] { ("Heading1", 0), ("Heading2", 1), ("Heading3", 2) })
        {
            Assert.Equal(level, styles[style].StyleParagraphProperties!.OutlineLevel!.Val!.Value);
        }
        Assert.Equal("sv-SE", document.MainDocumentPart.StyleDefinitionsPart.Styles!.DocDefaults!.Descendants<W.Languages>().Single().Val!.Value);

        var paragraphs = document.MainDocumentPart.Document!.Body!.Elements<W.Paragraph>().ToList();
        static string? StyleOf(W.Paragraph p) => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
        List<string> Texts(string style) => paragraphs.Where(p => StyleOf(p) == style).Select(p => string.Concat(p.Descendants<W.Text>().Select(t => t.Text))).ToList();

        var heading1 = Texts("Heading1");
        Assert.Equal("Sammanfattning", heading1[0]);
        Assert.Equal(reports.Select(r => r.Goal).Distinct().Count(), heading1.Count - 1);
        Assert.StartsWith("Mål 1: En utvecklad undervisning", heading1[1], StringComparison.Ordinal);
        var titles = reports.Where(r => r.UnitId == null).Select(r => r.Title).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(titles, Texts("Heading2").Order(StringComparer.Ordinal));
        Assert.Contains("Samlad bedömning", Texts("Heading3"));
        Assert.Contains("Effekter", Texts("Heading3"));

        // The contents: a TOC field whose stored result lists the headings, so it reads before fields are updated.
        Assert.Contains(document.MainDocumentPart.Document.Descendants<W.FieldCode>(), f => f.Text.Contains("TOC \\o \"1-3\"", StringComparison.Ordinal));
        Assert.Equal(heading1, Texts("TOC1"));
        Assert.Equal(Texts("Heading2"), Texts("TOC2"));
        var bookmarks = document.MainDocumentPart.Document.Descendants<W.BookmarkStart>().Select(b => b.Name!.Value).ToHashSet();
        Assert.All(document.MainDocumentPart.Document.Descendants<W.Hyperlink>(), h => Assert.Contains(h.Anchor!.Value, bookmarks));

        var tables = document.MainDocumentPart.Document.Body.Elements<W.Table>().ToList();
        Assert.True(tables.Count > titles.Count, $"expected effect and unit tables, found {tables.Count}");
        Assert.All(tables, t =>
        {
            var rows = t.Elements<W.TableRow>().ToList();
            Assert.NotNull(rows[0].TableRowProperties!.GetFirstChild<W.TableHeader>());
            Assert.All(rows, r => Assert.NotNull(r.TableRowProperties!.GetFirstChild<W.CantSplit>()));
        });
        var summary = tables[0].Elements<W.TableRow>().ToList();
        Assert.Equal("Mål", summary[0].Elements<W.TableCell>().First().InnerText);
        Assert.Equal(["Hela planen", S(titles.Count)], summary[^1].Elements<W.TableCell>().Take(2).Select(c => c.InnerText));
        Assert.Contains("Rektorerna på pilotskolorna har vid två avstämningar", document.MainDocumentPart.Document.Body.InnerText, StringComparison.Ordinal);
    }

    /// <summary>Read as the zip it is: what Word needs to number pages, fill in the contents when the file is opened,
    /// lay tables out on A4 portrait, and what the summary says about the effects.</summary>
    [Fact]
    public async Task The_Word_document_numbers_its_pages_fills_in_its_contents_on_opening_fits_its_tables_to_A4_and_sums_up_effects_per_goal()
    {
        var id = await RoundIdAsync(app, ClosedRound);
        var effects = await app.WithDbAsync(db => db.ReportEffects.Where(e => e.Report.RoundId == id && e.Report.UnitId == null)
            .Select(e => new { e.Report.Status, e.Judgement }).ToListAsync());
        var browser = await SignedInAsync(app, DemoUsers.DirectorOfEducation);
        var bytes = await DownloadAsync(browser, $"/omgangar/{S(id)}/namndunderlag.docx");

        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
        System.Xml.Linq.XDocument Part(string name)
        {
            using var stream = zip.GetEntry(name)!.Open();
            return System.Xml.Linq.XDocument.Load(stream);
        }
        System.Xml.Linq.XNamespace w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
        System.Xml.Linq.XNamespace r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        var document = Part("word/document.xml");
        static string Code(System.Xml.Linq.XDocument x, System.Xml.Linq.XNamespace w) => string.Concat(x.Descendants(w + "instrText").Select(t => t.Value));

        // Page numbers: the section's footer is a part holding the PAGE (and NUMPAGES) field.
        var section = document.Descendants(w + "body").Single().Elements(w + "sectPr").Single();
        var footerId = section.Elements(w + "footerReference").Single().Attribute(r + "id")!.Value;
        var rels = Part("word/_rels/document.xml.rels");
        var footerTarget = rels.Root!.Elements().Single(e => e.Attribute("Id")!.Value == footerId).Attribute("Target")!.Value;
        var footer = Part("word/" + footerTarget.TrimStart('/').Replace("word/", "", StringComparison.Ordinal));
        Assert.Equal("ftr", footer.Root!.Name.LocalName);
        Assert.Contains(" PAGE ", Code(footer, w), StringComparison.Ordinal);
        Assert.Contains(" NUMPAGES ", Code(footer, w), StringComparison.Ordinal);
        Assert.Contains("Sida", footer.Root.Value, StringComparison.Ordinal);
        Assert.NotNull(section.Element(w + "titlePg")); // no page number on the cover
        Assert.Equal((11906, 16838), ((int)section.Element(w + "pgSz")!.Attribute(w + "w")!, (int)section.Element(w + "pgSz")!.Attribute(w + "h")!)); // A4 portrait

        // The contents: a TOC field, and the setting that makes Word update fields when the file is opened.
        Assert.Contains(" TOC \\o \"1-3\"", Code(document, w), StringComparison.Ordinal);
        var settings = Part("word/settings.xml");
        Assert.Equal("true", settings.Root!.Element(w + "updateFields")?.Attribute(w + "val")?.Value);

        // Every table: fixed layout, as wide as the text, the grid's columns summing to that width and each column at
        // least as wide as its longest word (about 100 twips a character at 10 pt, and the cell margins), so no word
        // is broken letter by letter.
        var pgMar = section.Element(w + "pgMar")!;
        var textWidth = 11906 - (int)pgMar.Attribute(w + "left")! - (int)pgMar.Attribute(w + "right")!;
        var tables = document.Descendants(w + "tbl").ToList();
        Assert.NotEmpty(tables);
        foreach (var table in tables)
        {
            var properties = table.Element(w + "tblPr")!;
            Assert.Equal("fixed", properties.Element(w + "tblLayout")?.Attribute(w + "type")?.Value);
            Assert.Equal(("dxa", textWidth), (properties.Element(w + "tblW")!.Attribute(w + "type")!.Value, (int)properties.Element(w + "tblW")!.Attribute(w + "w")!));
            var grid = table.Element(w + "tblGrid")!.Elements(w + "gridCol").Select(c => (int)c.Attribute(w + "w")!).ToList();
            Assert.Equal(textWidth, grid.Sum());
            var rows = table.Elements(w + "tr").Select(tr => tr.Elements(w + "tc").Select(tc => string.Concat(tc.Descendants(w + "t").Select(t => t.Value))).ToList()).ToList();
            for (var c = 0; c < grid.Count; c++)
            {
                var longest = rows.Select(cells => cells[c].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(x => x.Length).DefaultIfEmpty(0).Max()).Max();
                Assert.True(grid[c] >= longest * 100 + 170, $"column {c} of the table headed {string.Join(" | ", rows[0])} is {grid[c]} twips for a word of {longest} characters");
            }
        }

        // The effects: a table per goal and for the whole plan, by judgement, counted from the insats reports.
        var text = string.Concat(document.Descendants(w + "p").Select(p => string.Concat(p.Descendants(w + "t").Select(t => t.Value)) + "\n"));
        Assert.Contains("Förväntade effekter per mål", text, StringComparison.Ordinal);
        var effectTable = tables.Select(t => t.Elements(w + "tr").Select(tr => tr.Elements(w + "tc").Select(tc => string.Concat(tc.Descendants(w + "t").Select(x => x.Value))).ToList()).ToList())
            .Single(t => t[0].SequenceEqual(["Mål", "Synlig", "Delvis synlig", "Ännu inte synlig", "Kan inte bedömas", "Ej bedömd", "Totalt"]));
        static bool Answered(ReportStatus s) => s is ReportStatus.Submitted or ReportStatus.Approved;
        int Judged(EffectJudgement j) => effects.Count(e => Answered(e.Status) && e.Judgement == j);
        var expected = new[]
        {
            Judged(EffectJudgement.Visible), Judged(EffectJudgement.PartlyVisible), Judged(EffectJudgement.NotYetVisible),
            Judged(EffectJudgement.CannotBeAssessed), effects.Count(e => !Answered(e.Status) || e.Judgement is null), effects.Count,
        };
        Assert.True(expected.Take(4).Sum() > 0 && expected[4] > 0, $"the demo round should have judged and unjudged effects: {string.Join(", ", expected)}");
        Assert.Equal(["Hela planen", .. expected.Select(S)], effectTable[^1]);
        // Under each goal's heading the goal's counts in words; together they are the plan's.
        var lines = System.Text.RegularExpressions.Regex.Matches(text, @"Förväntade effekter: (\d+), varav synlig (\d+), delvis synlig \d+, ännu inte synlig \d+, kan inte bedömas \d+, ej bedömd \d+\.");
        Assert.Equal(effectTable.Count - 2, lines.Count + System.Text.RegularExpressions.Regex.Count(text, "Inga förväntade effekter att bedöma i omgången."));
        Assert.Equal((expected[^1], expected[0]), (lines.Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)), lines.Sum(m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))));
    }

    [Fact]
    public async Task The_Excel_workbook_opens_with_a_summary_sheet_and_a_sheet_per_goal_holding_real_dates_and_numbers()
    {
        var id = await RoundIdAsync(app, ClosedRound);
        var reports = await ReportsAsync(app, id);
        var endDates = await app.WithDbAsync(db => db.FollowUpReports.Where(r => r.RoundId == id && r.UnitId == null)
            .ToDictionaryAsync(r => r.InitiativeTitle, r => r.InitiativeEndDateInRound));
        var browser = await SignedInAsync(app, DemoUsers.DepartmentHead);

        var response = await browser.GetAsync($"/omgangar/{S(id)}/namndunderlag.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Nämndunderlag Delårsrapport 1 2020.xlsx", response.Content.Headers.ContentDisposition!.FileNameStar);
        using var workbook = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        AssertValid(workbook);
        var sheets = Sheets(workbook);
        // The plan's Kolada figures (seeded for the Halmstad plan) have a sheet of their own last; KoladaTests reads it.
        Assert.Equal(Insatsportal.Web.Features.BoardReports.BoardReportExcel.KoladaSheet, sheets[^1].Name);
        var names = sheets.Select(s => s.Name).SkipLast(1).ToList();

        var goals = reports.Select(r => (r.Goal, r.GoalShortName)).Distinct().ToList();
        Assert.Equal(1 + goals.Count, names.Count);
        Assert.Equal("Sammanfattning", names[0]);
        Assert.Equal("Mål 1 En utvecklad undervisning", names[1]);
        if (goals.Any(g => g.Goal is null))
        {
            Assert.Equal("Övergripande insatser", names[^1]);
        }
        Assert.All(names, n => Assert.True(n.Length <= 31 && !n.Any(@":\/?*[]".Contains), n));
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());

        // Summary: the header row is frozen; counts are numbers, the share is a number formatted as per cent.
        var summary = sheets[0];
        var header = summary.Rows.FindIndex(r => r.FirstOrDefault()?.Text == "Mål");
        Assert.Equal(header + 1, summary.FrozenRows);
        Assert.Equal(["Mål", "Insatser", "Planerad", "Pågående", "Avslutad", "Pausad", "Avbruten", "Rapporter",
            "Inskickade eller godkända", "Andel inskickade eller godkända", "Försenade"], summary.Rows[header].Select(c => c.Text));
        var total = summary.Rows[^1];
        Assert.Equal("Hela planen", total[0].Text);
        Assert.Equal((CellValues.Number, S(reports.Count(r => r.UnitId == null))), (total[1].Type, total[1].Text));
        Assert.Equal((CellValues.Number, S(reports.Count)), (total[7].Type, total[7].Text));
        Assert.Equal("0%", total[9].Format);
        Assert.Equal(reports.Count(r => r.Status is ReportStatus.Submitted or ReportStatus.Approved) / (double)reports.Count,
            double.Parse(total[9].Text, CultureInfo.InvariantCulture), 6);
        var date = summary.Rows.Single(r => r.FirstOrDefault()?.Text == "Datum")[1];
        Assert.Equal((CellValues.Number, "yyyy-mm-dd"), (date.Type, date.Format));

        // A goal sheet: Swedish headers in a frozen first row, a row per insats, the end date as a date cell.
        var first = sheets[1];
        Assert.Equal(1, first.FrozenRows);
        Assert.Equal(["Nummer", "Insats", "Status", "Slutdatum"], first.Rows[0].Take(4).Select(c => c.Text));
        Assert.All(first.Columns, w => Assert.InRange(w, 8, 80));
        var goal1 = reports.Where(r => r.UnitId == null && r.Goal == goals.Select(g => g.Goal).First(g => g is not null)).Select(r => r.Title).ToList();
        Assert.Equal(goal1.Order(StringComparer.Ordinal), first.Rows.Skip(1).Select(r => r[1].Text).Order(StringComparer.Ordinal));
        var row = first.Rows.Skip(1).First(r => endDates[r[1].Text] is not null);
        Assert.Equal((CellValues.Number, "yyyy-mm-dd"), (row[3].Type, row[3].Format));
        Assert.Equal(endDates[row[1].Text], DateOnly.FromDateTime(DateTime.FromOADate(double.Parse(row[3].Text, CultureInfo.InvariantCulture))));
        var units = first.Rows[0].FindIndex(c => c.Text == "Enheter");
        Assert.All(first.Rows.Skip(1), r => Assert.Equal(CellValues.Number, r[units].Type));
    }

    [Fact]
    public async Task The_Excel_workbook_prints_on_A4_fitted_to_the_page_width_with_its_header_row_on_every_page()
    {
        var id = await RoundIdAsync(app, ClosedRound);
        var browser = await SignedInAsync(app, DemoUsers.DirectorOfEducation);
        var bytes = await DownloadAsync(browser, $"/omgangar/{S(id)}/namndunderlag.xlsx");
        using (var workbook = SpreadsheetDocument.Open(new MemoryStream(bytes), false))
        {
            AssertValid(workbook);
        }

        var sheets = SheetPrintSetups.Read(bytes);
        Assert.True(sheets.Count > 1);
        Assert.All(sheets, sheet =>
        {
            Assert.True(sheet.FitToPage, $"{sheet.Sheet}: sheetPr/pageSetUpPr fitToPage");
            Assert.Equal(("9", "1", "0"), (sheet.PaperSize, sheet.FitToWidth, sheet.FitToHeight));
            // Wider than a portrait page: landscape.
            Assert.Equal(sheet.ColumnWidths > 95 ? "landscape" : "portrait", sheet.Orientation);
            Assert.Contains("&P", sheet.Footer, StringComparison.Ordinal);
        });
        // The goal sheets repeat their first row; the summary its header row under the cover lines.
        Assert.All(sheets.Skip(1), sheet => Assert.Equal($"'{sheet.Sheet.Replace("'", "''", StringComparison.Ordinal)}'!$1:$1", sheet.PrintTitles));
        Assert.Matches(@"^'Sammanfattning'!\$(\d+):\$\1$", sheets[0].PrintTitles);
        Assert.NotEqual("'Sammanfattning'!$1:$1", sheets[0].PrintTitles);
        Assert.Equal("landscape", sheets[1].Orientation);
    }

    [Fact]
    public async Task A_closed_rounds_underlag_is_the_same_after_its_plan_goals_and_insatser_are_edited()
    {
        using var fresh = app.Another();
        var id = await RoundIdAsync(fresh, ClosedRound);
        var browser = await SignedInAsync(fresh, DemoUsers.DirectorOfEducation);
        var before = await ContentAsync(browser, id);

        await fresh.WithDbAsync(async db =>
        {
            var plan = await db.Plans.Include(p => p.Goals).SingleAsync(p => p.Key == Halmstad);
            plan.Name = "Omdöpt plan";
            foreach (var goal in plan.Goals)
            {
                goal.Title = "Ny lydelse " + goal.Key;
                goal.ShortName = "Nytt kortnamn " + goal.Key;
                goal.SortOrder = 100 - goal.SortOrder; // the goals in reverse order
            }
            var initiatives = await db.Initiatives.Include(i => i.ExpectedEffects).Include(i => i.Activities).Where(i => i.PlanId == plan.Id).ToListAsync();
            foreach (var (initiative, n) in initiatives.Select((i, n) => (i, n)))
            {
                initiative.Title += " (ändrad)";
                initiative.Number = $"9.{n}";
                initiative.Status = InitiativeStatus.Cancelled;
                initiative.EndDate = new DateOnly(2030, 1, 1);
                initiative.SortOrder = 1000 - initiative.SortOrder;
                initiative.GoalId = plan.Goals[n % plan.Goals.Count].Id; // every insats under some other goal
                initiative.ExpectedEffects.ForEach(e => e.Text = "Ny effekt");
                initiative.Activities.ForEach(a => a.Text = "Ny aktivitet");
            }
            initiatives[0].IsArchived = true;
            await db.SaveChangesAsync();
        });
        await browser.GetPageAsync($"/omgangar/{S(id)}");
        var after = await ContentAsync(browser, id);

        Assert.Equal(before.Html, after.Html);
        Assert.Equal(before.Word, after.Word);
        Assert.Equal(before.Excel, after.Excel);
        Assert.DoesNotContain("(ändrad)", after.Html, StringComparison.Ordinal);
        Assert.Contains("Utvecklingsplan 2020", after.Html, StringComparison.Ordinal);
        // The content carries the day the round closed, not the day it was taken out.
        Assert.DoesNotContain(Insatsportal.Web.Features.Shared.Display.Date(ReportStates.Today(TimeProvider.System)), after.Html, StringComparison.Ordinal);
    }

    /// <summary>What the three forms say: the page's article, the Word document's body, each sheet's name and XML.</summary>
    private static async Task<(string Html, string Word, string Excel)> ContentAsync(HttpClient browser, int roundId)
    {
        var page = await browser.GetPageAsync($"/omgangar/{S(roundId)}/namndunderlag");
        using var word = WordprocessingDocument.Open(new MemoryStream(await DownloadAsync(browser, $"/omgangar/{S(roundId)}/namndunderlag.docx")), false);
        using var excel = SpreadsheetDocument.Open(new MemoryStream(await DownloadAsync(browser, $"/omgangar/{S(roundId)}/namndunderlag.xlsx")), false);
        var sheets = excel.WorkbookPart!.Workbook!.Sheets!.Elements<Sheet>()
            .Select(s => s.Name!.Value + "\n" + ((WorksheetPart)excel.WorkbookPart.GetPartById(s.Id!.Value!)).Worksheet!.OuterXml);
        return (page.QuerySelector("article.board-report")!.OuterHtml,
            word.MainDocumentPart!.Document!.OuterXml + word.PackageProperties.Modified?.ToString("O", CultureInfo.InvariantCulture),
            string.Join("\n\n", sheets) + excel.PackageProperties.Modified?.ToString("O", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(DemoUsers.Principal)]
    [InlineData(DemoUsers.Official)]
    [InlineData(DemoUsers.Administrator)]
    public async Task Roles_outside_leadership_are_refused_every_form_of_the_underlag_and_see_no_links_to_it(string user)
    {
        var id = await RoundIdAsync(app, ClosedRound);
        var browser = await SignedInAsync(app, user);

        foreach (var suffix in new[] { "", ".docx", ".xlsx" })
        {
            var response = await browser.GetAsync($"/omgangar/{S(id)}/namndunderlag{suffix}");
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && new Uri(Base, response.Headers.Location!).AbsolutePath == "/atkomst-nekad",
                $"{user} got {(int)response.StatusCode} {response.Headers.Location} for {suffix}");
        }
        var round = await browser.GetPageAsync($"/omgangar/{S(id)}");
        Assert.Empty(round.QuerySelectorAll("a[href*=namndunderlag]"));
    }

    [Fact]
    public async Task Leadership_finds_the_three_forms_linked_from_the_round_page()
    {
        var id = await RoundIdAsync(app, ClosedRound);
        var browser = await SignedInAsync(app, DemoUsers.DepartmentHead);

        var page = await browser.GetPageAsync($"/omgangar/{S(id)}");

        Assert.Equal([$"/omgangar/{S(id)}/namndunderlag", $"/omgangar/{S(id)}/namndunderlag.docx", $"/omgangar/{S(id)}/namndunderlag.xlsx"],
            page.QuerySelectorAll("main a[href*=namndunderlag]").Select(a => a.GetAttribute("href")));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".docx")]
    [InlineData(".xlsx")]
    public async Task An_unknown_round_is_not_found(string suffix)
    {
        var browser = await SignedInAsync(app, DemoUsers.DirectorOfEducation);

        var response = await browser.GetAsync($"/omgangar/987654/namndunderlag{suffix}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_number_of_SQL_commands_does_not_grow_with_the_number_of_insatser()
    {
        var (small, large) = await app.WithDbAsync(async db =>
        {
            var organisation = await db.Organisations.Where(o => o.Key == "halmstad-buf").Select(o => o.Id).SingleAsync();
            var units = await db.Units.Where(u => u.OrganisationId == organisation).Select(u => u.Id).Take(3).ToListAsync();
            Plan NewPlan(string key, int initiatives)
            {
                var plan = new Plan
                {
                    OrganisationId = organisation, Key = key, Name = $"Provplan {key}", Status = PlanStatus.Adopted,
                    PeriodStart = new DateOnly(2026, 1, 1), PeriodEnd = new DateOnly(2026, 12, 31),
                };
                plan.Goals.Add(new Goal { Key = "a", Title = "Mål A", SortOrder = 1 });
                plan.Goals.Add(new Goal { Key = "b", Title = "Mål B", SortOrder = 2 });
                for (var n = 0; n < initiatives; n++)
                {
                    var initiative = new Initiative { Key = $"i{n}", Title = $"Insats {n}", SortOrder = n, Goal = n % 3 == 2 ? null : plan.Goals[n % 2] };
                    initiative.ExpectedEffects.Add(new ExpectedEffect { Text = $"Effekt {n}", SortOrder = 1 });
                    initiative.TargetedUnits.AddRange(units.Select(u => new InitiativeUnit { UnitId = u }));
                    plan.Initiatives.Add(initiative);
                }
                return plan;
            }
            var plans = new[] { NewPlan("sql-liten", 2), NewPlan("sql-stor", 40) };
            db.Plans.AddRange(plans);
            await db.SaveChangesAsync();
            using var scope = app.Services.CreateScope();
            var rounds = scope.ServiceProvider.GetRequiredService<RoundCommands>();
            var ids = new List<int>();
            foreach (var plan in plans)
            {
                ids.Add((await rounds.OpenAsync(plan.Id, "Provomgång", FollowUpOccasionKind.InterimReport, new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1), null, default)).Id);
            }
            return (ids[0], ids[1]);
        });
        var browser = await SignedInAsync(app, DemoUsers.DirectorOfEducation);

        // The printable page shows 20 insatser a page (Insats 39 is on the large round's second page) in at most ten
        // commands (with the session check, the data version the output cache reads and the menu's count); the files
        // hold everything in at most six.
        foreach (var (suffix, page, budget) in new[] { ("", "?sida=2", 11), (".docx", "", 6), (".xlsx", "", 6) })
        {
            await DownloadAsync(browser, $"/omgangar/{S(small)}/namndunderlag{suffix}{page}"); // warm up
            app.Commands.Reset();
            await DownloadAsync(browser, $"/omgangar/{S(small)}/namndunderlag{suffix}{page}".Uncached());
            var forSmall = app.Commands.Count;
            app.Commands.Reset();
            var bytes = await DownloadAsync(browser, $"/omgangar/{S(large)}/namndunderlag{suffix}{page}");
            var forLarge = app.Commands.Count;
            output.WriteLine($"namndunderlag{suffix}: {forSmall} SQL commands for 2 insatser, {forLarge} for 40");

            Assert.True(forSmall == forLarge && forLarge <= budget, $"{suffix}: {forSmall} commands for 2 insatser, {forLarge} for 40:\n{string.Join("\n---\n", app.Commands.Texts)}");
            Assert.Contains("Insats 39", System.Text.Encoding.UTF8.GetString(bytes) + (suffix == "" ? "" : Extract(bytes, suffix)), StringComparison.Ordinal);
        }
    }

    private static string Extract(byte[] bytes, string suffix)
    {
        using var stream = new MemoryStream(bytes);
        if (suffix == ".docx")
        {
            using var word = WordprocessingDocument.Open(stream, false);
            return word.MainDocumentPart!.Document!.InnerText;
        }
        using var excel = SpreadsheetDocument.Open(stream, false);
        return string.Join("\n", excel.WorkbookPart!.WorksheetParts.Select(p => p.Worksheet!.InnerText));
    }

    /// <summary>The SDK's schema validation: what Word and Excel would call a damaged file fails here.</summary>
    private static void AssertValid(OpenXmlPackage package)
    {
        var errors = new OpenXmlValidator().Validate(package).Select(e => $"{e.Path?.XPath}: {e.Description}").Distinct().ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10)));
    }

    private Task<int> InitiativeIdAsync(string key) => app.WithDbAsync(db =>
        db.Initiatives.Where(i => i.Key == key && i.Plan.Key == Halmstad).Select(i => i.Id).SingleAsync());

    private sealed record XCell(string Text, CellValues Type, string? Format);

    private sealed record XSheet(string Name, List<List<XCell>> Rows, int FrozenRows, List<double> Columns);

    /// <summary>Reads every sheet back: each cell's text, its type and its number format.</summary>
    private static List<XSheet> Sheets(SpreadsheetDocument workbook)
    {
        var part = workbook.WorkbookPart!;
        var formats = part.WorkbookStylesPart!.Stylesheet!;
        var custom = formats.NumberingFormats?.Elements<NumberingFormat>().ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value!) ?? [];
        var cellFormats = formats.CellFormats!.Elements<CellFormat>().ToList();
        string? FormatOf(Cell c)
        {
            var id = cellFormats[(int)(c.StyleIndex?.Value ?? 0)].NumberFormatId?.Value ?? 0;
            return id == 0 ? null : custom.TryGetValue(id, out var code) ? code : id == 9 ? "0%" : id.ToString(CultureInfo.InvariantCulture);
        }
        return part.Workbook!.Sheets!.Elements<Sheet>().Select(sheet =>
        {
            var worksheet = ((WorksheetPart)part.GetPartById(sheet.Id!.Value!)).Worksheet!;
            var rows = worksheet.Descendants<Row>().Select(r =>
            {
                var cells = new List<XCell>();
                foreach (var c in r.Elements<Cell>())
                {
                    var column = ColumnIndex(c.CellReference!.Value!);
                    while (cells.Count < column)
                    {
                        cells.Add(new XCell("", CellValues.String, null));
                    }
                    var type = c.DataType?.Value ?? CellValues.Number;
                    cells.Add(new XCell(type == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text ?? "", type, FormatOf(c)));
                }
                return cells;
            }).ToList();
            var pane = worksheet.Descendants<Pane>().SingleOrDefault();
            var frozen = pane?.State?.Value == PaneStateValues.Frozen ? (int)(pane.VerticalSplit?.Value ?? 0) : 0;
            var widths = worksheet.Descendants<Column>().Select(c => c.Width!.Value).ToList();
            return new XSheet(sheet.Name!.Value!, rows, frozen, widths);
        }).ToList();

        static int ColumnIndex(string reference) =>
            reference.TakeWhile(char.IsLetter).Aggregate(0, (n, ch) => n * 26 + ch - 'A' + 1) - 1;
    }
}
