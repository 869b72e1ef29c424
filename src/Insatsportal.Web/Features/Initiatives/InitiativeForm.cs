using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Insatsportal.Web.Data.Configurations;
using Insatsportal.Web.Domain;

namespace Insatsportal.Web.Features.Initiatives;

/// <summary>
/// The whole insats in one form, numbered rows included. Properties are nullable so that a missing value is a
/// Swedish validation message, never a binding exception; row lists are edited by server round trips
/// (<see cref="RowCommand"/>) so the form works without JavaScript.
/// </summary>
public sealed class InitiativeForm
{
    [Display(Name = "Mål")]
    public int? GoalId { get; set; }

    [StringLength(20, ErrorMessage = "Numret får vara högst 20 tecken.")]
    [Display(Name = "Nummer")]
    public string? Number { get; set; }

    [Required(ErrorMessage = "Ange insatsens titel.")]
    [StringLength(Lengths.Title, ErrorMessage = "Titeln får vara högst 400 tecken.")]
    [Display(Name = "Titel")]
    public string? Title { get; set; }

    [StringLength(Lengths.Text, ErrorMessage = "De alternativa titlarna får vara högst 4 000 tecken.")]
    [Display(Name = "Alternativa titlar")]
    public string? AlternativeTitles { get; set; }

    [StringLength(Lengths.LongText, ErrorMessage = "Bakgrunden får vara högst 20 000 tecken.")]
    public string? Background { get; set; }

    [StringLength(Lengths.LongText, ErrorMessage = "Syftet får vara högst 20 000 tecken.")]
    public string? Purpose { get; set; }

    [StringLength(Lengths.LongText, ErrorMessage = "Målet får vara högst 20 000 tecken.")]
    public string? Objective { get; set; }

    [StringLength(Lengths.Text, ErrorMessage = "Målgruppen får vara högst 4 000 tecken.")]
    public string? TargetGroup { get; set; }

    [StringLength(Lengths.LongText, ErrorMessage = "Innehållet får vara högst 20 000 tecken.")]
    public string? Content { get; set; }

    [Required(ErrorMessage = "Välj status.")]
    [Display(Name = "Status")]
    public InitiativeStatus? Status { get; set; }

    [Display(Name = "Startdatum")]
    public DateOnly? StartDate { get; set; }
    [Display(Name = "Slutdatum")]
    public DateOnly? EndDate { get; set; }

    [StringLength(Lengths.Name, ErrorMessage = "Ursprunget får vara högst 200 tecken.")]
    public string? Origin { get; set; }

    /// <summary>"ja", "nej" or empty (not stated).</summary>
    [RegularExpression("^(ja|nej)$", ErrorMessage = "Välj ja, nej eller ej angivet.")]
    public string? HasAssignmentDescription { get; set; }

    [StringLength(Lengths.Title, ErrorMessage = "Platsen får vara högst 400 tecken.")]
    public string? AssignmentDescriptionLocation { get; set; }

    [Display(Name = "Samverkan")]
    public List<int> PartnerIds { get; set; } = [];
    [Display(Name = "Berörda enheter")]
    public List<int> UnitIds { get; set; } = [];
    [Display(Name = "Områden")]
    public List<int> ThemeIds { get; set; } = [];

    public List<ResponsibleRow> Responsible { get; set; } = [];
    public List<ActivityRow> Activities { get; set; } = [];
    public List<FollowUpRow> FollowUps { get; set; } = [];
    public List<EffectRow> Effects { get; set; } = [];
    public List<ResourceRow> Resources { get; set; } = [];

    /// <summary>The version the user started from; a save from an older version is refused.</summary>
    [Display(Name = "Versionen")]
    public Guid? ConcurrencyToken { get; set; }

    /// <summary>When the form was opened (UTC ticks): what others saved after it is shown on a conflict.</summary>
    [Display(Name = "Öppnad")]
    public long? LoadedAt { get; set; }

    public IEnumerable<string> AlternativeTitleList =>
        (AlternativeTitles ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool? AssignmentDescription => HasAssignmentDescription switch { "ja" => true, "nej" => false, _ => null };

    /// <summary>Drops rows the user left completely empty; partly filled rows stay and are validated.</summary>
    public void DropEmptyRows()
    {
        Responsible.RemoveAll(r => r.IsEmpty);
        Activities.RemoveAll(r => r.IsEmpty);
        FollowUps.RemoveAll(r => r.IsEmpty);
        Effects.RemoveAll(r => r.IsEmpty);
        Resources.RemoveAll(r => r.IsEmpty);
    }
}

public sealed class ResponsibleRow
{
    [StringLength(Lengths.Name, ErrorMessage = "Rollen får vara högst 200 tecken.")]
    public string? RoleTitle { get; set; }
    public string? UserId { get; set; }
    [Display(Name = "Avdelning")]
    public int? DepartmentId { get; set; }
    [Display(Name = "Grupp")]
    public int? GroupId { get; set; }

