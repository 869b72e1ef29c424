using System.Globalization;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Insatsportal.IntegrationTests;

/// <summary>The Word document: headings, contents, tables, page numbers and the summary of effects.</summary>
public partial class BoardReportTests
{
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
}
