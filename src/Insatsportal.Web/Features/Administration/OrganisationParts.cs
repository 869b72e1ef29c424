using System.ComponentModel.DataAnnotations;
using Insatsportal.Web.Data.Configurations;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.History;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;

namespace Insatsportal.Web.Features.Administration;

/// <summary>The three kinds of organisation part, with their Swedish names, URL segments and history type.</summary>
public enum PartKind
{
    Department,
    SchoolArea,
    Unit,
}

public static class PartKinds
{
    public static string Segment(this PartKind kind) => kind switch
    {
        PartKind.Department => "avdelningar",
        PartKind.SchoolArea => "omraden",
        PartKind.Unit => "enheter",
    };

    /// <summary>"avdelning", "skolområde", "enhet" (lower case, for sentences).</summary>
    public static string Noun(this PartKind kind) => kind switch
    {
        PartKind.Department => "avdelning",
        PartKind.SchoolArea => "skolområde",
        PartKind.Unit => "enhet",
    };

    /// <summary>"Avdelningen", "Skolområdet", "Enheten".</summary>
    public static string Definite(this PartKind kind) => kind switch
    {
        PartKind.Department => "Avdelningen",
        PartKind.SchoolArea => "Skolområdet",
        PartKind.Unit => "Enheten",
    };

    /// <summary>"Enheten är stängd", "Skolområdet är stängt": the participle agrees with the noun's gender.</summary>
    public static string Is(this PartKind kind, string common, string neuter) =>
        $"{kind.Definite()} är {(kind == PartKind.SchoolArea ? neuter : common)}";

    public static string HistoryType(this PartKind kind) => kind switch
    {
        PartKind.Department => HistoryEntityTypes.Department,
        PartKind.SchoolArea => HistoryEntityTypes.SchoolArea,
        PartKind.Unit => HistoryEntityTypes.Unit,
    };
}

/// <summary>The form for an avdelning, skolområde or enhet; fields the kind does not have are not shown.</summary>
public sealed class PartForm
{
    [Required(ErrorMessage = "Ange ett namn.")]
    [StringLength(Lengths.Name, ErrorMessage = "Namnet får vara högst {1} tecken.")]
    [Display(Name = "Namn")]
    public string? Name { get; set; }

    [Display(Name = "Typ av enhet")]
    public UnitType? Type { get; set; }

    [StringLength(20, ErrorMessage = "Skolenhetskoden är 8 siffror.")]
    [Display(Name = "Skolenhetskod")]
    public string? SchoolUnitCode { get; set; }

    [StringLength(20, ErrorMessage = "Id:t i Kolada är högst 20 tecken.")]
    [Display(Name = "Id i Kolada")]
    public string? KoladaOuId { get; set; }

    [Display(Name = "Avdelning")]
    public int? DepartmentId { get; set; }

    [Display(Name = "Skolområde")]
    public int? SchoolAreaId { get; set; }

    [Display(Name = "Förvaltning")]
    public int? OrganisationId { get; set; }

    [Display(Name = "Versionen")]
    public Guid? ConcurrencyToken { get; set; }
    [Display(Name = "Öppnad")]
    public long? LoadedAt { get; set; }

    [BindNever, ValidateNever] public PartKind Kind { get; set; }
    [BindNever, ValidateNever] public int? Id { get; set; }
    [BindNever, ValidateNever] public DateOnly? ClosedOn { get; set; }
    [BindNever, ValidateNever] public IReadOnlyList<OrganisationChoice> Organisations { get; set; } = [];
    [BindNever, ValidateNever] public IReadOnlyList<Choice> Departments { get; set; } = [];
    [BindNever, ValidateNever] public IReadOnlyList<Choice> SchoolAreas { get; set; } = [];
    [BindNever, ValidateNever] public EditConflict? Conflict { get; set; }
    /// <summary>The date the close form offers.</summary>
    [BindNever, ValidateNever] public DateOnly Today { get; set; }
}

public sealed class CloseForm
{
    [Required(ErrorMessage = "Ange från vilket datum den är stängd.")]
    [Display(Name = "Stängd från")]
    public DateOnly? ClosedOn { get; set; }
}

public sealed record PartRow(int Id, string Name, string? Detail, string? Department, string? SchoolArea, DateOnly? ClosedOn, int OrganisationId, string Organisation);

public sealed record OrganisationPage(
    IReadOnlyList<PartRow> Departments, IReadOnlyList<PartRow> SchoolAreas, IReadOnlyList<PartRow> Units, bool ShowClosed, bool ManyOrganisations);
