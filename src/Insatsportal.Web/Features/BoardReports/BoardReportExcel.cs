using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Shared;

namespace Insatsportal.Web.Features.BoardReports;

/// <summary>
/// The nämndunderlag as an Excel workbook: a summary sheet ("Sammanfattning") and one sheet per goal (the
/// insatser under no goal on "Övergripande insatser"), one row per insats. Dates are date cells, counts and
/// shares are numbers, the header row is frozen and columns have widths that fit their content.
/// </summary>
public static class BoardReportExcel
{
    public const string SummarySheet = "Sammanfattning";
    public const string KoladaSheet = "Nyckeltal";

    /// <summary>The header of every goal sheet.</summary>
    public static readonly string[] InitiativeColumns =
    [
        "Nummer", "Insats", "Status", "Slutdatum", "Ansvarig avdelning", "Rapportens läge", "Genomförande",
        "Samlad bedömning", "Nästa steg", "Risker", "Effekter", "Effekter synliga", "Effekter delvis synliga",
        "Enheter", "Enhetsrapporter inskickade eller godkända", "Enheternas rapporter",
    ];

    // Narrow enough that the sheet, fitted to the width of an A4 landscape page, prints at about half size; the
    // long texts wrap and the rows grow instead.
    private static readonly double[] InitiativeWidths = [8, 32, 11, 11, 18, 13, 15, 42, 30, 26, 46, 10, 10, 9, 13, 36];

    // Style indexes into the stylesheet below.
    private const uint Header = 1, Date = 2, Wrap = 3, Percent = 4, Bold = 5;

    public static byte[] Build(BoardReport report)
    {
        using var stream = new MemoryStream();
        Write(report, stream);
        return stream.ToArray();
    }

