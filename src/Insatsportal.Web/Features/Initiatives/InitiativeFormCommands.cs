using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;

namespace Insatsportal.Web.Features.Initiatives;

/// <summary>
/// A row button in the form ("add-activities", "remove-effects-2", "up-resources-1"): the form is shown again with
/// the change applied and nothing saved. Each list is named by its form property.
/// </summary>
public sealed partial record RowCommand(string Verb, string List, int Index)
{
    /// <summary>A row's buttons: move up, move down, remove (<paramref name="what"/> names the row to a screen reader).</summary>
    public static IHtmlContent Buttons(string list, int index, int count, string what) =>
        new HtmlString(
            (index > 0 ? $"<button type=\"submit\" name=\"command\" value=\"up-{list}-{index}\" class=\"button button--small\">Flytta upp<span class=\"visually-hidden\"> {what}</span></button>" : "") +
            (index < count - 1 ? $"<button type=\"submit\" name=\"command\" value=\"down-{list}-{index}\" class=\"button button--small\">Flytta ned<span class=\"visually-hidden\"> {what}</span></button>" : "") +
            $"<button type=\"submit\" name=\"command\" value=\"remove-{list}-{index}\" class=\"button button--small button--secondary\">Ta bort<span class=\"visually-hidden\"> {what}</span></button>");

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
