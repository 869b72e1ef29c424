using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Shared;

namespace Insatsportal.Web.Features.BoardReports;

/// <summary>
/// The nämndunderlag as a Word document, to paste into a tjänsteskrivelse: Word's own heading styles
/// (Rubrik 1–3, so the navigation pane and a table of contents work), a TOC field whose stored result is the
/// list of headings (readable before anyone updates fields; Word fills in page numbers when it does), and
/// tables with a repeating header row whose rows do not split across pages.
/// </summary>
public static class BoardReportWord
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

    private sealed class Writer(OpenXmlWriter writer, string footerId)
    {
        private int _bookmark;

        /// <summary>Stands in for the body: each element goes out as soon as it is complete.</summary>
        private readonly Sink body = new(writer);

        private sealed class Sink(OpenXmlWriter writer)
        {
            public void Append(OpenXmlElement element) => writer.WriteElement(element);
        }

        public void Write(BoardReport report, Kolada.KoladaBoardTable? figures)
        {
            // Cover
            body.Append(Para(BoardReportText.Eyebrow, "Subtitle"));
            body.Append(Para(report.RoundName, "Title"));
            body.Append(Para(report.PlanName, "Subtitle"));
            Fact("Förvaltning", $"{report.OrganisationName}, {report.Municipality}");
            if (report.BoardName is not null)
            {
                Fact("Nämnd", report.BoardName);
            }
            Fact("Plan", report.PlanName);
            Fact("Uppföljning", $"{report.Kind.Name()}, {report.RoundName}");
            Fact("Sista dag att rapportera", Display.Date(report.Deadline));
            Fact("Datum", Display.Date(report.AsOf));
            body.Append(Para(BoardReportText.DateLine(report)));
            body.Append(Para(BoardReportText.AnswersNote));
            body.Append(PageBreak());

            // Contents: a TOC field whose cached result is the written list of headings.
            var headings = new List<(int Level, string Text, string Bookmark)> { (1, "Sammanfattning", BookmarkName(0)) };
            var n = 1;
            foreach (var goal in report.Goals)
            {
                headings.Add((1, goal.Heading, BookmarkName(n++)));
                headings.AddRange(goal.Initiatives.Select(i => (2, i.Heading, BookmarkName(n++))));
            }
            body.Append(Para("Innehåll", "TOCHeading"));
            for (var i = 0; i < headings.Count; i++)
            {
                var (level, text, bookmark) = headings[i];
                var paragraph = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = $"TOC{level}" }));
                if (i == 0)
                {
                    paragraph.Append(
                        new Run(new FieldChar { FieldCharType = FieldCharValues.Begin, Dirty = true }),
                        new Run(new FieldCode(" TOC \\o \"1-3\" \\h \\z \\u ") { Space = SpaceProcessingModeValues.Preserve }),
                        new Run(new FieldChar { FieldCharType = FieldCharValues.Separate }));
                }
                paragraph.Append(new Hyperlink(new Run(new Text(text))) { Anchor = bookmark, History = true });
                if (i == headings.Count - 1)
                {
                    paragraph.Append(new Run(new FieldChar { FieldCharType = FieldCharValues.End }));
                }
                body.Append(paragraph);
            }
            body.Append(PageBreak());

            // Summary
            Heading(1, "Sammanfattning");
            body.Append(Para(BoardReportText.Overview(report.Summary)));
            // Three narrow tables rather than one of eleven columns: on A4 portrait each column stays wide enough for
            // its longest word, and each table has a caption of its own.
            var statuses = Enum.GetValues<InitiativeStatus>();
            var goalsAndTotal = report.Goals.Select(g => (Heading: g.Heading, g.Summary)).Append((Heading: "Hela planen", Summary: report.Summary)).ToList();
            body.Append(Para("Insatser per mål och status", "Caption"));
            body.Append(Table(
                new[] { "Mål", "Insatser" }.Concat(statuses.Select(s => s.Name())).ToArray(),
                goalsAndTotal.Select(g => new[] { g.Heading, BoardReportText.Count(g.Summary.Initiatives) }
                    .Concat(statuses.Select(st => BoardReportText.Count(g.Summary.ByStatus[st]))).ToArray()).ToList(),
                firstColumnWide: true));
            body.Append(Para("Rapporter per mål", "Caption"));
            body.Append(Table(
                ["Mål", "Rapporter", "Inskickade eller godkända", "Försenade"],
                goalsAndTotal.Select(g => new[]
                {
                    g.Heading, BoardReportText.Count(g.Summary.Reports), $"{g.Summary.Answered} ({g.Summary.AnsweredPercent} %)",
                    BoardReportText.Count(g.Summary.ByState[ReportState.Overdue]),
                }).ToList(),
                firstColumnWide: true));
            body.Append(Para("Förväntade effekter per mål", "Caption"));
            body.Append(Table(
                new[] { "Mål" }.Concat(report.Summary.Effects.Parts.Select(p => p.Name)).Append("Totalt").ToArray(),
                goalsAndTotal.Select(g => new[] { g.Heading }.Concat(g.Summary.Effects.Parts.Select(p => BoardReportText.Count(p.Count)))
                    .Append(BoardReportText.Count(g.Summary.Effects.Total)).ToArray()).ToList(),
                firstColumnWide: true));
            body.Append(Para(BoardReportText.EffectsNote));
            if (figures is not null)
            {
                Heading(3, "Målens nyckeltal från Kolada");
                body.Append(Table(figures.Header.ToArray(), figures.Rows, firstColumnWide: true));
                body.Append(Para(figures.Note));
            }

            foreach (var goal in report.Goals)
            {
                body.Append(PageBreak());
                Heading(1, goal.Heading);
                if (goal.FullTitle is not null)
                {
                    body.Append(Para(goal.FullTitle, "Subtitle"));
                }
                var s = goal.Summary;
                body.Append(Table(
                    Enum.GetValues<ReportState>().Select(x => x.Name()).Append("Totalt").ToArray(),
                    [Enum.GetValues<ReportState>().Select(x => BoardReportText.Count(s.ByState[x])).Append(BoardReportText.Count(s.Reports)).ToArray()],
                    firstColumnWide: false));
                body.Append(Para(BoardReportText.StatusLine(s)));
                Heading(3, "Förväntade effekter");
                body.Append(Table(
                    s.Effects.Parts.Select(p => p.Name).Append("Totalt").ToArray(),
                    [s.Effects.Parts.Select(p => BoardReportText.Count(p.Count)).Append(BoardReportText.Count(s.Effects.Total)).ToArray()],
                    firstColumnWide: false));
                body.Append(Para(BoardReportText.EffectsLine(s.Effects)));
                foreach (var initiative in goal.Initiatives)
                {
                    WriteInitiative(initiative);
                }
            }

            // A4 portrait; the footer with page numbers on every page but the cover (the title page).
            body.Append(new SectionProperties(
                new FooterReference { Type = HeaderFooterValues.Default, Id = footerId },
                new PageSize { Width = PageWidth, Height = 16838 },
                new PageMargin { Top = 1134, Bottom = 1134, Left = Margin, Right = Margin, Header = 708, Footer = 567, Gutter = 0 },
                new TitlePage()));
        }

        private void WriteInitiative(BoardReportInitiative initiative)
        {
            var a = initiative.Assessment;
            Heading(2, initiative.Heading);
            Fact("Status", initiative.Status.Name());
            Fact("Slutdatum", Display.Date(initiative.EndDate));
            Fact("Ansvarig avdelning", initiative.ResponsibleDepartment ?? "–");
            Fact("Rapport", a.State.Name());
            if (a.HasAnswer)
            {
                Heading(3, "Genomförande");
                body.Append(Para(BoardReportText.Implementation(a.Implementation), bold: true));
                Prose(a.ImplementationComment);
                Heading(3, "Samlad bedömning");
                Prose(string.IsNullOrWhiteSpace(a.OverallAssessment) ? "Ej angiven." : a.OverallAssessment);
                if (!string.IsNullOrWhiteSpace(a.NextSteps))
                {
                    Heading(3, "Nästa steg");
                    Prose(a.NextSteps);
                }
                if (!string.IsNullOrWhiteSpace(a.Risks))
                {
                    Heading(3, "Risker");
                    Prose(a.Risks);
                }
                if (a.Effects.Count > 0)
                {
                    Heading(3, "Effekter");
                    body.Append(Table(["Förväntad effekt", "Bedömning", "Underlag"],
                        a.Effects.Select(e => new[] { e.Text, BoardReportText.Judgement(e), BoardReportText.Evidence(e) }).ToList(), firstColumnWide: true));
                }
            }
            else
            {
                body.Append(Para(BoardReportText.NotAnsweredLine(a.State)));
            }
            if (initiative.Units.Count > 0)
            {
                Heading(3, "Enheternas rapporter");
                body.Append(Table(["Enhet", "Läge", "Genomförande", "Samlad bedömning"],
                    initiative.Units.Select(u => new[]
                    {
                        u.UnitName, u.State.Name(), u.HasAnswer ? BoardReportText.Implementation(u.Implementation) : "–",
                        u.HasAnswer ? u.OverallAssessment ?? "–" : "–",
                    }).ToList(), firstColumnWide: false));
            }
        }

        /// <summary>Heading 1 and 2 carry the bookmarks the contents link to, in the order the contents list them.</summary>
        private void Heading(int level, string text)
        {
            var paragraph = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = $"Heading{level}" }));
            if (level <= 2)
            {
                var id = (_bookmark++).ToString(System.Globalization.CultureInfo.InvariantCulture);
                paragraph.Append(new BookmarkStart { Id = id, Name = BookmarkName(_bookmark - 1) }, new Run(new Text(text)), new BookmarkEnd { Id = id });
            }
            else
            {
                paragraph.Append(new Run(new Text(text)));
            }
            body.Append(paragraph);
        }

        private void Fact(string label, string value) => body.Append(new Paragraph(
            new ParagraphProperties(new SpacingBetweenLines { After = "40" }),
            new Run(new RunProperties(new Bold()), new Text(label + ": ") { Space = SpaceProcessingModeValues.Preserve }),
            new Run(new Text(value))));

        /// <summary>Stored text as in <see cref="Shared.Prose"/>: blank lines part paragraphs, "• " lines are list items.</summary>
        private void Prose(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return;
            }
            foreach (var block in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                foreach (var line in block.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    body.Append(line.StartsWith("• ", StringComparison.Ordinal) ? Para(line, "ListBullet") : Para(line));
                }
            }
        }
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

    private const int PageWidth = 11906, Margin = 1247;

    /// <summary>The width text and tables take on an A4 portrait page, in twentieths of a point.</summary>
    public const int TextWidth = PageWidth - 2 * Margin;

    /// <summary>A table as wide as the text, with a fixed layout: the grid's column widths (see <see cref="ColumnWidths"/>)
    /// sum to the text width, so Word and LibreOffice lay it out the same and never squeeze a column below its
    /// longest word. The first row is a header row repeated on every page, and no row splits.</summary>
    private static Table Table(string[] header, IReadOnlyList<string[]> rows, bool firstColumnWide)
    {
        static string Twips(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var widths = ColumnWidths(header, rows, firstColumnWide);
        var table = new Table(new TableProperties(
            new TableStyle { Val = "TableGrid" },
            new TableWidth { Width = Twips(TextWidth), Type = TableWidthUnitValues.Dxa },
            new TableLayout { Type = TableLayoutValues.Fixed },
            new TableLook { Val = "04A0" }));
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = Twips(w) })));
        table.Append(Row(header, isHeader: true));
        foreach (var row in rows)
        {
            table.Append(Row(row, isHeader: false));
        }
        return table;

        TableRow Row(string[] cells, bool isHeader)
        {
            var row = new TableRow(isHeader
                ? new TableRowProperties(new TableHeader(), new CantSplit())
                : new TableRowProperties(new CantSplit()));
            for (var i = 0; i < cells.Length; i++)
            {
                row.Append(new TableCell(
                    new TableCellProperties(new TableCellWidth { Width = Twips(widths[i]), Type = TableWidthUnitValues.Dxa }),
                    new Paragraph(
                        new ParagraphProperties(new SpacingBetweenLines { Before = "20", After = "20" }),
                        new Run(isHeader ? new RunProperties(new Bold(), new FontSize { Val = TableFontSize }) : new RunProperties(new FontSize { Val = TableFontSize }),
                            new Text(cells[i]) { Space = SpaceProcessingModeValues.Preserve }))));
            }
            return row;
        }
    }

    /// <summary>Table text: 10 pt.</summary>
    private const string TableFontSize = "20";

    // A character of 10 pt Calibri (bold, capitals and digits included) is at most about 115 twips wide on average
    // over a word; a cell's margins take 2 × 85 twips plus a little for the border.
    private const int CharWidth = 115, CellPadding = 200;

    /// <summary>
    /// Column widths in twips that sum to <see cref="TextWidth"/>: every column at least as wide as its longest word
    /// (so no word is broken letter by letter), the rest of the width shared by how much text each column holds, with
    /// the first column (the row's name) favoured when <paramref name="firstColumnWide"/>. Only when the longest words
    /// of all columns together are wider than the page are they narrowed, in proportion.
    /// </summary>
    public static int[] ColumnWidths(string[] header, IReadOnlyList<string[]> rows, bool firstColumnWide)
    {
        var n = header.Length;
        var minimum = new int[n];
        var wanted = new double[n];
        for (var c = 0; c < n; c++)
        {
            var cells = rows.Select(r => c < r.Length ? r[c] : "").Prepend(header[c]).ToList();
            var longestWord = cells.Max(t => t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(w => w.Length).DefaultIfEmpty(0).Max());
            minimum[c] = longestWord * CharWidth + CellPadding;
            // Long running text wants room, but a column of one long text should not take the page from the others.
            var length = cells.Skip(1).Select(t => Math.Min(t.Length, 120)).DefaultIfEmpty(0).Average();
            wanted[c] = Math.Max(minimum[c], Math.Max(length, header[c].Length / 2.0) * CharWidth + CellPadding) * (c == 0 && firstColumnWide ? 2 : 1);
        }
        var widths = new int[n];
        var minimumSum = minimum.Sum();
        if (minimumSum >= TextWidth)
        {
            for (var c = 0; c < n; c++)
            {
                widths[c] = (int)((long)minimum[c] * TextWidth / minimumSum);
            }
        }
        else
        {
            var spare = TextWidth - minimumSum;
            var extra = wanted.Select((w, c) => Math.Max(0, w - minimum[c])).ToArray();
            var extraSum = extra.Sum();
            for (var c = 0; c < n; c++)
            {
                widths[c] = minimum[c] + (int)(extraSum > 0 ? spare * extra[c] / extraSum : (double)spare / n);
            }
        }
        widths[0] += TextWidth - widths.Sum(); // rounding: the sum is the text width exactly
        return widths;
    }

    /// <summary>The styles part: Word's built-in style ids (Heading1–3 with outline levels, Title, TOC1–2 …) with
    /// Swedish names, Swedish as the document language.</summary>
    private static Styles Styles()
    {
        static Style Paragraph(string id, string name, int size, bool bold = false, int? outline = null, int before = 0, int after = 120,
            string? basedOn = "Normal", bool keepNext = false, string? color = null, int indent = 0)
        {
            var pPr = new StyleParagraphProperties();
            if (keepNext)
            {
                pPr.Append(new KeepNext());
            }
            pPr.Append(new SpacingBetweenLines { Before = before.ToString(System.Globalization.CultureInfo.InvariantCulture), After = after.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            if (indent > 0)
            {
                pPr.Append(new Indentation { Left = indent.ToString(System.Globalization.CultureInfo.InvariantCulture), Hanging = "240" });
            }
            if (outline is { } level)
            {
                pPr.Append(new OutlineLevel { Val = level });
            }
            var rPr = new StyleRunProperties();
            if (bold)
            {
                rPr.Append(new Bold());
            }
            if (color is not null)
            {
                rPr.Append(new Color { Val = color });
            }
            rPr.Append(new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            var style = new Style(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id };
            if (basedOn is not null)
            {
                style.Append(new BasedOn { Val = basedOn }, new NextParagraphStyle { Val = "Normal" });
            }
            if (outline is not null)
            {
                style.Append(new UIPriority { Val = 9 }, new PrimaryStyle());
            }
            style.Append(pPr, rPr);
            return style;
        }

        var normal = new Style(new StyleName { Val = "Normal" }, new PrimaryStyle(),
            new StyleParagraphProperties(new SpacingBetweenLines { After = "120", Line = "264", LineRule = LineSpacingRuleValues.Auto }),
            new StyleRunProperties(new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri", ComplexScript = "Calibri" }, new FontSize { Val = "22" }))
        { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true };

        var tableGrid = new Style(new StyleName { Val = "Table Grid" },
            new StyleTableProperties(
                new TableBorders(
                    new TopBorder { Val = BorderValues.Single, Size = 4, Color = "808080" },
                    new LeftBorder { Val = BorderValues.Single, Size = 4, Color = "808080" },
                    new BottomBorder { Val = BorderValues.Single, Size = 4, Color = "808080" },
                    new RightBorder { Val = BorderValues.Single, Size = 4, Color = "808080" },
                    new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4, Color = "808080" },
                    new InsideVerticalBorder { Val = BorderValues.Single, Size = 4, Color = "808080" }),
                new TableCellMarginDefault(new TopMargin { Width = "0", Type = TableWidthUnitValues.Dxa },
                    new TableCellLeftMargin { Width = 85, Type = TableWidthValues.Dxa },
                    new BottomMargin { Width = "0", Type = TableWidthUnitValues.Dxa },
                    new TableCellRightMargin { Width = 85, Type = TableWidthValues.Dxa })))
        { Type = StyleValues.Table, StyleId = "TableGrid" };

        return new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri", ComplexScript = "Calibri", EastAsia = "Calibri" },
                    new FontSize { Val = "22" },
                    new Languages { Val = "sv-SE", EastAsia = "sv-SE", Bidi = "ar-SA" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "120" }))),
            normal,
            Paragraph("Title", "Title", 52, bold: true, after: 240, color: "123F6B"),
            Paragraph("Subtitle", "Subtitle", 28, after: 200, color: "404040"),
            Paragraph("Heading1", "heading 1", 32, bold: true, outline: 0, before: 240, after: 120, keepNext: true, color: "123F6B"),
            Paragraph("Heading2", "heading 2", 26, bold: true, outline: 1, before: 360, after: 80, keepNext: true, color: "123F6B"),
            Paragraph("Heading3", "heading 3", 22, bold: true, outline: 2, before: 200, after: 40, keepNext: true),
            Paragraph("TOCHeading", "TOC Heading", 32, bold: true, after: 200, keepNext: true, color: "123F6B"),
            Paragraph("TOC1", "toc 1", 22, bold: true, after: 60),
            Paragraph("TOC2", "toc 2", 22, after: 40, indent: 480),
            Paragraph("ListBullet", "List Bullet", 22, indent: 360),
            Paragraph("Caption", "caption", 20, bold: true, before: 200, after: 60, keepNext: true),
            Paragraph("Footer", "footer", 18, after: 0, color: "404040"),
            tableGrid);
    }
}
