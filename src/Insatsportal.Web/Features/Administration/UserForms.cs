using System.ComponentModel.DataAnnotations;
using Insatsportal.Web.Data.Configurations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;

namespace Insatsportal.Web.Features.Administration;

public sealed record Choice(int Id, string Name, string Organisation, bool Closed);

public sealed record OrganisationChoice(int Id, string Name);

/// <summary>Creating or editing a user. Values are nullable so that what the administrator typed comes back as typed.</summary>
public sealed class UserForm
{
    [Required(ErrorMessage = "Ange användarens namn.")]
    [StringLength(Lengths.Name, ErrorMessage = "Namnet får vara högst {1} tecken.")]
    [Display(Name = "Namn")]
    public string? DisplayName { get; set; }

    [Required(ErrorMessage = "Ange användarens e-postadress.")]
    [EmailAddress(ErrorMessage = "Ange en giltig e-postadress.")]
    [StringLength(256, ErrorMessage = "E-postadressen får vara högst {1} tecken.")]
    [Display(Name = "E-postadress")]
    public string? Email { get; set; }

    [StringLength(Lengths.Name, ErrorMessage = "Titeln får vara högst {1} tecken.")]
    [Display(Name = "Titel")]
    public string? Title { get; set; }

    [Display(Name = "Förvaltning")]
    public int? OrganisationId { get; set; }

    [Display(Name = "Roller")]
    public List<string> Roles { get; set; } = [];
    [Display(Name = "Avdelningar")]
    public List<int> DepartmentIds { get; set; } = [];
    [Display(Name = "Enheter")]
    public List<int> UnitIds { get; set; } = [];

    /// <summary>Only when creating: the first password, or empty to have one generated and shown once.</summary>
    [StringLength(256, ErrorMessage = "Lösenordet får vara högst {1} tecken.")]
    [DataType(DataType.Password)]
    [Display(Name = "Första lösenord")]
    public string? Password { get; set; }

    /// <summary>Identity's stamp when the form was opened; a save from an older one is refused.</summary>
    public string? ConcurrencyStamp { get; set; }

    /// <summary>
    /// What each role needs to work at all: a tjänsteperson or avdelningschef without an avdelning could not save any
    /// insats (one responsible must be from their own avdelning), and a rektor without a unit has nothing to report.
    /// </summary>
    public void ValidateRoleNeeds(ModelStateDictionary modelState)
    {
        var needsDepartment = Roles.Contains(Authorization.Roles.Official) ? "En tjänsteperson"
            : Roles.Contains(Authorization.Roles.DepartmentHead) ? "En avdelningschef" : null;
        if (needsDepartment is not null && DepartmentIds.Count == 0)
        {
            modelState.AddModelError(nameof(DepartmentIds), $"{needsDepartment} behöver minst en avdelning. Välj avdelning.");
        }
        if (Roles.Contains(Authorization.Roles.Principal) && UnitIds.Count == 0)
        {
            modelState.AddModelError(nameof(UnitIds), "En rektor behöver minst en enhet. Välj enhet.");
        }
    }

    [BindNever, ValidateNever] public string? Id { get; set; }
    [BindNever, ValidateNever] public IReadOnlyList<OrganisationChoice> Organisations { get; set; } = [];
    [BindNever, ValidateNever] public IReadOnlyList<Choice> Departments { get; set; } = [];
    [BindNever, ValidateNever] public IReadOnlyList<Choice> Units { get; set; } = [];
}

public sealed class PasswordResetForm
{
    /// <summary>Empty: a password is generated and shown once.</summary>
    [StringLength(256, ErrorMessage = "Lösenordet får vara högst {1} tecken.")]
    [DataType(DataType.Password)]
    [Display(Name = "Nytt lösenord")]
    public string? Password { get; set; }

    [BindNever, ValidateNever] public string? Id { get; set; }
    [BindNever, ValidateNever] public string? DisplayName { get; set; }
}
