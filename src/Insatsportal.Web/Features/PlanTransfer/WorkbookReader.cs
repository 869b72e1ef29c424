using System.Globalization;
using System.Text;
using System.Xml;
using L = Insatsportal.Web.Features.Shared.UploadLimits.Workbook;

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
/// Reads the template's sheets of an uploaded .xlsx: not empty, not an OLE compound file (password-protected
/// workbooks and old .xls files are), a zip holding a workbook. The parts are read as streams, node by node,
/// never as a document in memory, and reading stops with a Swedish message as soon as one of the bounds in
/// <see cref="Shared.UploadLimits.Workbook"/> is passed (rows, columns and cells per sheet, characters per
/// cell, shared strings, the unpacked size of every part), so that a small file that expands into gigabytes
/// costs no more than a real plan does.
/// </summary>
public static class WorkbookReader
{
    private const int MaxExcelRow = 1_048_576;
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
        try
        {
            using var package = WorkbookPackage.Open(bytes);
            return Read(package);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or XmlException or NotSupportedException
            or InvalidOperationException or ArgumentException or FormatException)
        {
            throw Refusals.NotAWorkbook();
        }
    }

    private static List<InSheet> Read(WorkbookPackage package)
    {
        var workbook = package.Links("", (_, type) => type.EndsWith("/officeDocument", StringComparison.Ordinal)).FirstOrDefault()?.Target
            ?? throw Refusals.NotAWorkbook();
        var sheets = TemplateSheets(package, workbook);
        var ids = sheets.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var links = package.Links(workbook, (id, type) => (ids.Contains(id) && type.EndsWith("/worksheet", StringComparison.Ordinal))
            || type.EndsWith("/sharedStrings", StringComparison.Ordinal));
        var sharedStrings = links.FirstOrDefault(l => l.Type.EndsWith("/sharedStrings", StringComparison.Ordinal))?.Target;
        var parts = sheets.Select(s => links.FirstOrDefault(l => l.Id == s.Id && l.Type.EndsWith("/worksheet", StringComparison.Ordinal))?.Target)
            .ToList();

        var read = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "_rels/.rels", workbook, RelsOf(workbook) };
        read.UnionWith(parts.OfType<string>());
        if (sharedStrings is not null)
        {
            read.Add(sharedStrings);
        }
        package.CheckOtherParts(read);

        var strings = sharedStrings is not null && package.Has(sharedStrings) ? SharedStrings(package, sharedStrings) : [];
        var result = new List<InSheet>();
        for (var i = 0; i < sheets.Count; i++)
        {
            if (parts[i] is { } part && package.Has(part))
            {
                result.Add(new SheetReader(package, sheets[i].Name, sheets[i].Template, part, strings).Read());
            }
        }
        return result;
    }

    private static string RelsOf(string part)
    {
        var slash = part.LastIndexOf('/') + 1;
        return part[..slash] + "_rels/" + part[slash..] + ".rels";
    }

    /// <summary>The sheets the import reads: the first one named as each of the template's data sheets (case and
    /// surrounding spaces do not matter, as in the analysis). Other sheets are only checked for size.</summary>
    private static List<(string Name, string Template, string Id)> TemplateSheets(WorkbookPackage package, string workbook)
    {
        var sheets = new List<(string Name, string Template, string Id)>();
        var count = 0;
        using var reader = package.OpenXml(workbook);
        while (reader.Read() && !reader.IsEnd("sheets"))
        {
            if (!reader.IsStart("sheet") || reader.Parent != "sheets")
            {
                continue;
            }
            if (++count > L.MaxSheets)
            {
                throw Refusals.Limit($"Arbetsboken har fler än {Refusals.N(L.MaxSheets)} blad. Mallen har nio, så filen läses inte.");
            }
            var name = reader.Attribute("name") ?? "";
            var template = PlanTemplate.DataSheets.FirstOrDefault(t => t.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));
            if (template is not null && reader.QualifiedAttribute("id") is { } id && sheets.All(s => s.Template != template.Name))
            {
                sheets.Add((name, template.Name, id));
            }
        }
        return sheets;
    }

    /// <summary>The shared string table: each entry's visible text (its runs, without phonetic hints).</summary>
    private static string[] SharedStrings(WorkbookPackage package, string part)
    {
        var strings = new List<string>();
        var text = new RichText();
        using var reader = package.OpenXml(part);
        while (reader.Read())
        {
            if (reader.IsStart("si") && reader.Parent == "sst")
            {
                if (strings.Count >= L.MaxSharedStrings)
                {
                    throw Refusals.Limit($"Filen har fler än {Refusals.N(L.MaxSharedStrings)} olika texter. En plan i mallen har långt färre, så filen läses inte.");
                }
                text.Clear();
                if (reader.IsEmptyElement)
                {
                    strings.Add("");
                }
            }
            else if (reader.IsEnd("si"))
            {
                strings.Add(text.ToString());
            }
            else
            {
                text.Read(reader, "si", () => Refusals.Limit(
                    $"En text i filen har fler än {Refusals.N(L.MaxCellCharacters)} tecken. En cell i Excel rymmer högst {Refusals.N(L.MaxCellCharacters)}."));
            }
        }
        return [.. strings];
    }

    /// <summary>Excel's column letters of a cell reference ("AB12" → 27); null without letters, and past the
    /// bound for more than three letters (Excel's last column is XFD).</summary>
    internal static int? ColumnIndex(string reference)
    {
        var index = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }
            if (++letters > 3)
            {
                return int.MaxValue;
            }
            index = (index * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }
        return letters == 0 ? null : index - 1;
    }

    internal static int RowNumber(string? reference, int previous) =>
        reference is null ? previous + 1
        : int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var row) && row is >= 1 and <= MaxExcelRow ? row
        : throw Refusals.NotAWorkbook();
}

/// <summary>The text of a shared or inline string as it is read: a plain &lt;t&gt;, or runs (&lt;r&gt;&lt;t&gt;) that
/// replace it; the &lt;t&gt; of a phonetic hint (&lt;rPh&gt;) is not part of it.</summary>
internal sealed class RichText
{
    private readonly StringBuilder _plain = new();
    private readonly StringBuilder _runs = new();
    private bool _hasRuns;

    public void Clear()
    {
        _plain.Clear();
        _runs.Clear();
        _hasRuns = false;
    }

    /// <summary>Takes the current node if it belongs to the string whose element is <paramref name="owner"/>.</summary>
    public void Read(PartReader reader, string owner, Func<UnreadableWorkbookException> tooLong)
    {
        if (reader.NodeType != XmlNodeType.Element)
        {
            return;
        }
        if (reader.LocalName == "t" && reader.Parent == owner)
        {
            reader.ReadText(_plain, L.MaxCellCharacters, tooLong);
        }
        else if (reader.LocalName == "r" && reader.Parent == owner)
        {
            _hasRuns = true;
        }
        else if (reader.LocalName == "t" && reader.Parent == "r")
        {
            reader.ReadText(_runs, L.MaxCellCharacters, tooLong);
        }
    }

    public override string ToString() => (_hasRuns ? _runs : _plain).ToString();
}
