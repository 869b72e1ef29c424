using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Insatsportal.Web.Features.BoardReports;

/// <summary>The page, the tables and the styles: how the document looks, apart from what it says.</summary>
public static partial class BoardReportWord
{
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