    [StringLength(40, ErrorMessage = "Delarna får vara högst 40 tecken.")]
    public string? Parts { get; set; }

    /// <summary>What the user searches for in a large förvaltning's people (never saved; see
    /// <see cref="InitiativeFormOptions.PeopleListLimit"/>).</summary>
    [StringLength(100, ErrorMessage = "Sökningen får vara högst 100 tecken.")]
    public string? PersonSearch { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(RoleTitle) && string.IsNullOrEmpty(UserId)
        && DepartmentId is null && GroupId is null && string.IsNullOrWhiteSpace(Parts);
}

public sealed class ActivityRow
{
    [StringLength(Lengths.Text, ErrorMessage = "Texten får vara högst 4 000 tecken.")]
    public string? Text { get; set; }

    [StringLength(Lengths.Phrase, ErrorMessage = "”När” får vara högst 200 tecken.")]
    public string? Timing { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Text) && string.IsNullOrWhiteSpace(Timing);
}

public sealed class FollowUpRow
{
    [StringLength(40, ErrorMessage = "Hänvisningen får vara högst 40 tecken.")]
    public string? RefersTo { get; set; }

    [StringLength(Lengths.Text, ErrorMessage = "Texten får vara högst 4 000 tecken.")]
    public string? Method { get; set; }

    [StringLength(Lengths.Phrase, ErrorMessage = "”När” får vara högst 200 tecken.")]
    public string? Timing { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(RefersTo) && string.IsNullOrWhiteSpace(Method) && string.IsNullOrWhiteSpace(Timing);
}

public sealed class EffectRow
{
    [StringLength(40, ErrorMessage = "Hänvisningen får vara högst 40 tecken.")]
    public string? RefersTo { get; set; }

    [StringLength(Lengths.Text, ErrorMessage = "Texten får vara högst 4 000 tecken.")]
    public string? Text { get; set; }

    [StringLength(Lengths.Name, ErrorMessage = "Indikatorns namn får vara högst 200 tecken.")]
    public string? IndicatorName { get; set; }

    [StringLength(40, ErrorMessage = "Enheten får vara högst 40 tecken.")]
    public string? IndicatorUnit { get; set; }

    [Range(typeof(decimal), "-1000000000", "1000000000", ErrorMessage = "Utgångsvärdet är utanför det tillåtna intervallet.")]
    [Display(Name = "Utgångsvärde")]
    public decimal? Baseline { get; set; }

    [Range(typeof(decimal), "-1000000000", "1000000000", ErrorMessage = "Målvärdet är utanför det tillåtna intervallet.")]
    [Display(Name = "Målvärde")]
    public decimal? Target { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(RefersTo) && string.IsNullOrWhiteSpace(Text)
        && string.IsNullOrWhiteSpace(IndicatorName) && string.IsNullOrWhiteSpace(IndicatorUnit) && Baseline is null && Target is null;
}

public sealed class ResourceRow
{
    [StringLength(40, ErrorMessage = "Hänvisningen får vara högst 40 tecken.")]
    public string? RefersTo { get; set; }

    [StringLength(Lengths.Text, ErrorMessage = "Texten får vara högst 4 000 tecken.")]
    public string? Text { get; set; }

    [Range(0, long.MaxValue, ErrorMessage = "Beloppet kan inte vara negativt.")]
    [Display(Name = "Belopp (kronor)")]
    public long? AmountKronor { get; set; }

    [Range(0, 1_000_000, ErrorMessage = "Timmarna kan inte vara negativa.")]
    [Display(Name = "Timmar")]
    public int? Hours { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(RefersTo) && string.IsNullOrWhiteSpace(Text) && AmountKronor is null && Hours is null;
}

/// <summary>
/// A row button in the form ("add-activities", "remove-effects-2", "up-resources-1"): the form is shown again with
/// the change applied and nothing saved. Each list is named by its form property.
/// </summary>
public sealed partial record RowCommand(string Verb, string List, int Index)
{
    public static RowCommand? Parse(string? command)
    {
        var match = Pattern().Match(command ?? "");
        return match.Success
            ? new RowCommand(match.Groups[1].Value, match.Groups[2].Value,
                match.Groups[3].Success ? int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : -1)
            : null;
    }

