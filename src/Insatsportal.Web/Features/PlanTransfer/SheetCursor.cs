using System.Globalization;

namespace Insatsportal.Web.Features.PlanTransfer;

/// <summary>
/// Reads one sheet's rows by header name and reports every bad value with its sheet, row and column
/// ("Status (L)") into the analysis. Values come back trimmed, with Excel's line breaks as \n; empty is null.
/// </summary>
public sealed class SheetCursor(TemplateSheet template, InSheet sheet, IReadOnlyDictionary<string, int> columns, ImportAnalysis analysis)
{
    public string Name => template.Name;
    public IReadOnlyList<InRow> Rows => sheet.Rows;

    public string Column(string header) =>
        columns.TryGetValue(header, out var index) ? $"{header} ({PlanTemplate.ColumnLetter(index)})" : header;

    public void Problem(InRow row, string? header, string message) =>
        analysis.Problem(Name, row.Number, header is null ? null : Column(header), message);

    public InCell Cell(InRow row, string header) => columns.TryGetValue(header, out var index) ? row[index] : new InCell("", false);

    public string? Text(InRow row, string header, int maxLength)
    {
        var text = Cell(row, header).Text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
        if (text.Length == 0)
        {
            return null;
        }
        if (text.Length > maxLength)
        {
            Problem(row, header, $"Texten får vara högst {maxLength.ToString("N0", Sv)} tecken (den har {text.Length.ToString("N0", Sv)}).");
        }
        return text;
    }

    public string? Required(InRow row, string header, int maxLength, string missing)
    {
        var text = Text(row, header, maxLength);
        if (text is null)
        {
            Problem(row, header, missing);
        }
        return text;
    }

    /// <summary>Values one per line in the cell (Alt+Retur); with <paramref name="semicolons"/> also split on ";".</summary>
    public IReadOnlyList<string> List(InRow row, string header, bool semicolons)
    {
        var text = Text(row, header, int.MaxValue) ?? "";
        char[] separators = semicolons ? ['\n', ';'] : ['\n'];
        return text.Split(separators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    public DateOnly? Date(InRow row, string header)
    {
        var cell = Cell(row, header);
        if (cell.IsEmpty)
        {
            return null;
        }
        if (cell.IsNumber && double.TryParse(cell.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial)
            && serial is > 0 and < 2958466)
        {
            return DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial)));
        }
        var text = cell.Text.Trim();
        string[] formats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.fff", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"];
        if (DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return DateOnly.FromDateTime(parsed);
        }
        Problem(row, header, $"”{Clip(text)}” är inget datum. Skriv datumet som ett datum, till exempel 2020-08-01.");
        return null;
    }

    public decimal? Number(InRow row, string header, decimal min, decimal max)
    {
        var cell = Cell(row, header);
        if (cell.IsEmpty)
        {
            return null;
        }
        var text = cell.IsNumber ? cell.Text : cell.Text.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal)
            .Replace("\u2212", "-", StringComparison.Ordinal).Replace(',', '.');
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            Problem(row, header, $"”{Clip(cell.Text)}” är inget tal.");
            return null;
        }
        if (value < min || value > max)
        {
            Problem(row, header, $"Talet {value.ToString(Sv)} är utanför det tillåtna intervallet ({min.ToString("N0", Sv)} till {max.ToString("N0", Sv)}).");
            return null;
        }
        return value;
    }

    public long? Whole(InRow row, string header, long min, long max)
    {
        var value = Number(row, header, min, max);
        if (value is null)
        {
            return null;
        }
        if (value != decimal.Truncate(value.Value))
        {
            Problem(row, header, $"Ange ett heltal (inte {value.Value.ToString(Sv)}).");
            return null;
        }
        return (long)value.Value;
    }

    public static string Clip(string text) => text.Length > 60 ? text[..57] + "…" : text;

    private static readonly CultureInfo Sv = CultureInfo.GetCultureInfo("sv-SE");
}
