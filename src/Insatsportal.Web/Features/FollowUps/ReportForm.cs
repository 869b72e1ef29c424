using System.ComponentModel.DataAnnotations;
using Insatsportal.Web.Data.Configurations;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Insatsportal.Web.Features.FollowUps;

/// <summary>The rektor's or official's report: genomförande and effekt as two separate questions, then an overall
/// assessment. A draft may be incomplete; submitting checks that every required part is answered.</summary>
public sealed class ReportForm
{
    [Display(Name = "Genomförande")]
    public ImplementationStatus? Implementation { get; set; }

    [StringLength(Lengths.Text, ErrorMessage = "Kommentaren får vara högst 4 000 tecken.")]
    public string? ImplementationComment { get; set; }

    public List<ActivityAnswer> Activities { get; set; } = [];
    public List<EffectAnswer> Effects { get; set; } = [];

    [StringLength(Lengths.Text, ErrorMessage = "Bedömningen får vara högst 4 000 tecken.")]
    public string? OverallAssessment { get; set; }

    [StringLength(Lengths.Text, ErrorMessage = "Nästa steg får vara högst 4 000 tecken.")]
    public string? NextSteps { get; set; }

    [StringLength(Lengths.Text, ErrorMessage = "Riskerna får vara högst 4 000 tecken.")]
    public string? Risks { get; set; }

    [Display(Name = "Versionen")]
    public Guid? ConcurrencyToken { get; set; }

    /// <summary>Checks that a submitted report answers every required part; messages are keyed to their fields.</summary>
    public void ValidateForSubmit(ModelStateDictionary errors)
    {
        if (Implementation is null)
        {
            errors.AddModelError(nameof(Implementation), "Ange hur genomförandet av insatsen går.");
        }
        for (var n = 0; n < Activities.Count; n++)
        {
            if (Activities[n].Status is null)
            {
                errors.AddModelError($"{nameof(Activities)}[{n}].{nameof(ActivityAnswer.Status)}", $"Ange genomförande för aktivitet {n + 1}.");
            }
        }
        for (var n = 0; n < Effects.Count; n++)
        {
            var e = Effects[n];
            var key = $"{nameof(Effects)}[{n}]";
            if (e.Judgement is null)
            {
                errors.AddModelError($"{key}.{nameof(EffectAnswer.Judgement)}", $"Bedöm om effekt {n + 1} är synlig.");
            }
            if (e.Judgement is EffectJudgement.Visible or EffectJudgement.PartlyVisible)
            {
                if (e.EvidenceType is null)
                {
                    errors.AddModelError($"{key}.{nameof(EffectAnswer.EvidenceType)}", $"Ange vilket underlag bedömningen av effekt {n + 1} vilar på.");
                }
                if (string.IsNullOrWhiteSpace(e.Evidence))
                {
                    errors.AddModelError($"{key}.{nameof(EffectAnswer.Evidence)}", $"Beskriv underlaget för effekt {n + 1}.");
                }
            }
        }
        if (string.IsNullOrWhiteSpace(OverallAssessment))
        {
            errors.AddModelError(nameof(OverallAssessment), "Skriv en samlad bedömning.");
        }
    }

    /// <summary>Values outside the enums (a tampered form) are named, not thrown.</summary>
    public void ValidateValues(ModelStateDictionary errors)
    {
        if (Implementation is { } i && !Enum.IsDefined(i))
        {
            errors.AddModelError(nameof(Implementation), "Välj ett giltigt genomförande.");
        }
        for (var n = 0; n < Effects.Count; n++)
        {
            if (Effects[n].Judgement is { } j && !Enum.IsDefined(j))
            {
                errors.AddModelError($"{nameof(Effects)}[{n}].{nameof(EffectAnswer.Judgement)}", "Välj en giltig bedömning.");
            }
            if (Effects[n].EvidenceType is { } t && !Enum.IsDefined(t))
            {
                errors.AddModelError($"{nameof(Effects)}[{n}].{nameof(EffectAnswer.EvidenceType)}", "Välj en giltig typ av underlag.");
            }
        }
        for (var n = 0; n < Activities.Count; n++)
        {
            if (Activities[n].Status is { } s && !Enum.IsDefined(s))
            {
                errors.AddModelError($"{nameof(Activities)}[{n}].{nameof(ActivityAnswer.Status)}", "Välj ett giltigt genomförande.");
            }
        }
    }
}

public sealed class ActivityAnswer
{
    [Display(Name = "Genomförande av aktiviteten")]
    public ImplementationStatus? Status { get; set; }

    [StringLength(Lengths.Text, ErrorMessage = "Kommentaren får vara högst 4 000 tecken.")]
    public string? Comment { get; set; }
}

public sealed class EffectAnswer
{
    [Display(Name = "Är effekten synlig?")]
    public EffectJudgement? Judgement { get; set; }
    [Display(Name = "Underlag")]
    public EvidenceType? EvidenceType { get; set; }

    [StringLength(Lengths.Text, ErrorMessage = "Underlaget får vara högst 4 000 tecken.")]
    public string? Evidence { get; set; }

    [Range(typeof(decimal), "-1000000000", "1000000000", ErrorMessage = "Värdet är utanför det tillåtna intervallet.")]
    [Display(Name = "Uppmätt värde")]
    public decimal? MeasuredValue { get; set; }
}

public sealed class CommentForm
{
    [StringLength(Lengths.Text, ErrorMessage = "Kommentaren får vara högst 4 000 tecken.")]
    public string? Comment { get; set; }
}
