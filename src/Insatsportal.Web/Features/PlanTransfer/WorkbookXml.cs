using System.Globalization;
using System.Text;
using System.Xml;
using Insatsportal.Web.Features.Shared;
using L = Insatsportal.Web.Features.Shared.UploadLimits.Workbook;

namespace Insatsportal.Web.Features.PlanTransfer;

/// <summary>What reading one workbook has used so far, counted as it is read, against <see cref="UploadLimits.Workbook"/>.</summary>
internal sealed class ReadBudget
{
    public long UnpackedBytes { get; set; }
    public int Nodes { get; set; }
    public int Cells { get; set; }
    public long Characters { get; private set; }

    public void AddCharacters(int count)
    {
        Characters += count;
        if (Characters > L.MaxCharacters)
        {
            throw Refusals.Limit($"Filen har mer än {Refusals.N(L.MaxCharacters)} tecken text. En plan i mallen har långt färre; dela upp planen i flera filer.");
        }
    }
}

/// <summary>The Swedish messages for a workbook that cannot be read, each naming the bound it passed.</summary>
internal static class Refusals
{
    public static string N(long n) => n.ToString("N0", Display.Swedish);

    public static string Mb(long bytes) => (bytes / 1024 / 1024).ToString(CultureInfo.InvariantCulture) + " MB";

    public static UnreadableWorkbookException Limit(string message) => new(message);

    public static UnreadableWorkbookException NotAWorkbook() =>
        new("Filen är inte en Excel-arbetsbok (.xlsx) eller är skadad. Spara den som Excel-arbetsbok och försök igen.");

    public static UnreadableWorkbookException Xml(string part, string what) =>
        new($"Filen kan inte läsas: delen {part} har {what}. En arbetsbok från Excel har aldrig det; spara planen på nytt som Excel-arbetsbok.");
}

/// <summary>
/// A part's bytes as they are unpacked, counted on the way: the part, all parts together and the bytes read for
/// one XML node (since <see cref="Mark"/>) each have a bound, and passing one stops the reading there.
/// </summary>
internal sealed class BoundedStream(Stream inner, string part, ReadBudget budget, bool xml) : Stream
{
    private long _read;
    private long _sinceMark;