    public bool ApplyTo(InitiativeForm form) => List switch
    {
        "responsible" => Apply(form.Responsible),
        "activities" => Apply(form.Activities),
        "followups" => Apply(form.FollowUps),
        "effects" => Apply(form.Effects),
        "resources" => Apply(form.Resources),
        _ => false,
    };

    /// <summary>
    /// The id of the field the user returns to after the command has been applied: the first field of the added or
    /// moved row, of the row that took a removed row's place, or the list's "Lägg till" button when it is empty.
    /// </summary>
    public string FocusId(InitiativeForm form)
    {
        var (prefix, count, first) = List switch
        {
            "responsible" => ("Responsible", form.Responsible.Count, "RoleTitle"),
            "activities" => ("Activities", form.Activities.Count, "Text"),
            "followups" => ("FollowUps", form.FollowUps.Count, "RefersTo"),
            "effects" => ("Effects", form.Effects.Count, "RefersTo"),
            _ => ("Resources", form.Resources.Count, "Text"),
        };
        var row = Verb switch
        {
            "add" => count - 1,
            "remove" => Math.Min(Index, count - 1),
            "up" => Index - 1,
            _ => Index + 1,
        };
        return row >= 0 && row < count
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{prefix}_{row}__{first}")
            : $"add-{List}";
    }

    private bool Apply<T>(List<T> rows) where T : new()
    {
        switch (Verb)
        {
            case "add" when rows.Count < 50:
                rows.Add(new T());
                return true;
            case "remove" when Index >= 0 && Index < rows.Count:
                rows.RemoveAt(Index);
                return true;
            case "up" when Index > 0 && Index < rows.Count:
                (rows[Index - 1], rows[Index]) = (rows[Index], rows[Index - 1]);
                return true;
            case "down" when Index >= 0 && Index < rows.Count - 1:
                (rows[Index + 1], rows[Index]) = (rows[Index], rows[Index + 1]);
                return true;
            default:
                return false;
        }
    }

    [GeneratedRegex("^(add|remove|up|down)-(responsible|activities|followups|effects|resources)(?:-([0-9]{1,3}))?$")]
    private static partial Regex Pattern();
}

/// <summary>References between numbered rows: "1", "1–2", "1, 3", "2-4" (hyphen or en dash).</summary>
public static partial class PartReferences
{
    public static bool TryParse(string? text, out IReadOnlyList<int> numbers)
    {
        var result = new List<int>();
        numbers = result;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        if (!Pattern().IsMatch(text.Trim()))
        {
            return false;
        }
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var range = part.Split(['–', '-'], StringSplitOptions.TrimEntries);
            var from = int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
            var to = range.Length > 1 ? int.Parse(range[1], System.Globalization.CultureInfo.InvariantCulture) : from;
            if (to < from || to - from > 100)
            {
                return false;
            }
            for (var n = from; n <= to; n++)
            {
                result.Add(n);
            }
        }
        return true;
    }

    /// <summary>Stores references the way the documents write them: en dash in ranges, ", " between parts.</summary>
    public static string? Normalise(string? text) => string.IsNullOrWhiteSpace(text)
        ? null
        : string.Join(", ", text.Trim().TrimEnd('.').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => string.Join("–", p.Split(['–', '-'], StringSplitOptions.TrimEntries))));

    [GeneratedRegex(@"^[0-9]{1,3}(\s*[–-]\s*[0-9]{1,3})?(\s*,\s*[0-9]{1,3}(\s*[–-]\s*[0-9]{1,3})?)*\.?$")]
    private static partial Regex Pattern();
}

/// <summary>
/// A search among the förvaltning's people for one responsible row: its "Sök" button (<c>search-person-{row}</c>),
/// or Enter in the search field, which submits the form with no command, so a save with search text in a row
/// searches instead (the search text is emptied when shown, so the next save saves).
/// </summary>
public sealed partial record PersonSearchCommand(int Row, string Term)
{
    public static PersonSearchCommand? Find(string? command, InitiativeForm form)
    {
        if (command is not null)
        {
            var match = Pattern().Match(command);
            if (!match.Success)
            {
                return null;
            }
            var row = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            return row < form.Responsible.Count ? new PersonSearchCommand(row, form.Responsible[row].PersonSearch?.Trim() ?? "") : null;
        }
        var index = form.Responsible.FindIndex(r => !string.IsNullOrWhiteSpace(r.PersonSearch));
        return index < 0 ? null : new PersonSearchCommand(index, form.Responsible[index].PersonSearch!.Trim());
    }

    [GeneratedRegex("^search-person-([0-9]{1,3})$")]
    private static partial Regex Pattern();
}
