using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Insatsportal.Web.Data.Configurations;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.History;
using Insatsportal.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;

namespace Insatsportal.Web.Features.Plans;

/// <summary>The plan form. Values are nullable so that what the user typed comes back as typed.</summary>
public sealed class PlanForm
{
    [Required(ErrorMessage = "Ange planens namn.")]
    [StringLength(Lengths.Title, ErrorMessage = "Namnet får vara högst {1} tecken.")]
    [Display(Name = "Namn")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Välj typ av plan.")]
    [Display(Name = "Typ av plan")]
    public PlanKind? Kind { get; set; }

    [Required(ErrorMessage = "Ange när perioden börjar.")]
    [Display(Name = "Period från")]
    public DateOnly? PeriodStart { get; set; }

    [Required(ErrorMessage = "Ange när perioden slutar.")]
    [Display(Name = "Period till")]
    public DateOnly? PeriodEnd { get; set; }

    [Required(ErrorMessage = "Välj planens status.")]
    [Display(Name = "Status")]
    public PlanStatus? Status { get; set; }

    [StringLength(Lengths.Name, ErrorMessage = "”Fastställd av” får vara högst {1} tecken.")]
    [Display(Name = "Fastställd av")]
    public string? AdoptedBy { get; set; }

    [Display(Name = "Fastställd den")]
    public DateOnly? AdoptedOn { get; set; }

    [StringLength(Lengths.LongText, ErrorMessage = "Beskrivningen får vara högst {1} tecken.")]
    [Display(Name = "Beskrivning")]
    public string? Description { get; set; }

    [StringLength(Lengths.Title, ErrorMessage = "Källan får vara högst {1} tecken.")]
    [Display(Name = "Källa")]
    public string? Source { get; set; }

    public List<OccasionRow> Occasions { get; set; } = [];
    public List<ThemeRow> Themes { get; set; } = [];

    [Display(Name = "Versionen")]
    public Guid? ConcurrencyToken { get; set; }
    [Display(Name = "Öppnad")]
    public long? LoadedAt { get; set; }

    [BindNever, ValidateNever] public int? Id { get; set; }
    [BindNever, ValidateNever] public EditConflict? Conflict { get; set; }

    /// <summary>
    /// Adds or removes a row of occasions or themes ("add-occasion", "remove-theme-2"). Rows change by a round
    /// trip to the server, so the form works without JavaScript and with the keyboard.
    /// </summary>
    /// <returns>True when the command was a row command (the form is shown again, unsaved).</returns>
    public bool ApplyRowCommand(string? command)
    {
        switch (command)
        {
            case "add-occasion":
                Occasions.Add(new OccasionRow());
                FocusId = RowFocus("Occasions", Occasions.Count - 1, Occasions.Count, command);
                return true;
            case "add-theme":
                Themes.Add(new ThemeRow());
                FocusId = RowFocus("Themes", Themes.Count - 1, Themes.Count, command);
                return true;
        }
        if (RowIndex(command, "remove-occasion-") is { } occasion)
        {
            if (occasion < Occasions.Count) { Occasions.RemoveAt(occasion); }
            FocusId = RowFocus("Occasions", Math.Min(occasion, Occasions.Count - 1), Occasions.Count, "add-occasion");
            return true;
        }
        if (RowIndex(command, "remove-theme-") is { } theme)
        {
            if (theme < Themes.Count) { Themes.RemoveAt(theme); }
            FocusId = RowFocus("Themes", Math.Min(theme, Themes.Count - 1), Themes.Count, "add-theme");
            return true;
        }
        return false;
    }

    /// <summary>After a row button: the id of the field the user returns to (the row's first field, or the list's
    /// "Lägg till" button when the list is empty), so they are not sent back to the top of the page.</summary>
    [BindNever, ValidateNever] public string? FocusId { get; private set; }

    private static string RowFocus(string list, int row, int count, string addButton) =>
        row >= 0 && row < count ? string.Create(CultureInfo.InvariantCulture, $"{list}_{row}__Kind") : addButton;

    private static int? RowIndex(string? command, string prefix) =>
        command is not null && command.StartsWith(prefix, StringComparison.Ordinal)
        && int.TryParse(command.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : null;

    /// <summary>Checks what attributes cannot: dates in order and within reason, enum values, row fields.</summary>
    public void Validate(ModelStateDictionary modelState, DateOnly today)
    {
        FormRules.RequireDefined(modelState, nameof(Kind), Kind, "Välj en typ av plan i listan.");
        FormRules.RequireDefined(modelState, nameof(Status), Status, "Välj en status i listan.");
        if (PeriodStart is { } start && (start.Year < 1990 || start.Year > 2100))
        {
            modelState.AddModelError(nameof(PeriodStart), "Ange ett datum mellan år 1990 och 2100.");
        }
        if (PeriodEnd is { } end && (end.Year < 1990 || end.Year > 2100))
        {
            modelState.AddModelError(nameof(PeriodEnd), "Ange ett datum mellan år 1990 och 2100.");
        }
        if (PeriodStart is { } from && PeriodEnd is { } to && to < from)
        {
            modelState.AddModelError(nameof(PeriodEnd), "Perioden kan inte sluta innan den börjar.");
        }
        // A plan is adopted before or during its period; a date years ahead is a typing error.
        var latestAdoption = today.AddYears(2);
        if (AdoptedOn is { } adopted && (adopted.Year < 1990 || adopted > latestAdoption))
        {
            modelState.AddModelError(nameof(AdoptedOn),
                $"Ange ett datum för fastställandet mellan 1 januari 1990 och {Display.Date(latestAdoption)}.");
        }
        for (var i = 0; i < Occasions.Count; i++)
        {
            var row = Occasions[i];
            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            var prefix = $"{nameof(Occasions)}[{i.ToString(CultureInfo.InvariantCulture)}].";
            FormRules.RequireDefined(modelState, prefix + nameof(OccasionRow.Kind), row.Kind, $"Välj typ för uppföljningstillfälle {n}.");
            if (row.Kind is null && modelState.GetFieldValidationState(prefix + nameof(OccasionRow.Kind)) != ModelValidationState.Invalid)
            {
                modelState.AddModelError(prefix + nameof(OccasionRow.Kind), $"Välj typ för uppföljningstillfälle {n}.");
            }
            if (string.IsNullOrWhiteSpace(row.Name))
            {
                modelState.AddModelError(prefix + nameof(OccasionRow.Name), $"Ange namn för uppföljningstillfälle {n}.");
            }
            else if (row.Name.Trim().Length > Lengths.Name)
            {
                modelState.AddModelError(prefix + nameof(OccasionRow.Name), $"Namnet för uppföljningstillfälle {n} får vara högst {Lengths.Name} tecken.");
            }
            if (row.Timing?.Trim().Length > Lengths.Phrase)
            {
                modelState.AddModelError(prefix + nameof(OccasionRow.Timing), $"”När” för uppföljningstillfälle {n} får vara högst {Lengths.Phrase} tecken.");
            }
        }
        for (var i = 0; i < Themes.Count; i++)
        {
            var row = Themes[i];
            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            var prefix = $"{nameof(Themes)}[{i.ToString(CultureInfo.InvariantCulture)}].";
            FormRules.RequireDefined(modelState, prefix + nameof(ThemeRow.Kind), row.Kind, $"Välj typ för område {n}.");
            if (row.Kind is null && modelState.GetFieldValidationState(prefix + nameof(ThemeRow.Kind)) != ModelValidationState.Invalid)
            {
                modelState.AddModelError(prefix + nameof(ThemeRow.Kind), $"Välj typ för område {n}.");
            }
            if (string.IsNullOrWhiteSpace(row.Name))
            {
                modelState.AddModelError(prefix + nameof(ThemeRow.Name), $"Ange namn för område {n}.");
            }
            else if (row.Name.Trim().Length > Lengths.Name)
            {
                modelState.AddModelError(prefix + nameof(ThemeRow.Name), $"Namnet för område {n} får vara högst {Lengths.Name} tecken.");
            }
            if (row.Code?.Trim().Length > ThemeRow.CodeLength)
            {
                modelState.AddModelError(prefix + nameof(ThemeRow.Code), $"Numreringen för område {n} får vara högst {ThemeRow.CodeLength} tecken.");
            }
        }
    }
}

/// <summary>An uppföljningstillfälle row; Id ties the row to the saved occasion so it is updated, not replaced.</summary>
public sealed class OccasionRow
{
    [Display(Name = "Tillfälle")]
    public int? Id { get; set; }

    [Display(Name = "Typ")]
    public FollowUpOccasionKind? Kind { get; set; }

    [Display(Name = "Namn")]
    public string? Name { get; set; }

    [Display(Name = "När")]
    public string? Timing { get; set; }
}

/// <summary>A prioriterat område or heading row; Id keeps the theme (and the insatser tagged with it).</summary>
public sealed class ThemeRow
{
    /// <summary>The column length of Theme.Code (PlanConfigurations).</summary>
    public const int CodeLength = 20;

    [Display(Name = "Område")]
    public int? Id { get; set; }

    [Display(Name = "Typ")]
    public ThemeKind? Kind { get; set; }

    [Display(Name = "Numrering")]
    public string? Code { get; set; }

    [Display(Name = "Namn")]
    public string? Name { get; set; }
}
