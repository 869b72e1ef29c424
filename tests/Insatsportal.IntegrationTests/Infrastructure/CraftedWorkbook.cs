using System.IO.Compression;
using System.Security;
using System.Text;
using T = Insatsportal.Web.Features.PlanTransfer.PlanTemplate;

namespace Insatsportal.IntegrationTests.Infrastructure;

/// <summary>
/// An .xlsx written part by part, as an attacker would: a minimal valid workbook in the template (every data
/// sheet with its header row, inline strings, an empty shared string table and a style sheet), any part of which
/// a test replaces or adds, its content streamed into the zip so that a part of a gigabyte costs no memory here.
/// </summary>
public sealed class CraftedWorkbook
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";

    private readonly Dictionary<string, Action<TextWriter>> _parts = new(StringComparer.Ordinal);

    public CraftedWorkbook()
    {
        Part("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>");
        Part("_rels/.rels", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{PackageRelationships}\">"
            + $"<Relationship Id=\"rId1\" Type=\"{Relationships}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        var sheets = T.DataSheets.Select((s, i) => $"<sheet name=\"{s.Name}\" sheetId=\"{i + 1}\" r:id=\"rId{i + 1}\"/>");
        Part("xl/workbook.xml", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{Main}\" xmlns:r=\"{Relationships}\"><sheets>{string.Concat(sheets)}</sheets></workbook>");
        var links = T.DataSheets.Select((_, i) => $"<Relationship Id=\"rId{i + 1}\" Type=\"{Relationships}/worksheet\" Target=\"worksheets/sheet{i + 1}.xml\"/>");
        Part("xl/_rels/workbook.xml.rels", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{PackageRelationships}\">{string.Concat(links)}"
            + $"<Relationship Id=\"rId100\" Type=\"{Relationships}/styles\" Target=\"styles.xml\"/>"
            + $"<Relationship Id=\"rId101\" Type=\"{Relationships}/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>");
        foreach (var sheet in T.DataSheets)
        {
            Sheet(sheet.Name, _ => { });
        }
        Part("xl/styles.xml", Styles(_ => { }));
        Part("xl/sharedStrings.xml", SharedStrings(_ => { }));
    }

    /// <summary>Replaces or adds a part.</summary>
    public CraftedWorkbook Part(string name, Action<TextWriter> write)
    {
        _parts[name] = write;
        return this;
    }

    public CraftedWorkbook Part(string name, string content) => Part(name, w => w.Write(content));

    /// <summary>Replaces a template sheet: its header row, then whatever <paramref name="rows"/> writes inside &lt;sheetData&gt;.</summary>
    public CraftedWorkbook Sheet(string name, Action<TextWriter> rows)
    {
        var index = T.DataSheets.ToList().FindIndex(s => s.Name == name);
        var headers = T.DataSheets[index].Columns.Select(c => InlineCell(c.Header));
        return Part($"xl/worksheets/sheet{index + 1}.xml", w =>
        {
            w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{Main}\"><sheetData><row r=\"1\">{string.Concat(headers)}</row>");
            rows(w);
            w.Write("</sheetData></worksheet>");
        });
    }

    public static string InlineCell(string text) => $"<c t=\"inlineStr\"><is><t>{SecurityElement.Escape(text)}</t></is></c>";

    /// <summary>A style sheet with <paramref name="formats"/> written into its cell formats.</summary>
    public static Action<TextWriter> Styles(Action<TextWriter> formats) => w =>
    {
        w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"{Main}\"><fonts count=\"1\"><font/></fonts><fills count=\"1\"><fill/></fills>"
            + "<borders count=\"1\"><border/></borders><cellXfs><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>");
        formats(w);
        w.Write("</cellXfs></styleSheet>");
    };

    /// <summary>A shared string table with <paramref name="items"/> written into it.</summary>
    public static Action<TextWriter> SharedStrings(Action<TextWriter> items) => w =>
    {
        w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"{Main}\">");
        items(w);
        w.Write("</sst>");
    };

    /// <summary>Writes <paramref name="unit"/> <paramref name="count"/> times.</summary>
    public static Action<TextWriter> Repeat(string unit, long count) => w =>
    {
        var block = string.Concat(Enumerable.Repeat(unit, 1024));
        for (var n = 0L; n < count / 1024; n++)
        {
            w.Write(block);
        }
        for (var n = 0L; n < count % 1024; n++)
        {
            w.Write(unit);
        }
    };

    public byte[] ToBytes()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, write) in _parts)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false), 1 << 16);
                write(writer);
            }
        }
        return output.ToArray();
    }
}
