using System.Text;
using L = Insatsportal.Web.Features.Shared.UploadLimits.Csv;

namespace Insatsportal.Web.Features.Administration;

/// <summary>A line of a CSV file with its line number; <c>Cells</c> is null when a quote is left open.</summary>
public sealed record CsvLine(int Row, string Text, IReadOnlyList<string>? Cells);

/// <summary>A CSV file as read: the separator its header row uses, the header row's cells, and the lines under it that are not blank.</summary>
public sealed record CsvContent(char Separator, IReadOnlyList<string> Header, IReadOnlyList<CsvLine> Lines);

/// <summary>
/// Reads a CSV file (UTF-8 with or without BOM, ";" or "," separated, one record per line, quotes around a cell
/// that holds the separator) character by character, counting lines, characters per line, fields per line and
/// characters per field as it goes (<see cref="Shared.UploadLimits.Csv"/>): the first bound passed stops the
/// reading with a Swedish message naming it.
/// </summary>
public static class CsvFile
{
    public static string TooLarge => $"Filen är för stor. Största tillåtna storlek är {L.MaxBytes / 1024} kB; dela upp den i flera filer.";

    /// <returns>The content, or a Swedish message saying why the file cannot be read.</returns>
    public static (CsvContent? Content, string? Refusal) Read(byte[] bytes)
    {
        if (bytes.Length > L.MaxBytes)
        {
            return (null, TooLarge);
        }
        using var reader = new StreamReader(new MemoryStream(bytes, writable: false),
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false);
        var line = new StringBuilder();
        var lineNumber = 0;
        (char Separator, IReadOnlyList<string> Cells)? header = null;
        var lines = new List<CsvLine>();
        try
        {
            int next;
            do
            {
                next = reader.Read();
                if (next is not ('\n' or -1))
                {
                    if (next == '\0')
                    {
                        return (null, "Filen är inte en CSV-fil. Spara den som ”CSV UTF-8 (kommaavgränsad)” och försök igen.");
                    }
                    if (line.Length >= L.MaxLineCharacters)
                    {
                        return (null, $"Rad {lineNumber + 1} har fler än {L.MaxLineCharacters} tecken. En rad får ha högst {L.MaxLineCharacters}; kontrollera att filen har en enhet per rad.");
                    }
                    line.Append((char)next);
                    continue;
                }
                if (next == -1 && line.Length == 0)
                {
                    break;
                }
                if (++lineNumber > L.MaxLines)
                {
                    return (null, $"Filen har fler än {L.MaxLines} rader, tomma rader medräknade. Ta bort tomma rader eller dela upp filen.");
                }
                var text = (lineNumber == 1 ? line.ToString().TrimStart('\uFEFF') : line.ToString()).TrimEnd('\r');
                line.Clear();
                if (text.Trim().Length == 0)
                {
                    continue;
                }
                if (header is null)
                {
                    var separator = text.Contains(';', StringComparison.Ordinal) ? ';' : ',';
                    var cells = Split(text, separator, lineNumber, out var refusal);
                    if (refusal is not null || cells is null)
                    {
                        return (null, refusal ?? "Rad 1: citattecknen är inte avslutade.");
                    }
                    header = (separator, cells);
                    continue;
                }
                if (lines.Count >= L.MaxRows)
                {
                    return (null, $"Filen har fler än {L.MaxRows} rader. Högst {L.MaxRows} enheter kan importeras åt gången; dela upp filen.");
                }
                var row = Split(text, header.Value.Separator, lineNumber, out var problem);
                if (problem is not null)
                {
                    return (null, problem);
                }
                lines.Add(new CsvLine(lineNumber, text, row));
            }
            while (next != -1);
        }
        catch (DecoderFallbackException)
        {
            return (null, "Filen är inte en textfil i UTF-8. Spara den som ”CSV UTF-8 (kommaavgränsad)” och försök igen.");
        }
        return header is { } h ? (new CsvContent(h.Separator, h.Cells, lines), null) : (null, "Filen är tom.");
    }

    /// <summary>One line into cells: quoted cells may hold the separator and doubled quotes. Null when a quote is
    /// left open; <paramref name="refusal"/> when the line has too many fields or too long a field.</summary>
    private static List<string>? Split(string line, char separator, int row, out string? refusal)
    {
        refusal = null;
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                cell.Append('"');
                i++;
            }
            else if (quoted && c == '"')
            {
                quoted = false;
            }
            else if (!quoted && c == '"' && cell.ToString().Trim().Length == 0)
            {
                cell.Clear();
                quoted = true;
            }
            else if (!quoted && c == separator)
            {
                if (cells.Count + 1 >= L.MaxFields)
                {
                    refusal = $"Rad {row} har fler än {L.MaxFields} fält. En rad får ha högst {L.MaxFields} fält (kolumner).";
                    return null;
                }
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
            if (cell.Length > L.MaxFieldCharacters)
            {
                refusal = $"Rad {row}, fält {cells.Count + 1} har fler än {L.MaxFieldCharacters} tecken. Ett fält får ha högst {L.MaxFieldCharacters} tecken.";
                return null;
            }
        }
        if (quoted)
        {
            return null;
        }
        cells.Add(cell.ToString());
        return cells;
    }
}
