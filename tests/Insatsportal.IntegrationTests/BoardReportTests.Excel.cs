using System.Globalization;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>The workbook: its sheets, real dates and numbers, and its print setup.</summary>
public partial class BoardReportTests
{
    [Fact]
    public async Task The_Excel_workbook_opens_with_a_summary_sheet_and_a_sheet_per_goal_holding_real_dates_and_numbers()
    {
        var id = await RoundIdAsync(app, ClosedRound);
        var reports = await ReportsAsync(app, id);
        var endDates = await app.WithDbAsync(db => db.FollowUpReports.Where(r => r.RoundId == id && r.UnitId == null)
            .ToDictionaryAsync(r => r.InitiativeTitle, r => r.InitiativeEndDateInRound));
        var browser = await SignedInAsync(app, DemoUsers.DepartmentHead);

        var response = await browser.GetAsync($"/omgangar/{S(id)}/namndunderlag.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Nämndunderlag Delårsrapport 1 2020.xlsx", response.Content.Headers.ContentDisposition!.FileNameStar);
        using var workbook = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        AssertValid(workbook);
        var sheets = Sheets(workbook);
        // The plan's Kolada figures (seeded for the Halmstad plan) have a sheet of their own last; KoladaTests reads it.
        Assert.Equal(Insatsportal.Web.Features.BoardReports.BoardReportExcel.KoladaSheet, sheets[^1].Name);
        var names = sheets.Select(s => s.Name).SkipLast(1).ToList();

        var goals = reports.Select(r => (r.Goal, r.GoalShortName)).Distinct().ToList();
        Assert.Equal(1 + goals.Count, names.Count);
        Assert.Equal("Sammanfattning", names[0]);
        Assert.Equal("Mål 1 En utvecklad undervisning", names[1]);
        if (goals.Any(g => g.Goal is null))
        {
            Assert.Equal("Övergripande insatser", names[^1]);
        }
        Assert.All(names, n => Assert.True(n.Length <= 31 && !n.Any(@":\/?*[]".Contains), n));
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());

        // Summary: the header row is frozen; counts are numbers, the share is a number formatted as per cent.
        var summary = sheets[0];
        var header = summary.Rows.FindIndex(r => r.FirstOrDefault()?.Text == "Mål");
        Assert.Equal(header + 1, summary.FrozenRows);
        Assert.Equal(["Mål", "Insatser", "Planerad", "Pågående", "Avslutad", "Pausad", "Avbruten", "Rapporter",
            "Inskickade eller godkända", "Andel inskickade eller godkända", "Försenade"], summary.Rows[header].Select(c => c.Text));
        var total = summary.Rows[^1];
        Assert.Equal("Hela planen", total[0].Text);
        Assert.Equal((CellValues.Number, S(reports.Count(r => r.UnitId == null))), (total[1].Type, total[1].Text));
        Assert.Equal((CellValues.Number, S(reports.Count)), (total[7].Type, total[7].Text));
        Assert.Equal("0%", total[9].Format);
        Assert.Equal(reports.Count(r => r.Status is ReportStatus.Submitted or ReportStatus.Approved) / (double)reports.Count,
            double.Parse(total[9].Text, CultureInfo.InvariantCulture), 6);
        var date = summary.Rows.Single(r => r.FirstOrDefault()?.Text == "Datum")[1];
        Assert.Equal((CellValues.Number, "yyyy-mm-dd"), (date.Type, date.Format));

