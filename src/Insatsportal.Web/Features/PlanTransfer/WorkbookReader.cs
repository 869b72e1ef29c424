using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Insatsportal.Web.Features.PlanTransfer;

/// <summary>A cell as read: its text, and whether Excel stored it as a number (dates are numbers too).</summary>
public readonly record struct InCell(string Text, bool IsNumber)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(Text);
}

/// <summary>A non-empty row of a sheet with its 1-based row number as Excel shows it.</summary>
public sealed record InRow(int Number, IReadOnlyDictionary<int, InCell> Cells)
{
    public InCell this[int column] => column >= 0 && Cells.TryGetValue(column, out var cell) ? cell : new InCell("", false);
}

/// <summary>A sheet as read: the header row's texts by column, and the rows under it.</summary>
public sealed record InSheet(string Name, IReadOnlyDictionary<int, string> Headers, IReadOnlyList<InRow> Rows);

/// <summary>Why a file cannot be read as a workbook, in Swedish for the user.</summary>
public sealed class UnreadableWorkbookException(string message) : Exception(message);

/// <summary>
/// Reads the sheets of an uploaded .xlsx with the OpenXML SDK, after checking that it is one: not empty, not an
/// OLE compound file (password-protected workbooks and old .xls files are), a zip holding a workbook whose
/// declared unpacked size stays bounded (a small upload must not unpack into gigabytes).
/// </summary>
public static class WorkbookReader
{
    private const long MaxUnpackedBytes = 200L * 1024 * 1024;
    private const int MaxEntries = 500;
    private static readonly byte[] CompoundFile = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    public static IReadOnlyList<InSheet> Read(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            throw new UnreadableWorkbookException("Filen är tom.");
        }
        if (bytes.AsSpan().StartsWith(CompoundFile))
        {
            throw new UnreadableWorkbookException(
                "Filen är lösenordsskyddad (krypterad) eller sparad i det äldre Excel-formatet .xls. Ta bort lösenordet och spara filen som Excel-arbetsbok (.xlsx), och ladda sedan upp den igen.");
        }
        CheckPackage(bytes);
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var document = SpreadsheetDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = MaxUnpackedBytes });
            var workbook = document.WorkbookPart ?? throw NotAWorkbook();
            var strings = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(ItemText).ToArray() ?? [];
            var sheets = new List<InSheet>();
            foreach (var sheet in workbook.Workbook?.Sheets?.Elements<Sheet>() ?? [])
            {
                if (sheet.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part)
                {
                    continue;
                }
                sheets.Add(ReadSheet(sheet.Name?.Value ?? "", part, strings));
            }
            return sheets;
        }
        catch (UnreadableWorkbookException)
        {
            throw;
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or IOException or System.Xml.XmlException
            or InvalidOperationException or ArgumentException or FormatException or NotSupportedException)
        {
            throw NotAWorkbook();
        }
    }

    private static UnreadableWorkbookException NotAWorkbook() =>
        new("Filen är inte en Excel-arbetsbok (.xlsx) eller är skadad. Spara den som Excel-arbetsbok och försök igen.");

    private static void CheckPackage(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries || zip.Entries.Sum(e => e.Length) > MaxUnpackedBytes)
            {
                throw new UnreadableWorkbookException("Filen packas upp till mer än vad en plan kan innehålla och kan inte läsas.");
            }
            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (names.Contains("word/document.xml"))
            {
                throw new UnreadableWorkbookException("Filen är ett Word-dokument, inte en Excel-arbetsbok. Exportera planen och fyll i den arbetsboken.");
            }
            if (!names.Any(n => n.StartsWith("xl/", StringComparison.OrdinalIgnoreCase)))
            {
                throw NotAWorkbook();
            }
        }
        catch (InvalidDataException)
        {
            throw NotAWorkbook();
        }
    }

    private static InSheet ReadSheet(string name, WorksheetPart part, string[] strings)
    {
        var headers = new Dictionary<int, string>();
        var rows = new List<InRow>();
        var rowNumber = 0;
        foreach (var row in part.Worksheet?.GetFirstChild<SheetData>()?.Elements<Row>() ?? [])
        {
            rowNumber = row.RowIndex?.Value is { } index ? (int)index : rowNumber + 1;
            var cells = new Dictionary<int, InCell>();
            var column = -1;
            foreach (var cell in row.Elements<Cell>())
            {
                column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : column + 1;
                var value = CellText(cell, strings);
                if (!value.IsEmpty)
                {
                    cells[column] = value;
                }
            }
            if (cells.Count == 0)
            {
                continue;
            }
            if (headers.Count == 0)
            {
                foreach (var (c, v) in cells)
                {
                    headers[c] = v.Text.Trim();
                }
                continue;
            }
            rows.Add(new InRow(rowNumber, cells));
        }
        return new InSheet(name, headers, rows);
    }

    private static InCell CellText(Cell cell, string[] strings)
    {
        var raw = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < strings.Length
                ? new InCell(strings[i], false)
                : new InCell("", false);
        }
        if (type == CellValues.InlineString)
        {
            return new InCell(cell.InlineString is { } inline ? ItemText(inline) : raw, false);
        }
        if (type == CellValues.Boolean)
        {
            return new InCell(raw == "1" ? "Ja" : "Nej", false);
        }
        if (type == CellValues.String || type == CellValues.Error || type == CellValues.Date)
        {
            return new InCell(raw, false);
        }
        return new InCell(raw, raw.Length > 0);
    }

    /// <summary>The visible text of a shared or inline string: its runs, without phonetic hints.</summary>
    private static string ItemText(OpenXmlElement item)
    {
        if (item.GetFirstChild<Text>() is { } plain && !item.Elements<Run>().Any())
        {
            return plain.Text;
        }
        var builder = new StringBuilder();
        foreach (var run in item.Elements<Run>())
        {
            builder.Append(run.Text?.Text);
        }
        return builder.ToString();
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }
            index = (index * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }
        return index - 1;
    }
}
