using System.IO.Compression;
using System.Xml.Linq;

namespace Insatsportal.IntegrationTests.Infrastructure;

/// <summary>One sheet's print setup as a workbook's XML states it.</summary>
public sealed record SheetPrintSetup(
    string Sheet, bool FitToPage, string? PaperSize, string? Orientation, string? FitToWidth, string? FitToHeight, string? PrintTitles,
    double ColumnWidths, string? Footer);

public static class SheetPrintSetups
{
    private static readonly XNamespace S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly XNamespace R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// <summary>Reads an .xlsx as the zip it is: each sheet's sheetPr/pageSetUpPr, pageSetup, column widths and footer,
    /// and its print titles (the defined name _xlnm.Print_Titles local to the sheet).</summary>
    public static List<SheetPrintSetup> Read(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        XDocument Part(string name)
        {
            using var stream = zip.GetEntry(name)!.Open();
            return XDocument.Load(stream);
        }
        var workbook = Part("xl/workbook.xml");
        var rels = Part("xl/_rels/workbook.xml.rels").Root!.Elements().ToDictionary(e => e.Attribute("Id")!.Value, e => e.Attribute("Target")!.Value);
        var titles = workbook.Descendants(S + "definedName").Where(d => d.Attribute("name")?.Value == "_xlnm.Print_Titles")
            .ToDictionary(d => int.Parse(d.Attribute("localSheetId")!.Value, System.Globalization.CultureInfo.InvariantCulture), d => d.Value);
        return workbook.Descendants(S + "sheet").Select((sheet, index) =>
        {
            var target = rels[sheet.Attribute(R + "id")!.Value];
            var xml = Part(target.StartsWith('/') ? target[1..] : "xl/" + target).Root!;
            var setup = xml.Element(S + "pageSetup");
            return new SheetPrintSetup(
                sheet.Attribute("name")!.Value,
                xml.Element(S + "sheetPr")?.Element(S + "pageSetUpPr")?.Attribute("fitToPage")?.Value is "1" or "true",
                setup?.Attribute("paperSize")?.Value, setup?.Attribute("orientation")?.Value,
                setup?.Attribute("fitToWidth")?.Value, setup?.Attribute("fitToHeight")?.Value,
                titles.GetValueOrDefault(index),
                xml.Element(S + "cols")?.Elements(S + "col").Sum(c => double.Parse(c.Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture)) ?? 0,
                xml.Element(S + "headerFooter")?.Element(S + "oddFooter")?.Value);
        }).ToList();
    }
}