    /// <summary>Writes the workbook into a seekable stream (a temporary file for a download); each sheet's rows are
    /// written one by one with an <see cref="OpenXmlWriter"/> rather than built as a DOM.</summary>
    public static void Write(BoardReport report, Stream stream, Kolada.KoladaBoardTable? figures = null)
    {
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            document.PackageProperties.Title = BoardReportText.Title(report);
            document.PackageProperties.Creator = "Insatsportal";
            document.PackageProperties.Language = "sv-SE";
            document.PackageProperties.Created = report.ClosedAt ?? report.AsOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            document.PackageProperties.Modified = document.PackageProperties.Created;

            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Stylesheet();
            var sheets = workbookPart.Workbook.AppendChild(new Sheets());
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            AddSheet(workbookPart, sheets, Unique(SummarySheet, names), SummaryData(report, out var summaryHeaderRow), summaryHeaderRow,
                [40, 10, 10, 10, 10, 10, 10, 11, 14, 14, 11]);
            foreach (var goal in report.Goals)
            {
                AddSheet(workbookPart, sheets, Unique(SheetName(goal), names), GoalData(goal), 1, InitiativeWidths);
            }
            if (figures is not null)
            {
                var rows = new List<Value?[]> { figures.Header.Select(h => (Value?)new Str(h, Header)).ToArray() };
                rows.AddRange(figures.Rows.Select(r => r.Select(c => (Value?)new Str(c)).ToArray()));
                rows.Add([]);
                rows.Add([new Str(figures.Note)]);
                AddSheet(workbookPart, sheets, Unique(KoladaSheet, names), rows, 1,
                    [46, 30, .. figures.Header.Skip(2).Select(_ => 9d)]);
            }
            workbookPart.Workbook.Save();
        }
    }

    /// <summary>A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ], not starting or ending
    /// with an apostrophe; made unique in the workbook with " (2)", " (3)" ….</summary>
    public static string SheetName(BoardReportGoal goal)
    {
        var raw = goal.IsGoal ? $"Mål {goal.Number} {goal.ShortName ?? goal.Title}" : goal.Title;
        return Clean(raw);
    }

    private static string Clean(string raw)
    {
        var cleaned = new string(raw.Select(c => ":\\/?*[]".Contains(c) || char.IsControl(c) ? ' ' : c).ToArray());
        cleaned = string.Join(' ', cleaned.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim('\'');
        return Cut(cleaned.Length == 0 ? "Blad" : cleaned, 31);
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max].TrimEnd(' ', '\'', ',', '–', '-');

    private static string Unique(string name, HashSet<string> taken)
    {
        var candidate = name;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            var suffix = $" ({n})";
            candidate = Cut(name, 31 - suffix.Length) + suffix;
        }
        return candidate;
    }

    private abstract record Value;
    private sealed record Str(string Text, uint Style = 0) : Value;
    private sealed record Num(double Number, uint Style = 0) : Value;

    private static List<Value?[]> SummaryData(BoardReport report, out int headerRow)
    {
        var statuses = Enum.GetValues<InitiativeStatus>();
        var rows = new List<Value?[]>
        {
            new Value?[] { new Str(BoardReportText.Title(report), Bold) },
            new Value?[] { new Str("Förvaltning", Bold), new Str($"{report.OrganisationName}, {report.Municipality}") },
            new Value?[] { new Str("Nämnd", Bold), new Str(report.BoardName ?? "–") },
            new Value?[] { new Str("Plan", Bold), new Str(report.PlanName) },
            new Value?[] { new Str("Uppföljning", Bold), new Str($"{report.Kind.Name()}, {report.RoundName}") },
            new Value?[] { new Str("Datum", Bold), DateValue(report.AsOf) },
            new Value?[] { new Str(report.IsPreliminary ? "Preliminärt underlag: omgången är öppen." : "Omgången är stängd.") },
            Array.Empty<Value?>(),
        };
        headerRow = rows.Count + 1;
        rows.Add(new[] { "Mål", "Insatser" }.Concat(statuses.Select(s => s.Name()))
            .Concat(["Rapporter", "Inskickade eller godkända", "Andel inskickade eller godkända", "Försenade"])
            .Select(h => (Value?)new Str(h, Header)).ToArray());
        rows.AddRange(report.Goals.Select(g => Row(g.Heading, g.Summary, 0)));
        rows.Add(Row("Hela planen", report.Summary, Bold));
        return rows;

        Value?[] Row(string label, BoardReportSummary s, uint style) =>
            new Value?[] { new Str(label, style), new Num(s.Initiatives) }
                .Concat(statuses.Select(st => (Value?)new Num(s.ByStatus[st])))
                .Concat([new Num(s.Reports), new Num(s.Answered), new Num(s.Reports == 0 ? 0 : (double)s.Answered / s.Reports, Percent), new Num(s.ByState[ReportState.Overdue])])
                .ToArray();
    }

    private static List<Value?[]> GoalData(BoardReportGoal goal)
    {
        var rows = new List<Value?[]> { InitiativeColumns.Select(h => (Value?)new Str(h, Header)).ToArray() };
        foreach (var i in goal.Initiatives)
        {
            var a = i.Assessment;
            string? Answer(string? text) => a.HasAnswer ? text : null;
            rows.Add(
            [
                i.Number is null ? null : new Str(i.Number),
                new Str(i.Title, Wrap),
                new Str(i.Status.Name()),
                i.EndDate is { } end ? DateValue(end) : null,
                i.ResponsibleDepartment is null ? null : new Str(i.ResponsibleDepartment, Wrap),
                new Str(a.State.Name()),
                new Str(a.HasAnswer ? BoardReportText.Implementation(a.Implementation) : BoardReportText.NotAnswered, Wrap),
                Text(Answer(a.OverallAssessment)),
                Text(Answer(a.NextSteps)),
                Text(Answer(a.Risks)),
                Text(a.Effects.Count == 0 ? null : string.Join("\n", a.Effects.Select(e => $"{e.Text} – {BoardReportText.Judgement(e)}. {BoardReportText.Evidence(e)}"))),
                new Num(a.Effects.Count(e => e.Judgement == EffectJudgement.Visible)),
                new Num(a.Effects.Count(e => e.Judgement == EffectJudgement.PartlyVisible)),
                new Num(i.Units.Count),
                new Num(i.Units.Count(u => u.HasAnswer)),
                Text(i.Units.Count == 0 ? null : string.Join("\n", i.Units.Select(u =>
                    $"{u.UnitName}: {u.State.Name()}" + (u.HasAnswer ? $", {BoardReportText.Implementation(u.Implementation)}" : "")))),
            ]);
        }
        return rows;

        static Value? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : new Str(s, Wrap);
    }

    private static Num DateValue(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue).ToOADate(), Date);

    private static void AddSheet(WorkbookPart workbookPart, Sheets sheets, string name, List<Value?[]> rows, int headerRow, double[] widths)
    {
        var part = workbookPart.AddNewPart<WorksheetPart>();
        var topLeft = "A" + (headerRow + 1).ToString(CultureInfo.InvariantCulture);
        var view = new SheetView(new Pane
        {
            VerticalSplit = headerRow, TopLeftCell = topLeft, ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
        }, new Selection { Pane = PaneValues.BottomLeft, ActiveCell = topLeft, SequenceOfReferences = new ListValue<StringValue> { InnerText = topLeft } })
        { WorkbookViewId = 0U };
        if (sheets.ChildElements.Count == 0)
        {
            view.TabSelected = true;
        }
        var lastColumn = Column(rows.Max(r => r.Length) - 1);
        using (var writer = OpenXmlWriter.Create(part))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement(new Worksheet());
            writer.WriteElement(SheetPrinting.Properties());
            writer.WriteElement(new SheetViews(view));
            writer.WriteElement(new SheetFormatProperties { DefaultRowHeight = 15 });
            writer.WriteElement(new Columns(widths.Select((w, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = w, CustomWidth = true })));
            writer.WriteStartElement(new SheetData());
            for (var r = 0; r < rows.Count; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    var reference = Column(c) + (r + 1).ToString(CultureInfo.InvariantCulture);
                    switch (rows[r][c])
                    {
                        case Str s:
                            // Inline strings keep each sheet self-contained; Excel reads them as ordinary text cells.
                            row.Append(new Cell(new InlineString(new Text(s.Text) { Space = SpaceProcessingModeValues.Preserve }))
                            { CellReference = reference, DataType = CellValues.InlineString, StyleIndex = s.Style == 0 ? null : s.Style });
                            break;
                        case Num n:
                            row.Append(new Cell(new CellValue(n.Number.ToString("R", CultureInfo.InvariantCulture)))
                            { CellReference = reference, DataType = CellValues.Number, StyleIndex = n.Style == 0 ? null : n.Style });
                            break;
                        case null:
                            break;
                    }
                }
                writer.WriteElement(row);
            }
            writer.WriteEndElement();
            if (rows.Count > headerRow)
            {
                writer.WriteElement(new AutoFilter { Reference = $"A{headerRow}:{lastColumn}{rows.Count}" });
            }
            SheetPrinting.Write(writer, SheetPrinting.Landscape(widths));
            writer.WriteEndElement();
        }
        workbookPart.Workbook.DefinedNames ??= new DefinedNames();
        if (rows.Count > headerRow)
        {
            // The autofilter needs its defined name for Excel to keep it.
            workbookPart.Workbook.DefinedNames.Append(new DefinedName($"'{name.Replace("'", "''", StringComparison.Ordinal)}'!$A${headerRow}:${lastColumn}${rows.Count}")
            { Name = "_xlnm._FilterDatabase", LocalSheetId = (uint)sheets.ChildElements.Count, Hidden = true });
        }
        // The header row is printed at the top of every page (on the summary, the rows above it are the cover).
        workbookPart.Workbook.DefinedNames.Append(SheetPrinting.PrintTitles(name, (uint)sheets.ChildElements.Count, headerRow, headerRow));
        sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = (uint)(sheets.ChildElements.Count + 1), Name = name });
    }

    private static string Column(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }
        return name;
    }

    private static Stylesheet Stylesheet() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" }) { Count = 1 },
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }))
        { Count = 2 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFDCE6F1" }) { PatternType = PatternValues.Solid }))
        { Count = 3 },
        new Borders(
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin }, new DiagonalBorder()))
        { Count = 2 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            // Header: bold, shaded, bottom border, wrapped.
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top })
            { NumberFormatId = 0, FontId = 1, FillId = 2, BorderId = 1, FormatId = 0, ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true },
            new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Top })
            { NumberFormatId = 164, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true, ApplyAlignment = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top })
            { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyAlignment = true },
            new CellFormat { NumberFormatId = 9, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true })
        { Count = 6 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
}
