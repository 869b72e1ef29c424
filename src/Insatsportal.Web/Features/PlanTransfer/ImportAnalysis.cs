using System.Globalization;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Initiatives;

namespace Insatsportal.Web.Features.PlanTransfer;

/// <summary>A problem in the file, named where the user finds it: sheet, Excel row, column ("Status (L)").</summary>
public sealed record ImportProblem(string Sheet, int? Row, string? Column, string Message)
{
    public string Location => (Row, Column) switch
    {
        (null, null) => $"Bladet {Sheet}",
        (null, { } c) => $"{Sheet}, kolumn {c}",
        ({ } r, null) => $"{Sheet}, rad {r.ToString(CultureInfo.InvariantCulture)}",
        ({ } r, { } c) => $"{Sheet}, rad {r.ToString(CultureInfo.InvariantCulture)}, kolumn {c}",
    };
}

public enum ImportChange
{
    Created,
    Changed,
    Unchanged,
}

public sealed record FieldChange(string Field, string? Old, string? New);

/// <summary>One row of the preview: what the import does with a goal, area or insats.</summary>
public sealed record ImportItem(string Sheet, int Row, string Key, string Title, ImportChange Change, IReadOnlyList<FieldChange> Changes);

/// <summary>A goal as the file wants it; <see cref="TempId"/> stands for a new goal's id until it is saved.</summary>
public sealed record GoalWish(int Row, string Key, string Title, string? ShortName, string? Description, int? SteeringGroupId, int? ExistingId, int TempId);

public sealed record ThemeWish(int Row, string Key, ThemeKind Kind, string? Code, string Name, int? ExistingId, int TempId);

/// <summary>An insats as the file wants it, in the shape the insats form edits, so that the form's own rules and
/// writing apply. Goal and theme ids may be a new goal's or theme's temporary (negative) id.</summary>
public sealed record InitiativeWish(int Row, string Key, InitiativeForm Form, int? ExistingId);

/// <summary>What a file would do to a plan: the preview, the problems, and the change set to write.</summary>
public sealed class ImportAnalysis
{
    /// <summary>Set when the file as a whole cannot be used (not a workbook, too large); nothing else is then filled.</summary>
    public string? FileError { get; set; }
    public List<ImportProblem> Problems { get; } = [];
    public List<string> Notices { get; } = [];
    public List<ImportItem> Items { get; } = [];

    public List<ThemeWish> Themes { get; } = [];
    public List<GoalWish> Goals { get; } = [];
    public List<InitiativeWish> Initiatives { get; } = [];

    /// <summary>The plan's state the preview was made from (see <see cref="PlanImportAnalyzer.FingerprintAsync"/>).</summary>
    public string Fingerprint { get; set; } = "";

    public bool HasErrors => FileError is not null || Problems.Count > 0;
    public int Count(string sheet, ImportChange change) => Items.Count(i => i.Sheet == sheet && i.Change == change);
    public bool HasChanges => Items.Any(i => i.Change != ImportChange.Unchanged);
    public bool CanConfirm => !HasErrors && HasChanges;

    /// <summary>The insatser the import writes (created or changed): the "M" of the progress "N av M".</summary>
    public int InitiativesToWrite => Items.Count(i => i.Sheet == PlanTemplate.Initiatives.Sheet.Name && i.Change != ImportChange.Unchanged);

    public void Problem(string sheet, int? row, string? column, string message) => Problems.Add(new(sheet, row, column, message));
}
