using System.Globalization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Data.Configurations;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Administration;

public sealed class UnitImportPage
{
    public int? OrganisationId { get; set; }
    public string? FileName { get; set; }
    public ImportPreview? Preview { get; set; }

    /// <summary>The checked file (base64), carried to the confirmation so that nothing is kept on the server in between.</summary>
    public string? Content { get; set; }
    public IReadOnlyList<OrganisationChoice> Organisations { get; set; } = [];
}

public enum ImportRowAction
{
    Create,
    AlreadyThere,

    /// <summary>The unit is there; the file gives it another id in Kolada, which is all the import changes on it.</summary>
    UpdateKoladaOuId,
    Invalid,
}

public sealed record ImportProblem(int Row, string? Column, string Message)
{
    public string Text => Row == 0 ? Message : Column is null ? $"Rad {Row}: {Message}" : $"Rad {Row}, kolumn {Column}: {Message}";
}

/// <summary>A row of the file. KoladaOuId: the cell of the optional column "Id i Kolada" as it will be stored; empty
/// when the file has no such column or the cell is empty (an existing unit's id is then kept).</summary>
public sealed record ImportRow(
    int Row, string Name, string Type, string SchoolUnitCode, string Department, ImportRowAction Action, string? Note, string KoladaOuId = "");

/// <summary>What the import would do with each row. HasKoladaColumn: the file has the optional column "Id i Kolada"
/// (the preview then shows it).</summary>
public sealed record ImportPreview(IReadOnlyList<ImportRow> Rows, IReadOnlyList<ImportProblem> Problems, bool HasKoladaColumn = false)
{
    public int ToCreate => Rows.Count(r => r.Action == ImportRowAction.Create);
    public int ToUpdate => Rows.Count(r => r.Action == ImportRowAction.UpdateKoladaOuId);
    public bool CanImport => Problems.Count == 0 && ToCreate + ToUpdate > 0;

    public static ImportPreview Refused(string message) => new([], [new ImportProblem(0, null, message)]);
}

/// <summary>
/// Imports enheter from a CSV file: Namn, Typ, Skolenhetskod, Avdelning and, optionally, Id i Kolada (";" or ","
/// separated, UTF-8 with or without BOM, a header row naming the columns). The preview checks every row against the
/// database; the import checks again and writes all rows in one transaction, or none. Rows are matched by
/// skolenhetskod, so a unit that is already there is skipped and importing the same file twice adds nothing.
/// Import adds units, and sets an existing unit's id in Kolada when the file gives another one (recorded in the
/// unit's history as its form records it); an empty cell or a file without the column keeps the id the unit has.
/// Renaming or moving a unit is done in its form, where the change is recorded field by field.
/// </summary>
public sealed class UnitImport(AppDbContext db, History.HistoryRecorder history)
{
    private const int MaxBytes = UploadLimits.Csv.MaxBytes;

