using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Insatsportal.Web.Features.Shared;

namespace Insatsportal.Web.Features.PlanTransfer;

/// <summary>A cell to write: text, a whole or decimal number, or a date (written as a real date cell).</summary>
public readonly record struct OutCell(string? Text = null, decimal? Number = null, DateOnly? Date = null)
{
    public static implicit operator OutCell(string? text) => new(Text: text);
}

/// <summary>
/// Writes a workbook of simple tables with the OpenXML SDK: a bold frozen header row with a filter, wrapped
/// text, shared strings, and dates as date cells in the yyyy-mm-dd format so Excel sorts and filters them.
/// </summary>
public sealed class WorkbookWriter
{
    private const uint HeaderStyle = 1;
    private const uint DateStyle = 2;
    private const uint TextStyle = 3;

    private readonly List<(string Name, IReadOnlyList<string> Headers, IReadOnlyList<double> Widths, IReadOnlyList<IReadOnlyList<OutCell>> Rows, bool IsTable)> _sheets = [];

    public void AddTable(string name, IReadOnlyList<string> headers, IReadOnlyList<double> widths, IReadOnlyList<IReadOnlyList<OutCell>> rows) =>
        _sheets.Add((name, headers, widths, rows, true));

    /// <summary>A sheet of prose: one paragraph per row in the first column.</summary>
    public void AddText(string name, IEnumerable<string> lines) =>
        _sheets.Add((name, [], [110], lines.Select(l => (IReadOnlyList<OutCell>)[l]).ToList(), false));

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        WriteTo(stream);
        return stream.ToArray();
    }

    /// <summary>Writes the workbook into a seekable stream (a temporary file for a download). Each sheet's rows go out
    /// one by one through an <see cref="OpenXmlWriter"/>, and the shared strings last, so no sheet is held as a DOM.</summary>
    public void WriteTo(Stream stream)
    {
        using var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        workbookPart.Workbook = new Workbook();
        workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
        var strings = new SharedStrings();
        var sheets = workbookPart.Workbook.AppendChild(new Sheets());
        uint sheetId = 1;
        var names = new DefinedNames();
        foreach (var sheet in _sheets)
        {
            var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
            WriteSheet(worksheetPart, sheet.Headers, sheet.Widths, sheet.Rows, sheet.IsTable, sheetId == 1, strings);
            if (sheet.IsTable)
            {
                // The header row repeats at the top of every printed page.
                names.Append(SheetPrinting.PrintTitles(sheet.Name, sheetId - 1, 1, 1));
            }
            sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(worksheetPart), SheetId = sheetId++, Name = sheet.Name });
        }
        if (names.HasChildren)
        {
            workbookPart.Workbook.Append(names);
        }
        strings.WriteTo(workbookPart.AddNewPart<SharedStringTablePart>());
    }

    private static void WriteSheet(
        WorksheetPart part, IReadOnlyList<string> headers, IReadOnlyList<double> widths, IReadOnlyList<IReadOnlyList<OutCell>> rows, bool isTable,
        bool selected, SharedStrings strings)
    {
        var view = new SheetView { WorkbookViewId = 0, TabSelected = selected };
        if (isTable)
        {
            view.Append(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } });
        }
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartDocument();
        writer.WriteStartElement(new Worksheet());
        writer.WriteElement(SheetPrinting.Properties());
        writer.WriteElement(new SheetViews(view));
        if (widths.Count > 0)
        {
            var columns = new Columns();
            for (var c = 0; c < widths.Count; c++)
            {
                columns.Append(new Column { Min = (uint)c + 1, Max = (uint)c + 1, Width = widths[c], CustomWidth = true });
            }
            writer.WriteElement(columns);
        }
        writer.WriteStartElement(new SheetData());
        uint rowIndex = 1;
        if (isTable)
        {
            var header = new Row { RowIndex = rowIndex++ };
            for (var c = 0; c < headers.Count; c++)
            {
                header.Append(StringCell(c, header.RowIndex, headers[c], HeaderStyle, strings));
            }
            writer.WriteElement(header);
        }
        foreach (var cells in rows)
        {
            var row = new Row { RowIndex = rowIndex++ };
            for (var c = 0; c < cells.Count; c++)
            {
                var cell = cells[c];
                var reference = PlanTemplate.ColumnLetter(c) + row.RowIndex!.Value.ToString(CultureInfo.InvariantCulture);
                if (cell.Date is { } date)
                {
                    row.Append(new Cell
                    {
                        CellReference = reference, StyleIndex = DateStyle,
                        CellValue = new CellValue(date.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture)),
                    });
                }
                else if (cell.Number is { } number)
                {
                    row.Append(new Cell { CellReference = reference, CellValue = new CellValue(number.ToString(CultureInfo.InvariantCulture)) });
                }
                else if (!string.IsNullOrEmpty(cell.Text))
                {
                    row.Append(StringCell(c, row.RowIndex, cell.Text, TextStyle, strings));
                }
            }
            writer.WriteElement(row);
        }
        writer.WriteEndElement();
        if (isTable && headers.Count > 0)
        {
            writer.WriteElement(new AutoFilter
            {
                Reference = $"A1:{PlanTemplate.ColumnLetter(headers.Count - 1)}{Math.Max(1, rowIndex - 1).ToString(CultureInfo.InvariantCulture)}",
            });
        }
        SheetPrinting.Write(writer, SheetPrinting.Landscape(widths));
        writer.WriteEndElement();
    }

    private static Cell StringCell(int column, uint row, string text, uint style, SharedStrings strings) => new()
    {
        CellReference = PlanTemplate.ColumnLetter(column) + row.ToString(CultureInfo.InvariantCulture),
        DataType = CellValues.SharedString,
        StyleIndex = style,
        CellValue = new CellValue(strings.IndexOf(text)),
    };

    private static Stylesheet Styles() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" }) { Count = 1 },
        new Fonts(new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" })) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true, ApplyAlignment = true },
            new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Top }) { NumberFormatId = 164, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true, ApplyAlignment = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyAlignment = true })
        { Count = 4 });

    private sealed class SharedStrings
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<string> _items = [];

        public int IndexOf(string text)
        {
            var clean = XmlSafe(text);
            if (!_index.TryGetValue(clean, out var index))
            {
                index = _items.Count;
                _items.Add(clean);
                _index[clean] = index;
            }
            return index;
        }

        public void WriteTo(SharedStringTablePart part)
        {
            using var writer = OpenXmlWriter.Create(part);
            writer.WriteStartDocument();
            writer.WriteStartElement(new SharedStringTable(), [new OpenXmlAttribute("count", "", _items.Count.ToString(CultureInfo.InvariantCulture)),
                new OpenXmlAttribute("uniqueCount", "", _items.Count.ToString(CultureInfo.InvariantCulture))]);
            foreach (var item in _items)
            {
                writer.WriteElement(new SharedStringItem(new Text(item) { Space = SpaceProcessingModeValues.Preserve }));
            }
            writer.WriteEndElement();
        }

        /// <summary>XML cannot hold most control characters; line breaks are kept as \n, as Excel writes them.</summary>
        private static string XmlSafe(string text)
        {
            var builder = new StringBuilder(text.Length);
            foreach (var c in text.Replace("\r\n", "\n", StringComparison.Ordinal))
            {
                if (c >= ' ' || c is '\n' or '\t')
                {
                    builder.Append(c);
                }
            }
            return builder.ToString();
        }
    }
}
