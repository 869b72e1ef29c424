using System.Globalization;
using Insatsportal.Web.Features.PlanTransfer;

namespace Insatsportal.IntegrationTests.Infrastructure;

/// <summary>An exported workbook opened for a test to change the way a user would in Excel: set a cell, add or
/// remove a row or a column, and save it again (numbers and dates stay number cells).</summary>
public sealed class TestWorkbook
{
    public sealed class Sheet(string name, List<string> headers, List<Dictionary<int, InCell>> rows)
    {
        public string Name { get; } = name;
        public List<string> Headers { get; } = headers;
        public List<Dictionary<int, InCell>> Rows { get; } = rows;
        public int Column(string header) => Headers.IndexOf(header) is var i and >= 0 ? i : throw new InvalidOperationException($"No column {header} on {Name}");

        /// <summary>The data row whose first column is <paramref name="key"/> (Excel row = index + 2).</summary>
        public Dictionary<int, InCell> Row(string key) => Rows.First(r => r.TryGetValue(0, out var c) && c.Text == key);
        public int ExcelRow(string key) => Rows.IndexOf(Row(key)) + 2;
    }

    public List<Sheet> Sheets { get; } = [];

    public static TestWorkbook Read(byte[] bytes)
    {
        var book = new TestWorkbook();
        foreach (var sheet in WorkbookReader.Read(bytes))
        {
            var width = sheet.Headers.Count == 0 ? 0 : sheet.Headers.Keys.Max() + 1;
            var headers = Enumerable.Range(0, width).Select(i => sheet.Headers.GetValueOrDefault(i) ?? "").ToList();
            book.Sheets.Add(new Sheet(sheet.Name, headers, sheet.Rows.Select(r => r.Cells.ToDictionary(c => c.Key, c => c.Value)).ToList()));
        }
        return book;
    }

    public Sheet this[string name] => Sheets.First(s => s.Name == name);

    public TestWorkbook Set(string sheet, string key, string header, string value)
    {
        this[sheet].Row(key)[this[sheet].Column(header)] = new InCell(value, false);
        return this;
    }

    public TestWorkbook Add(string sheet, params (string Header, string Value)[] cells)
    {
        var s = this[sheet];
        s.Rows.Add(cells.ToDictionary(c => s.Column(c.Header), c => new InCell(c.Value, false)));
        return this;
    }

    public TestWorkbook RemoveColumn(string sheet, string header)
    {
        var s = this[sheet];
        var index = s.Column(header);
        s.Headers[index] = "";
        foreach (var row in s.Rows)
        {
            row.Remove(index);
        }
        return this;
    }

    public byte[] ToBytes()
    {
        var writer = new WorkbookWriter();
        foreach (var sheet in Sheets)
        {
            var width = Math.Max(sheet.Headers.Count, sheet.Rows.Select(r => r.Count == 0 ? 0 : r.Keys.Max() + 1).DefaultIfEmpty(0).Max());
            writer.AddTable(sheet.Name, sheet.Headers, [],
                sheet.Rows.Select(r => (IReadOnlyList<OutCell>)Enumerable.Range(0, width).Select(i => r.TryGetValue(i, out var c)
                    ? c.IsNumber ? new OutCell(Number: decimal.Parse(c.Text, NumberStyles.Float, CultureInfo.InvariantCulture)) : new OutCell(c.Text)
                    : default).ToList()).ToList());
        }
        return writer.ToBytes();
    }
}
