using System.Globalization;
using System.Text;
using System.Xml;
using L = Insatsportal.Web.Features.Shared.UploadLimits.Workbook;

namespace Insatsportal.Web.Features.PlanTransfer;

/// <summary>
/// Reads one worksheet part row by row and cell by cell, counting rows, columns, cells and characters as it goes
/// and stopping at the first bound passed, with the sheet (and cell) named. The first row with content is the
/// header row; empty cells and rows are skipped, as the import has always done. Reading ends at &lt;/sheetData&gt;.
/// </summary>
internal sealed class SheetReader(WorkbookPackage package, string name, string template, string part, string[] strings)
{
    private readonly Dictionary<int, string> _headers = [];
    private readonly List<InRow> _rows = [];
    private readonly int _maxRows = L.MaxRows(template);
    private int _cellsOnSheet;

    private Dictionary<int, InCell>? _cells;
    private int _rowNumber;
    private int _column;

    private bool _inCell;
    private string? _type;
    private bool _inline;
    private readonly StringBuilder _value = new();
    private readonly RichText _inlineText = new();
    private Func<UnreadableWorkbookException>? _cellTooLong;

    /// <summary>Made once: a delegate per cell would be an allocation per cell.</summary>
    private Func<UnreadableWorkbookException> CellTooLongOnce => _cellTooLong ??= CellTooLong;

    public InSheet Read()
    {
        using var reader = package.OpenXml(part);
        while (reader.Read() && !reader.IsEnd("sheetData"))
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                Start(reader);
            }
            else if (reader.IsEnd("c") && _inCell)
            {
                EndCell();
            }
            else if (reader.IsEnd("row") && _cells is not null)
            {
                EndRow();
            }
        }
        return new InSheet(name, _headers, _rows);
    }

    private void Start(PartReader reader)
    {
        switch (reader.LocalName)
        {
            case "row" when reader.Parent == "sheetData":
                _rowNumber = WorkbookReader.RowNumber(reader.Attribute("r"), _rowNumber);
                _column = -1;
                _cells = [];
                if (reader.IsEmptyElement)
                {
                    EndRow();
                }
                break;
            case "c" when reader.Parent == "row" && _cells is not null:
                StartCell(reader.Attribute("r"), reader.Attribute("t"));
                if (reader.IsEmptyElement)
                {
                    EndCell();
                }
                break;
            case "v" when reader.Parent == "c" && _inCell:
                reader.ReadText(_value, L.MaxCellCharacters, CellTooLongOnce);
                break;
            case "is" when reader.Parent == "c" && _inCell:
                _inline = true;
                break;
            default:
                if (_inCell && _inline)
                {
                    _inlineText.Read(reader, "is", CellTooLongOnce);
                }
                break;
        }
    }

    private void StartCell(string? reference, string? type)
    {
        if (++_cellsOnSheet > L.MaxCellsPerSheet)
        {
            throw Refusals.Limit($"Bladet {name} har fler än {Refusals.N(L.MaxCellsPerSheet)} celler. Mallen tar högst {Refusals.N(L.MaxCellsPerSheet)} celler per blad; dela upp planen i flera filer.");
        }
        if (++package.Budget.Cells > L.MaxCells)
        {
            throw Refusals.Limit($"Filen har fler än {Refusals.N(L.MaxCells)} celler på mallens blad. Mallen tar högst {Refusals.N(L.MaxCells)}; dela upp planen i flera filer.");
        }
        _column = (reference is null ? null : WorkbookReader.ColumnIndex(reference)) ?? _column + 1;
        if (_column >= L.MaxColumns)
        {
            throw Refusals.Limit($"Bladet {name} har fler än {Refusals.N(L.MaxColumns)} kolumner (rad {Refusals.N(_rowNumber)} har en cell längre till höger än kolumn {PlanTemplate.ColumnLetter(L.MaxColumns - 1)}). Mallen tar högst {Refusals.N(L.MaxColumns)} kolumner per blad; ta bort det som står längre till höger.");
        }
        _inCell = true;
        _type = type;
        _inline = false;
        _value.Clear();
        _inlineText.Clear();
    }

    private UnreadableWorkbookException CellTooLong() =>
        Refusals.Limit($"Cellen {PlanTemplate.ColumnLetter(_column)}{_rowNumber.ToString(CultureInfo.InvariantCulture)} på bladet {name} har fler än {Refusals.N(L.MaxCellCharacters)} tecken. En cell i Excel rymmer högst {Refusals.N(L.MaxCellCharacters)}.");

    private void EndCell()
    {
        var cell = Cell();
        _inCell = false;
        _inline = false;
        if (!cell.IsEmpty)
        {
            _cells![_column] = cell;
        }
    }

    private InCell Cell()
    {
        var raw = _value.ToString();
        return _type switch
        {
            "s" => int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < strings.Length
                ? new InCell(strings[i], false)
                : new InCell("", false),
            "inlineStr" => new InCell(_inline ? _inlineText.ToString() : raw, false),
            "b" => new InCell(raw == "1" ? "Ja" : "Nej", false),
            "str" or "e" or "d" => new InCell(raw, false),
            _ => new InCell(raw, raw.Length > 0),
        };
    }

    private void EndRow()
    {
        var cells = _cells!;
        _cells = null;
        if (cells.Count == 0)
        {
            return;
        }
        if (_headers.Count == 0)
        {
            foreach (var (column, value) in cells)
            {
                _headers[column] = value.Text.Trim();
            }
            return;
        }
        if (_rows.Count >= _maxRows)
        {
            throw Refusals.Limit($"Bladet {name} har fler än {Refusals.N(_maxRows)} rader. Mallen tar högst {Refusals.N(_maxRows)} rader på det bladet; dela upp planen i flera filer.");
        }
        _rows.Add(new InRow(_rowNumber, cells));
    }
}
