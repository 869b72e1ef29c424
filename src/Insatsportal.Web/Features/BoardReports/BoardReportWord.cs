using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Insatsportal.Web.Features.BoardReports;

/// <summary>
/// The nämndunderlag as a Word document, to paste into a tjänsteskrivelse: Word's own heading styles
/// (Rubrik 1–3, so the navigation pane and a table of contents work), a TOC field whose stored result is the
/// list of headings (readable before anyone updates fields; Word fills in page numbers when it does), and
/// tables with a repeating header row whose rows do not split across pages.
/// </summary>
public static partial class BoardReportWord
{
    public static byte[] Build(BoardReport report)
    {
        using var stream = new MemoryStream();
        Write(report, stream);
        return stream.ToArray();
    }

    /// <summary>
    /// Writes the document into a seekable stream (a temporary file for a download). The body is written element by
    /// element with an <see cref="OpenXmlWriter"/> (SAX-style), never built as one DOM: a round of 13 700 reports
    /// would otherwise hold millions of objects at once.
    /// </summary>
    public static void Write(BoardReport report, Stream stream, Kolada.KoladaBoardTable? figures = null)
    {
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = BoardReportText.Title(report);
            document.PackageProperties.Subject = report.PlanName;
            document.PackageProperties.Creator = "Insatsportal";
            document.PackageProperties.Language = "sv-SE";
            // A fixed date (the round's closing, or today for an open round), never "now": a closed round's file says the same every time.
            document.PackageProperties.Created = report.ClosedAt ?? report.AsOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            document.PackageProperties.Modified = document.PackageProperties.Created;

            var main = document.AddMainDocumentPart();
            // Fixed relationship ids: the same round gives the same file every time.
            main.AddNewPart<StyleDefinitionsPart>("rIdStyles").Styles = Styles();
            // Word fills in the table of contents (with page numbers) and the page fields when the file is opened.
            main.AddNewPart<DocumentSettingsPart>("rIdSettings").Settings = new Settings(
                new DefaultTabStop { Val = 1304 },
                new CharacterSpacingControl { Val = CharacterSpacingValues.DoNotCompress },
                new UpdateFieldsOnOpen { Val = true },
                new ThemeFontLanguages { Val = "sv-SE" });
            var footer = main.AddNewPart<FooterPart>("rIdFooter");
            footer.Footer = PageFooter(report);
            var footerId = main.GetIdOfPart(footer);
            using var writer = OpenXmlWriter.Create(main);
            writer.WriteStartDocument();
            writer.WriteStartElement(new Document());
            writer.WriteStartElement(new Body());
            new Writer(writer, footerId).Write(report, figures);
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
    }

    /// <summary>"Nämndunderlag Delårsrapport 1 2020 · Sida 3 av 41": the PAGE and NUMPAGES fields, centred. The cover
    /// (the section's title page) has no footer.</summary>
    private static Footer PageFooter(BoardReport report)
    {
        static IEnumerable<Run> Field(string code, string cached) =>
        [
            new Run(new FieldChar { FieldCharType = FieldCharValues.Begin, Dirty = true }),
            new Run(new FieldCode($" {code} ") { Space = SpaceProcessingModeValues.Preserve }),
            new Run(new FieldChar { FieldCharType = FieldCharValues.Separate }),
            new Run(new Text(cached)),
            new Run(new FieldChar { FieldCharType = FieldCharValues.End }),
        ];
        var paragraph = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Footer" }, new Justification { Val = JustificationValues.Center }));
        paragraph.Append(new Run(new Text($"{BoardReportText.Title(report)} · Sida ") { Space = SpaceProcessingModeValues.Preserve }));
        paragraph.Append(Field("PAGE \\* MERGEFORMAT", "1"));
        paragraph.Append(new Run(new Text(" av ") { Space = SpaceProcessingModeValues.Preserve }));
        paragraph.Append(Field("NUMPAGES \\* MERGEFORMAT", "1"));
        return new Footer(paragraph);
    }

    private static string BookmarkName(int n) => $"_Toc_namnd_{n}";

    private static Paragraph Para(string text, string? style = null, bool bold = false)
    {
        var paragraph = new Paragraph();
        if (style is not null)
        {
            paragraph.Append(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        }
        paragraph.Append(new Run(bold ? new RunProperties(new Bold()) : new RunProperties(), new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        return paragraph;
    }

    private static Paragraph PageBreak() => new(new Run(new Break { Type = BreakValues.Page }));
}
