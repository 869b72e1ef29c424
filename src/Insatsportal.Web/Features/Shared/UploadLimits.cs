namespace Insatsportal.Web.Features.Shared;

/// <summary>
/// Every bound an uploaded file is read within, in one place (docs/security.md, V12). Each is counted while the
/// file is read, so a small upload that unpacks or expands into something huge is stopped where it passes the
/// bound, not after it has been loaded. The bounds are the plan template's and the unit file's real sizes with
/// generous headroom: the largest real plan (Stockholm, 1 200 insatser with 2–6 activities each) uses a fraction
/// of each, and so does a plan at the import's own limits (2 000 insatser, 20 000 rows per numbered sheet).
/// </summary>
public static class UploadLimits
{
    /// <summary>The plan workbook (.xlsx, docs/plan-template.md).</summary>
    public static class Workbook
    {
        /// <summary>Parts in the zip. An exported plan has 22; Excel adds a few (themes, printer settings, tables).</summary>
        public const int MaxEntries = 500;

        /// <summary>What one part may unpack to. A 2 000-insats sheet is about 2 MB; a plan written with inline
        /// strings instead of shared ones at most a few times that.</summary>
        public const long MaxEntryBytes = 32L * 1024 * 1024;

        /// <summary>What all parts together may unpack to.</summary>
        public const long MaxUnpackedBytes = 64L * 1024 * 1024;

        /// <summary>XML nodes (elements, texts, end tags) read in all parts together: bounds the time a file of
        /// millions of tiny elements takes, which the byte bounds alone do not.</summary>
        public const int MaxXmlNodes = 4_000_000;

        /// <summary>Nesting of XML elements. A worksheet is seven deep (worksheet, sheetData, row, c, is, r, t).</summary>
        public const int MaxXmlDepth = 32;

        /// <summary>Bytes read for one XML node (a tag, a comment, the whitespace between two tags). Cell texts are
        /// read in chunks and bounded by <see cref="MaxCellCharacters"/> instead.</summary>
        public const int MaxXmlTokenBytes = 1024 * 1024;

        /// <summary>Sheets in the workbook; the template has nine.</summary>
        public const int MaxSheets = 100;

        /// <summary>Rows with content on one sheet: a quarter above the import's own limit for the sheet (2 000
        /// insatser, 500 goals or areas, 20 000 numbered rows) and more for Insatser, so that a file just over the
        /// import's limit gets the import's message and a file far over it is not read to the end.</summary>
        public static int MaxRows(string sheet) =>
            sheet.Equals(PlanTransfer.PlanTemplate.Initiatives.Sheet.Name, StringComparison.OrdinalIgnoreCase) ? 5_000
            : sheet.Equals(PlanTransfer.PlanTemplate.Goals.Sheet.Name, StringComparison.OrdinalIgnoreCase)
              || sheet.Equals(PlanTransfer.PlanTemplate.Themes.Sheet.Name, StringComparison.OrdinalIgnoreCase) ? 1_000
            : 25_000;

        /// <summary>Columns: the widest sheet (Insatser) has 20; room for the user's own notes beside them.</summary>
        public const int MaxColumns = 100;

        /// <summary>Cells on one sheet, empty ones included (Excel writes a formatted empty cell too).</summary>
        public const int MaxCellsPerSheet = 250_000;

        /// <summary>Cells on all sheets read: bounds what the rows hold in memory (about 25 MB).</summary>
        public const int MaxCells = 500_000;

        /// <summary>Characters in one cell or shared string: Excel's own limit.</summary>
        public const int MaxCellCharacters = 32_767;

        /// <summary>Entries in the shared string table (each different text once).</summary>
        public const int MaxSharedStrings = 250_000;

        /// <summary>Characters of text in the workbook, shared strings and cells together (20 MB in memory). The
        /// seeded plans have about 3 000 characters per insats, so a 2 000-insats plan as wordy has 6 million.</summary>
        public const int MaxCharacters = 10_000_000;
    }

    /// <summary>The unit file (CSV, /admin/organisation/enheter/importera).</summary>
    public static class Csv
    {
        /// <summary>The file itself: 2 000 units of a few dozen fields each.</summary>
        public const int MaxBytes = 512 * 1024;

        /// <summary>Units in one import.</summary>
        public const int MaxRows = 2000;

        /// <summary>Lines in the file, empty ones included.</summary>
        public const int MaxLines = 10_000;

        /// <summary>Characters on one line.</summary>
        public const int MaxLineCharacters = 10_000;

        /// <summary>Fields on one line: the template has four; an export from another system may have a few dozen.</summary>
        public const int MaxFields = 100;

        /// <summary>Characters in one field: a unit's name is at most 200.</summary>
        public const int MaxFieldCharacters = 1_000;
    }
}
