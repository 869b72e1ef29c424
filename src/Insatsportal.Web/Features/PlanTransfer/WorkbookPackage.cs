using System.Buffers.Binary;
using System.IO.Compression;
using L = Insatsportal.Web.Features.Shared.UploadLimits.Workbook;

namespace Insatsportal.Web.Features.PlanTransfer;

/// <summary>A relationship of a part: its id, its type (a URI) and the part it points to.</summary>
internal sealed record PartLink(string Id, string Type, string Target);

/// <summary>
/// The zip of an .xlsx: its parts by name, each opened through a <see cref="BoundedStream"/> so that what it
/// unpacks to is counted while it unpacks (the sizes the zip declares are not trusted), and its relationships.
/// </summary>
internal sealed class WorkbookPackage : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.OrdinalIgnoreCase);

    private WorkbookPackage(ZipArchive zip)
    {
        _zip = zip;
        foreach (var entry in zip.Entries)
        {
            _entries.TryAdd(entry.FullName.Replace('\\', '/'), entry);
        }
    }

    public ReadBudget Budget { get; } = new();

    public static WorkbookPackage Open(byte[] bytes)
    {
        // The count in the zip's end record is read before the archive lists its entries, so that a directory
        // of a hundred thousand empty entries is refused without being listed.
        if (DeclaredEntries(bytes) > L.MaxEntries)
        {
            throw TooManyParts();
        }
        var package = new WorkbookPackage(new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read));
        if (package._zip.Entries.Count > L.MaxEntries)
        {
            package.Dispose();
            throw TooManyParts();
        }
        if (package.Has("word/document.xml"))
        {
            package.Dispose();
            throw new UnreadableWorkbookException("Filen är ett Word-dokument, inte en Excel-arbetsbok. Exportera planen och fyll i den arbetsboken.");
        }
        if (!package._entries.Keys.Any(n => n.StartsWith("xl/", StringComparison.OrdinalIgnoreCase)))
        {
            package.Dispose();
            throw Refusals.NotAWorkbook();
        }
        return package;
    }

    private static UnreadableWorkbookException TooManyParts() =>
        Refusals.Limit($"Filen har fler än {Refusals.N(L.MaxEntries)} delar. En plan i mallen har ett tjugotal, så filen läses inte.");

    /// <summary>The entry count of the zip's end-of-central-directory record (0xFFFF for a zip64 file); null when there is none.</summary>
    private static int? DeclaredEntries(byte[] bytes)
    {
        const int recordLength = 22;
        for (var i = bytes.Length - recordLength; i >= 0 && i >= bytes.Length - recordLength - ushort.MaxValue; i--)
        {
            if (bytes[i] == 0x50 && bytes[i + 1] == 0x4B && bytes[i + 2] == 0x05 && bytes[i + 3] == 0x06)
            {
                return BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i + 10, 2));
            }
        }
        return null;
    }

    public bool Has(string part) => _entries.ContainsKey(part);

    public PartReader OpenXml(string part) =>
        _entries.TryGetValue(part, out var entry) ? new PartReader(entry.Open(), part, Budget) : throw Refusals.NotAWorkbook();

    /// <summary>Unpacks every part not in <paramref name="read"/> without keeping it, so that each part of the
    /// file, whether the import needs it or not (styles, images, other sheets), stays within the bounds.</summary>
    public void CheckOtherParts(IReadOnlySet<string> read)
    {
        var buffer = new byte[64 * 1024];
        foreach (var (name, entry) in _entries)
        {
            if (read.Contains(name))
            {
                continue;
            }
            using var stream = new BoundedStream(entry.Open(), name, Budget, xml: false);
            while (stream.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }
    }

    /// <summary>The relationships of <paramref name="part"/> ("" for the package's own), with targets as part names;
    /// only those <paramref name="wanted"/> keeps, so that a file of a million relationships holds none of them.</summary>
    public List<PartLink> Links(string part, Func<string, string, bool> wanted)
    {
        var folder = part.Contains('/', StringComparison.Ordinal) ? part[..(part.LastIndexOf('/') + 1)] : "";
        var relsName = folder + "_rels/" + part[folder.Length..] + ".rels";
        var links = new List<PartLink>();
        if (!Has(relsName))
        {
            return links;
        }
        using var reader = OpenXml(relsName);
        while (reader.Read())
        {
            if (!reader.IsStart("Relationship") || reader.Attribute("TargetMode") == "External")
            {
                continue;
            }
            var (id, type, target) = (reader.Attribute("Id"), reader.Attribute("Type"), reader.Attribute("Target"));
            if (id is not null && type is not null && target is not null && wanted(id, type) && links.Count < L.MaxSheets + 1)
            {
                links.Add(new PartLink(id, type, Resolve(folder, target)));
            }
        }
        return links;
    }

    /// <summary>A relationship target as a part name: "/xl/workbook.xml" is absolute, "worksheets/sheet1.xml" is
    /// relative to the part's folder, with "." and ".." resolved.</summary>
    public static string Resolve(string folder, string target)
    {
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(target);
        }
        catch (UriFormatException)
        {
            throw Refusals.NotAWorkbook();
        }
        var path = decoded.StartsWith('/') ? decoded[1..] : folder + decoded;
        var parts = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (segment is not ("." or ""))
            {
                parts.Add(segment);
            }
        }
        return string.Join('/', parts);
    }

    public void Dispose() => _zip.Dispose();
}