    public void Mark() => _sinceMark = 0;

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    private int Count(int read)
    {
        _read += read;
        _sinceMark += read;
        budget.UnpackedBytes += read;
        if (_read > L.MaxEntryBytes)
        {
            throw Refusals.Limit($"Delen {part} i filen packas upp till mer än {Refusals.Mb(L.MaxEntryBytes)}. Ingen del av en plan i mallen är i närheten av så stor, så filen läses inte.");
        }
        if (budget.UnpackedBytes > L.MaxUnpackedBytes)
        {
            throw Refusals.Limit($"Filen packas upp till mer än {Refusals.Mb(L.MaxUnpackedBytes)}. En plan i mallen är långt mindre, så filen läses inte.");
        }
        if (xml && _sinceMark > L.MaxXmlTokenBytes)
        {
            throw Refusals.Xml(part, $"en tagg, kommentar eller ett mellanrum på mer än {Refusals.N(L.MaxXmlTokenBytes / 1024)} kB");
        }
        return read;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>The reader's table of element and attribute names, bounded: a part of millions of different names
/// would otherwise keep every one of them.</summary>
internal sealed class BoundedNameTable(string part) : NameTable
{
    private const int MaxNames = 2_000;
    private int _count;

    public override string Add(char[] key, int start, int len) => Get(key, start, len) ?? Count(base.Add(key, start, len));

    public override string Add(string key) => Get(key) ?? Count(base.Add(key));

    private string Count(string name) =>
        ++_count > MaxNames ? throw Refusals.Xml(part, $"fler än {Refusals.N(MaxNames)} olika namn på element och attribut") : name;
}

/// <summary>
/// Reads one XML part forward only, node by node: no DTD, no external resources, a bounded depth, a bounded
/// number of nodes for the whole workbook, and texts read in chunks so that a huge text is stopped at its bound
/// instead of being loaded first. Never a DOM.
/// </summary>
internal sealed class PartReader : IDisposable
{
    private readonly XmlReader _xml;
    private readonly BoundedStream _stream;
    private readonly ReadBudget _budget;
    private readonly string[] _path = new string[L.MaxXmlDepth + 1];
    private readonly char[] _chunk = new char[4096];

    public PartReader(Stream entry, string part, ReadBudget budget)
    {
        Part = part;
        _budget = budget;
        _stream = new BoundedStream(entry, part, budget, xml: true);
        _xml = XmlReader.Create(_stream, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true,
            MaxCharactersInDocument = L.MaxEntryBytes, NameTable = new BoundedNameTable(part), CloseInput = true,
        });
    }

    public string Part { get; }
    public XmlNodeType NodeType => _xml.NodeType;
    public int Depth => _xml.Depth;
    public string LocalName => _xml.LocalName;
    public bool IsEmptyElement => _xml.IsEmptyElement;

    /// <summary>The local name of the current element's parent ("" at the root).</summary>
    public string Parent => _xml.Depth > 0 ? _path[_xml.Depth - 1] : "";

    public bool IsStart(string name) => _xml.NodeType == XmlNodeType.Element && _xml.LocalName == name;

    public bool IsEnd(string name) => _xml.NodeType == XmlNodeType.EndElement && _xml.LocalName == name;

    public string? Attribute(string name) => _xml.GetAttribute(name);

    /// <summary>A namespaced attribute by its local name, whatever the namespace (r:id in transitional and strict files).</summary>
    public string? QualifiedAttribute(string name)
    {
        string? value = null;
        while (value is null && _xml.MoveToNextAttribute())
        {
            if (_xml.LocalName == name && _xml.NamespaceURI.Length > 0)
            {
                value = _xml.Value;
            }
        }
        _xml.MoveToElement();
        return value;
    }

    public bool Read()
    {
        SkipText();
        if (!_xml.Read())
        {
            return false;
        }
        _stream.Mark();
        if (++_budget.Nodes > L.MaxXmlNodes)
        {
            throw Refusals.Limit($"Filen har mer än {Refusals.N(L.MaxXmlNodes)} XML-element och texter. En plan i mallen har långt färre, så filen läses inte.");
        }
        if (_xml.NodeType == XmlNodeType.Element)
        {
            if (_xml.Depth >= _path.Length)
            {
                throw Refusals.Xml(Part, $"element som ligger i mer än {Refusals.N(L.MaxXmlDepth)} nivåer");
            }
            _path[_xml.Depth] = _xml.LocalName;
        }
        return true;
    }

    /// <summary>Appends the text of the current element to <paramref name="into"/>, up to its end tag, and stops
    /// with <paramref name="tooLong"/> as soon as it would pass <paramref name="max"/> characters.</summary>
    public void ReadText(StringBuilder into, int max, Func<UnreadableWorkbookException> tooLong)
    {
        if (_xml.NodeType != XmlNodeType.Element || _xml.IsEmptyElement)
        {
            return;
        }
        var depth = _xml.Depth;
        while (Read() && !(_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == depth))
        {
            if (IsText)
            {
                int read;
                while ((read = _xml.ReadValueChunk(_chunk, 0, _chunk.Length)) > 0)
                {
                    _stream.Mark();
                    if (into.Length + read > max)
                    {
                        throw tooLong();
                    }
                    into.Append(_chunk, 0, read);
                    _budget.AddCharacters(read);
                }
            }
        }
    }

    private bool IsText => _xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace;

    /// <summary>Text the caller did not ask for is passed over in chunks too, so that only tags count as one node's bytes.</summary>
    private void SkipText()
    {
        if (_xml.ReadState != ReadState.Interactive || !IsText)
        {
            return;
        }
        while (_xml.ReadValueChunk(_chunk, 0, _chunk.Length) > 0)
        {
            _stream.Mark();
        }
    }

    public void Dispose() => _xml.Dispose();
}
