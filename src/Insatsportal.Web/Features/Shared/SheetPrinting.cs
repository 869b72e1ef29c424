using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Insatsportal.Web.Features.Shared;

/// <summary>
/// Print setup for the workbooks the app writes (the nämndunderlag and the plan export), so that printing a sheet
/// gives a handful of readable pages rather than dozens of column strips: A4, landscape when the columns are wider
/// than a portrait page, all columns scaled onto one page's width (as many pages down as the rows need), the header
/// row repeated on every page (print titles), and "Sida 1 av 4" with the sheet's name in the footer.
/// </summary>
public static class SheetPrinting
{
    /// <summary>Excel's paper size code for A4.</summary>
    public const uint A4 = 9;

    /// <summary>About how many characters of column width (Excel's unit) a portrait A4 page holds at 100 % with the
    /// margins below; a sheet wider than this prints in landscape.</summary>
    public const double PortraitWidth = 95;

    public static bool Landscape(IEnumerable<double> columnWidths) => columnWidths.Sum() > PortraitWidth;

    /// <summary>The sheet's first element (sheetPr): fit to page, used with fitToWidth/fitToHeight in the page setup.</summary>
    public static SheetProperties Properties() => new(new PageSetupProperties { FitToPage = true });

    /// <summary>The elements after the sheet data and the autofilter, in the schema's order: margins, page setup
    /// (A4, orientation, one page wide and as many tall as needed) and the footer.</summary>
    public static void Write(OpenXmlWriter writer, bool landscape)
    {
        writer.WriteElement(new PageMargins { Left = 0.5, Right = 0.5, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
        writer.WriteElement(new PageSetup
        {
            PaperSize = A4,
            Orientation = landscape ? OrientationValues.Landscape : OrientationValues.Portrait,
            FitToWidth = 1,
            FitToHeight = 0,
        });
        writer.WriteElement(new HeaderFooter(new OddFooter("&L&A&RSida &P av &N")));
    }

    /// <summary>The print titles of a sheet: rows <paramref name="firstRow"/> to <paramref name="lastRow"/> repeat at the top of every printed page.</summary>
    public static DefinedName PrintTitles(string sheetName, uint sheetIndex, int firstRow, int lastRow) =>
        new($"'{sheetName.Replace("'", "''", StringComparison.Ordinal)}'!${firstRow.ToString(CultureInfo.InvariantCulture)}:${lastRow.ToString(CultureInfo.InvariantCulture)}")
        {
            Name = "_xlnm.Print_Titles",
            LocalSheetId = sheetIndex,
        };
}
