using System.ComponentModel.DataAnnotations;
using Insatsportal.Web.Data.Configurations;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.History;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;

namespace Insatsportal.Web.Features.Initiatives;

/// <summary>
/// The whole insats in one form, numbered rows included. Properties are nullable so that a missing value is a
/// Swedish validation message, never a binding exception; row lists are edited by server round trips
/// (<see cref="RowCommand"/>) so the form works without JavaScript.
/// </summary>
public sealed class InitiativeForm
{
    /// <summary>What the page shows around the form (its options, the insats's id, a conflict, a person search's
    /// results, focus after a row button); set by the controller, never bound from a post.</summary>
    [BindNever]
    [ValidateNever]
    public InitiativeFormPage? Page { get; set; }

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

/// <summary>The insats form's page beyond the form's fields: the choices, the insats being edited (null when
/// creating), an edit conflict, the people a row's search found and the field to focus after a row button.</summary>
public sealed record InitiativeFormPage(
    InitiativeFormOptions Options, int? InitiativeId, EditConflict? Conflict, PeopleFound? PeopleFound, string? Focus)
{
    /// <summary>Whether a row's field gets the focus (<see cref="RowCommand.FocusId"/>).</summary>
    public bool Focuses(string list, int row, string field) => Focus == $"{list}_{row}__{field}";
}