    private const string Name = "Namn";
    private const string Type = "Typ";
    private const string Code = "Skolenhetskod";
    private const string DepartmentColumn = "Avdelning";
    private const string OuColumn = OrganisationEditor.KoladaOuIdField;
    private static readonly string[] Columns = [Name, Type, Code, DepartmentColumn];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["namn"] = Name, ["name"] = Name, ["enhet"] = Name, ["enhetens namn"] = Name,
        ["typ"] = Type, ["type"] = Type, ["enhetstyp"] = Type, ["skolform"] = Type,
        ["skolenhetskod"] = Code, ["school unit code"] = Code, ["skolenhet"] = Code, ["kod"] = Code,
        ["avdelning"] = DepartmentColumn, ["department"] = DepartmentColumn,
        ["id i kolada"] = OuColumn, ["kolada"] = OuColumn, ["kolada-id"] = OuColumn, ["koladaid"] = OuColumn, ["kolada id"] = OuColumn,
        ["ou"] = OuColumn, ["ou-id"] = OuColumn, ["kolada ou"] = OuColumn,
    };

    private static readonly Dictionary<string, UnitType> Types =
        Enum.GetValues<UnitType>().ToDictionary(t => t.Name(), t => t, StringComparer.OrdinalIgnoreCase);

    public static string TypeNames => string.Join(", ", Enum.GetValues<UnitType>().Select(t => t.Name()));

    /// <summary>Reads at most MaxBytes + 1 bytes, counted while reading, so a huge upload is refused without being held in memory.</summary>
    public static async Task<(byte[]? Bytes, string? Error)> ReadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return (null, "Välj en CSV-fil att importera.");
        }
        if (file.Length > MaxBytes)
        {
            return (null, $"Filen är för stor ({file.Length / 1024} kB). Största tillåtna storlek är {MaxBytes / 1024} kB; dela upp den i flera filer.");
        }
        await using var stream = file.OpenReadStream();
        using var memory = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            memory.Write(buffer, 0, read);
            if (memory.Length > MaxBytes)
            {
                return (null, CsvFile.TooLarge);
            }
        }
        return (memory.ToArray(), null);
    }

    public async Task<ImportPreview> PreviewAsync(byte[] bytes, int organisationId, CancellationToken ct)
    {
        var (content, refusal) = CsvFile.Read(bytes);
        if (content is null)
        {
            return ImportPreview.Refused(refusal!);
        }
        var (separator, header) = (content.Separator, content.Header);
        var positions = new Dictionary<string, int>();
        for (var i = 0; i < header.Count; i++)
        {
            if (Aliases.TryGetValue(header[i].Trim(), out var column) && !positions.ContainsKey(column))
            {
                positions[column] = i;
            }
        }
        var missing = Columns.Where(c => !positions.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            return ImportPreview.Refused(
                $"Första raden saknar {(missing.Count == 1 ? "kolumnen" : "kolumnerna")} {string.Join(", ", missing.Select(m => $"”{m}”"))}. " +
                $"Första raden ska namnge kolumnerna: {string.Join(separator, Columns)}.");
        }
        var dataLines = content.Lines;
        if (dataLines.Count == 0)
        {
            return ImportPreview.Refused("Filen har inga rader med enheter under rubrikraden.");
        }

        var departments = await db.Departments.AsNoTracking().Where(d => d.OrganisationId == organisationId)
            .Select(d => new { d.Id, d.Key, d.Name, d.ClosedOn }).ToListAsync(ct);
        var codes = dataLines.Select(x => x.Cells).Where(c => c is not null && c.Count > positions[Code])
            .Select(c => c![positions[Code]].Trim()).Where(c => c.Length > 0).Distinct().ToList();
        var existing = await db.Units.AsNoTracking().Where(u => u.SchoolUnitCode != null && codes.Contains(u.SchoolUnitCode))
            .Select(u => new { u.SchoolUnitCode, u.Name, u.OrganisationId, u.KoladaOuId }).ToListAsync(ct);
        var byCode = existing.GroupBy(u => u.SchoolUnitCode!).ToDictionary(g => g.Key, g => g.First());

        var hasOu = positions.ContainsKey(OuColumn);
        var rows = new List<ImportRow>();
        var problems = new List<ImportProblem>();
        var seen = new Dictionary<string, int>();
        foreach (var (row, line, cells) in dataLines)
        {
            if (cells is null)
            {
                problems.Add(new ImportProblem(row, null, "citattecknen är inte avslutade."));
                rows.Add(new ImportRow(row, line, "", "", "", ImportRowAction.Invalid, null));
                continue;
            }
            string Cell(string column) => positions.TryGetValue(column, out var at) && at < cells.Count ? cells[at].Trim() : "";
            var (name, type, code, department) = (Cell(Name), Cell(Type), Cell(Code), Cell(DepartmentColumn));
            var before = problems.Count;
            if (name.Length == 0)
            {
                problems.Add(new ImportProblem(row, Name, "namnet saknas."));
            }
            else if (name.Length > Lengths.Name)
            {
                problems.Add(new ImportProblem(row, Name, $"namnet är längre än {Lengths.Name} tecken."));
            }
            if (type.Length == 0)
            {
                problems.Add(new ImportProblem(row, Type, $"typen saknas. Ange en av: {TypeNames}."));
            }
            else if (!Types.ContainsKey(type))
            {
                problems.Add(new ImportProblem(row, Type, $"okänd typ ”{type}”. Ange en av: {TypeNames}."));
            }
            // The unit form's own rule and message, so the two ways in cannot accept different ids.
            var ou = "";
            if (OrganisationEditor.CleanKoladaOuId(Cell(OuColumn)) is { } typed)
            {
                if (OrganisationEditor.IsKoladaOuId(typed))
                {
                    ou = OrganisationEditor.StoredKoladaOuId(typed)!;
                }
                else
                {
                    problems.Add(new ImportProblem(row, OuColumn, $"”{typed}” går inte att använda. {OrganisationEditor.KoladaOuIdMessage}"));
                }
            }
            string? note = null;
            var already = false;
            var newOu = false;
            if (code.Length == 0)
            {
                problems.Add(new ImportProblem(row, Code, "skolenhetskoden saknas."));
            }
            else if (!OrganisationEditor.IsSchoolUnitCode(code))
            {
                problems.Add(new ImportProblem(row, Code, $"”{code}” är inte en skolenhetskod (8 siffror)."));
            }
            else if (seen.TryGetValue(code, out var earlier))
            {
                problems.Add(new ImportProblem(row, Code, $"skolenhetskoden {code} finns redan på rad {earlier} i filen."));
            }
            else if (byCode.TryGetValue(code, out var unit))
            {
                if (unit.OrganisationId != organisationId)
                {
                    problems.Add(new ImportProblem(row, Code, $"skolenhetskoden {code} används av en enhet i en annan förvaltning."));
                }
                else
                {
                    already = true;
                    note = $"Finns redan som ”{unit.Name}”";
                    if (ou.Length > 0 && ou != unit.KoladaOuId)
                    {
                        newOu = true;
                        note += unit.KoladaOuId is null ? $", får id i Kolada {ou}" : $", id i Kolada ändras från {unit.KoladaOuId} till {ou}";
                    }
                }
            }
            if (code.Length > 0 && !seen.ContainsKey(code))
            {
                seen[code] = row;
            }
            if (department.Length > 0)
            {
                var match = departments.FirstOrDefault(d => string.Equals(d.Name, department, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(d.Key, department, StringComparison.OrdinalIgnoreCase));
                if (match is null)
                {
                    problems.Add(new ImportProblem(row, DepartmentColumn, $"okänd avdelning ”{department}”. Avdelningar i förvaltningen: {string.Join(", ", departments.Where(d => d.ClosedOn == null).Select(d => d.Name))}."));
                }
                else if (match.ClosedOn is not null && !already)
                {
                    problems.Add(new ImportProblem(row, DepartmentColumn, $"avdelningen ”{match.Name}” är stängd."));
                }
            }
            var action = problems.Count > before ? ImportRowAction.Invalid
                : newOu ? ImportRowAction.UpdateKoladaOuId
                : already ? ImportRowAction.AlreadyThere : ImportRowAction.Create;
            rows.Add(new ImportRow(row, name, type, code, department, action, note, ou));
        }
        return new ImportPreview(rows, problems, hasOu);
    }

    /// <returns>The preview the import was made from, the units added and the units given another id in Kolada;
    /// nothing is written when it has problems.</returns>
    public async Task<(ImportPreview Preview, int Created, int Updated)> ImportAsync(byte[] bytes, int organisationId, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Checked again inside the transaction: the database may have changed since the preview.
        var preview = await PreviewAsync(bytes, organisationId, ct);
        if (!preview.CanImport)
        {
            return (preview, 0, 0);
        }
        var departments = await db.Departments.Where(d => d.OrganisationId == organisationId).Select(d => new { d.Id, d.Key, d.Name }).ToListAsync(ct);
        var taken = await db.Units.Where(u => u.OrganisationId == organisationId).Select(u => u.Key).ToHashSetAsync(ct);
        var units = new List<Unit>();
        foreach (var row in preview.Rows.Where(r => r.Action == ImportRowAction.Create))
        {
            var department = row.Department.Length == 0 ? null : departments.First(d =>
                string.Equals(d.Name, row.Department, StringComparison.OrdinalIgnoreCase) || string.Equals(d.Key, row.Department, StringComparison.OrdinalIgnoreCase));
            var key = Keys.Unique(row.Name, taken);
            taken.Add(key);
            units.Add(new Unit
            {
                OrganisationId = organisationId, Key = key, Name = row.Name, Type = Types[row.Type], SchoolUnitCode = row.SchoolUnitCode,
                DepartmentId = department?.Id, KoladaOuId = row.KoladaOuId.Length == 0 ? null : row.KoladaOuId,
            });
        }
        // One query for all the units whose id in Kolada changes; each change is in the unit's history as the form records it.
        var newIds = preview.Rows.Where(r => r.Action == ImportRowAction.UpdateKoladaOuId).ToDictionary(r => r.SchoolUnitCode, r => r.KoladaOuId);
        var changed = newIds.Count == 0 ? [] : await db.Units
            .Where(u => u.OrganisationId == organisationId && u.SchoolUnitCode != null && newIds.Keys.Contains(u.SchoolUnitCode)).ToListAsync(ct);
        foreach (var unit in changed)
        {
            var before = new History.Snapshot().Add(OuColumn, unit.KoladaOuId);
            unit.KoladaOuId = newIds[unit.SchoolUnitCode!];
            history.RecordChanges(HistoryEntityTypes.Unit, unit.Id, before, new History.Snapshot().Add(OuColumn, unit.KoladaOuId));
        }
        db.Units.AddRange(units);
        await db.SaveChangesAsync(ct);
        foreach (var unit in units)
        {
            history.Record(HistoryEntityTypes.Unit, unit.Id, ChangeAction.Created, "Importerad från CSV-fil");
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (preview, units.Count, changed.Count);
    }

    public static string Encode(byte[] bytes) => Convert.ToBase64String(bytes);

    public static byte[]? Decode(string? content)
    {
        if (string.IsNullOrEmpty(content))
        {
            return null;
        }
        var buffer = new byte[content.Length];
        return Convert.TryFromBase64String(content, buffer, out var written) ? buffer[..written] : null;
    }

    public static string Row(int n) => n.ToString(CultureInfo.InvariantCulture);
}