        // A goal sheet: Swedish headers in a frozen first row, a row per insats, the end date as a date cell.
        var first = sheets[1];
        Assert.Equal(1, first.FrozenRows);
        Assert.Equal(["Nummer", "Insats", "Status", "Slutdatum"], first.Rows[0].Take(4).Select(c => c.Text));
        Assert.All(first.Columns, w => Assert.InRange(w, 8, 80));
        var goal1 = reports.Where(r => r.UnitId == null && r.Goal == goals.Select(g => g.Goal).First(g => g is not null)).Select(r => r.Title).ToList();
        Assert.Equal(goal1.Order(StringComparer.Ordinal), first.Rows.Skip(1).Select(r => r[1].Text).Order(StringComparer.Ordinal));
        var row = first.Rows.Skip(1).First(r => endDates[r[1].Text] is not null);
        Assert.Equal((CellValues.Number, "yyyy-mm-dd"), (row[3].Type, row[3].Format));
        Assert.Equal(endDates[row[1].Text], DateOnly.FromDateTime(DateTime.FromOADate(double.Parse(row[3].Text, CultureInfo.InvariantCulture))));
        var units = first.Rows[0].FindIndex(c => c.Text == "Enheter");
        Assert.All(first.Rows.Skip(1), r => Assert.Equal(CellValues.Number, r[units].Type));
    }

    [Fact]
    public async Task The_Excel_workbook_prints_on_A4_fitted_to_the_page_width_with_its_header_row_on_every_page()
    {
        var id = await RoundIdAsync(app, ClosedRound);
        var browser = await SignedInAsync(app, DemoUsers.DirectorOfEducation);
        var bytes = await DownloadAsync(browser, $"/omgangar/{S(id)}/namndunderlag.xlsx");
        using (var workbook = SpreadsheetDocument.Open(new MemoryStream(bytes), false))
        {
            AssertValid(workbook);
        }

        var sheets = SheetPrintSetups.Read(bytes);
        Assert.True(sheets.Count > 1);
        Assert.All(sheets, sheet =>
        {
            Assert.True(sheet.FitToPage, $"{sheet.Sheet}: sheetPr/pageSetUpPr fitToPage");
            Assert.Equal(("9", "1", "0"), (sheet.PaperSize, sheet.FitToWidth, sheet.FitToHeight));
            // Wider than a portrait page: landscape.
            Assert.Equal(sheet.ColumnWidths > 95 ? "landscape" : "portrait", sheet.Orientation);
            Assert.Contains("&P", sheet.Footer, StringComparison.Ordinal);
        });
        // The goal sheets repeat their first row; the summary its header row under the cover lines.
        Assert.All(sheets.Skip(1), sheet => Assert.Equal($"'{sheet.Sheet.Replace("'", "''", StringComparison.Ordinal)}'!$1:$1", sheet.PrintTitles));
        Assert.Matches(@"^'Sammanfattning'!\$(\d+):\$\1$", sheets[0].PrintTitles);
        Assert.NotEqual("'Sammanfattning'!$1:$1", sheets[0].PrintTitles);
        Assert.Equal("landscape", sheets[1].Orientation);
    }

    private sealed record XCell(string Text, CellValues Type, string? Format);

    private sealed record XSheet(string Name, List<List<XCell>> Rows, int FrozenRows, List<double> Columns);

    /// <summary>Reads every sheet back: each cell's text, its type and its number format.</summary>
    private static List<XSheet> Sheets(SpreadsheetDocument workbook)
    {
        var part = workbook.WorkbookPart!;
        var formats = part.WorkbookStylesPart!.Stylesheet!;
        var custom = formats.NumberingFormats?.Elements<NumberingFormat>().ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value!) ?? [];
        var cellFormats = formats.CellFormats!.Elements<CellFormat>().ToList();
        string? FormatOf(Cell c)
        {
            var id = cellFormats[(int)(c.StyleIndex?.Value ?? 0)].NumberFormatId?.Value ?? 0;
            return id == 0 ? null : custom.TryGetValue(id, out var code) ? code : id == 9 ? "0%" : id.ToString(CultureInfo.InvariantCulture);
        }
        return part.Workbook!.Sheets!.Elements<Sheet>().Select(sheet =>
        {
            var worksheet = ((WorksheetPart)part.GetPartById(sheet.Id!.Value!)).Worksheet!;
            var rows = worksheet.Descendants<Row>().Select(r =>
            {
                var cells = new List<XCell>();
                foreach (var c in r.Elements<Cell>())
                {
                    var column = ColumnIndex(c.CellReference!.Value!);
                    while (cells.Count < column)
                    {
                        cells.Add(new XCell("", CellValues.String, null));
                    }
                    var type = c.DataType?.Value ?? CellValues.Number;
                    cells.Add(new XCell(type == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text ?? "", type, FormatOf(c)));
                }
                return cells;
            }).ToList();
            var pane = worksheet.Descendants<Pane>().SingleOrDefault();
            var frozen = pane?.State?.Value == PaneStateValues.Frozen ? (int)(pane.VerticalSplit?.Value ?? 0) : 0;
            var widths = worksheet.Descendants<Column>().Select(c => c.Width!.Value).ToList();
            return new XSheet(sheet.Name!.Value!, rows, frozen, widths);
        }).ToList();

        static int ColumnIndex(string reference) =>
            reference.TakeWhile(char.IsLetter).Aggregate(0, (n, ch) => n * 26 + ch - 'A' + 1) - 1;
    }
}
