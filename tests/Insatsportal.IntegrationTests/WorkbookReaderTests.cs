using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Features.PlanTransfer;
using T = Insatsportal.Web.Features.PlanTransfer.PlanTemplate;

namespace Insatsportal.IntegrationTests;

/// <summary>The streaming workbook reader on its own: it reads what Excel writes as the import always has, and its
/// bounds leave room for the largest real plans (the bounds passed are in <see cref="HostileUploadTests"/>).</summary>
public sealed class WorkbookReaderTests
{
    /// <summary>2 000 insatser (the import's own limit), each as detailed as the most detailed insats of the
    /// Stockholm-size data set (six activities, three effects with indicators, two responsible, three follow-ups,
    /// two resources) and as wordy as the seeded plans (about 3 000 characters): every row is read.</summary>
    [Fact]
    public void A_plan_at_the_import_limit_with_the_largest_real_shape_is_read_whole()
    {
        const int initiatives = T.MaxInitiatives;
        var text = string.Concat(Enumerable.Repeat("Eleverna ska nå målen i alla ämnen och skolan följer upp varje termin. ", 10));
        var writer = new WorkbookWriter();
        var sheets = new Dictionary<TemplateSheet, List<IReadOnlyList<OutCell>>>();
        foreach (var sheet in T.DataSheets)
        {
            sheets[sheet] = [];
        }
        void Add(TemplateSheet sheet, int copies, Func<int, IEnumerable<OutCell>> row)
        {
            for (var n = 1; n <= copies; n++)
            {
                sheets[sheet].Add(row(n).ToList());
            }
        }
        for (var i = 0; i < initiatives; i++)
        {
            var key = $"insats-{S(i)}";
            Add(T.Initiatives.Sheet, 1, _ => [key, "", "", $"{S(i)}.1", $"Insats {S(i)}", "", text, text, text, "Alla elever", text, "Pågående",
                new OutCell(Date: new DateOnly(2026, 1, 1)), new OutCell(Date: new DateOnly(2027, 12, 31)), "Nämndens plan", "Ja", "Diariet",
                "", "Vallåsskolan\nGetingeskolan", ""]);
            Add(T.Activities.Sheet, 6, n => [key, new OutCell(Number: n), $"Aktivitet {S(n)} som beskrivs med några meningar.", "Hösten 2026"]);
            Add(T.Effects.Sheet, 3, n => [key, "1–6", $"Effekt {S(n)}", "Andel elever", "%", new OutCell(Number: 40.5m), new OutCell(Number: 60)]);
            Add(T.Responsible.Sheet, 2, n => [key, $"Ansvarig {S(n)}", "", "Kvalitetsavdelningen", "", "1–6"]);
            Add(T.FollowUps.Sheet, 3, n => [key, "1–6", $"Uppföljning {S(n)} i kvalitetsdialogen", "Varje termin"]);
            Add(T.Resources.Sheet, 2, n => [key, "1–6", $"Resurs {S(n)}", new OutCell(Number: 10_000), new OutCell(Number: 20)]);
        }
        foreach (var (sheet, rows) in sheets)
        {
            writer.AddTable(sheet.Name, sheet.Columns.Select(c => c.Header).ToList(), [], rows);
        }

        var read = WorkbookReader.Read(writer.ToBytes()).ToDictionary(s => s.Name);

        Assert.Equal(initiatives, read[T.Initiatives.Sheet.Name].Rows.Count);
        Assert.Equal(6 * initiatives, read[T.Activities.Sheet.Name].Rows.Count);
        Assert.Equal(3 * initiatives, read[T.Effects.Sheet.Name].Rows.Count);
        Assert.Equal(text, read[T.Initiatives.Sheet.Name].Rows[^1][T.Initiatives.Sheet.IndexOf(T.Initiatives.Content)].Text);
        Assert.Equal(T.Initiatives.Sheet.Columns.Count, read[T.Initiatives.Sheet.Name].Headers.Count);
    }

    /// <summary>Rich text is its runs without phonetic hints, in shared and inline strings alike; numbers, booleans and
    /// row and column references come through; rows and cells without content are skipped.</summary>
    [Fact]
    public void Cells_are_read_as_excel_writes_them()
    {
        var rich = "<r><rPr><b/></rPr><t xml:space=\"preserve\">Läs </t></r><r><t>mer</t></r><rPh sb=\"0\" eb=\"1\"><t>ヨ</t></rPh>";
        var file = new CraftedWorkbook()
            .Part("xl/sharedStrings.xml", CraftedWorkbook.SharedStrings(w => w.Write($"<si><t>Första</t></si><si>{rich}</si>")))
            .Sheet(T.Goals.Sheet.Name, w => w.Write(
                "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>0</v></c><c r=\"C3\" t=\"s\"><v>1</v></c><c r=\"D3\"><v>42.5</v></c><c r=\"E3\" t=\"b\"><v>1</v></c></row>"
                + "<row r=\"4\"><c r=\"B4\" s=\"1\"/></row>"
                + $"<row r=\"7\"><c t=\"inlineStr\"><is>{rich}</is></c><c t=\"str\"><f>A1</f><v>7</v></c></row>"))
            .ToBytes();

        var sheets = WorkbookReader.Read(file);

        var goals = sheets.Single(s => s.Name == T.Goals.Sheet.Name);
        Assert.Equal(T.Goals.Sheet.Columns.Select(c => c.Header), goals.Headers.OrderBy(h => h.Key).Select(h => h.Value));
        Assert.Equal([3, 7], goals.Rows.Select(r => r.Number));
        var first = goals.Rows[0];
        Assert.Equal([new InCell("Första", false), new InCell("", false), new InCell("Läs mer", false), new InCell("42.5", true), new InCell("Ja", false)],
            Enumerable.Range(0, 5).Select(c => first[c]));
        Assert.Equal([new InCell("Läs mer", false), new InCell("7", false)], [goals.Rows[1][0], goals.Rows[1][1]]);
        Assert.Equal(T.DataSheets.Select(s => s.Name), sheets.Select(s => s.Name));
    }
}
