using Insatsportal.Web.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Insatsportal.Web.Features.Initiatives;

public sealed partial class InitiativeCommands
{
    /// <summary>Checks what attributes cannot: order of dates, references between rows, and that everything
    /// chosen belongs to the plan's förvaltning. Messages are keyed to the field they concern.</summary>
    public static void Validate(InitiativeForm form, InitiativeFormOptions options, UserScope user, ModelStateDictionary errors)
    {
        if (form.StartDate is { } start && form.EndDate is { } end && end < start)
        {
            errors.AddModelError(nameof(form.EndDate), "Slutdatum kan inte vara före startdatum.");
        }
        if (form.GoalId is { } goal && !options.HasGoal(goal))
        {
            errors.AddModelError(nameof(form.GoalId), "Välj ett mål i planen.");
        }
        if (form.Status is { } status && !Enum.IsDefined(status))
        {
            errors.AddModelError(nameof(form.Status), "Välj en giltig status.");
        }
        if (form.Responsible.Count == 0 && !options.ResponsibleOptional)
        {
            errors.AddModelError(nameof(form.Responsible), "Ange minst en ansvarig.");
        }
        var activityCount = form.Activities.Count;
        for (var n = 0; n < form.Responsible.Count; n++)
        {
            var r = form.Responsible[n];
            var key = $"{nameof(form.Responsible)}[{n}]";
            if (string.IsNullOrWhiteSpace(r.RoleTitle))
            {
                errors.AddModelError($"{key}.{nameof(r.RoleTitle)}", $"Ange roll för ansvarig {n + 1}.");
            }
            if (r.DepartmentId is { } d && !options.HasDepartment(d))
            {
                errors.AddModelError($"{key}.{nameof(r.DepartmentId)}", $"Avdelningen för ansvarig {n + 1} finns inte i förvaltningen.");
            }
            if (r.GroupId is { } g && !options.HasGroup(g))
            {
                errors.AddModelError($"{key}.{nameof(r.GroupId)}", $"Gruppen för ansvarig {n + 1} finns inte i förvaltningen.");
            }
            if (!string.IsNullOrEmpty(r.UserId) && !options.HasUser(r.UserId))
            {
                errors.AddModelError($"{key}.{nameof(r.UserId)}", $"Personen för ansvarig {n + 1} finns inte i förvaltningen.");
            }
            CheckReference(r.Parts, activityCount, $"{key}.{nameof(r.Parts)}", $"ansvarig {n + 1}", errors);
        }
        for (var n = 0; n < form.Activities.Count; n++)
        {
            if (string.IsNullOrWhiteSpace(form.Activities[n].Text))
            {
                errors.AddModelError($"{nameof(form.Activities)}[{n}].{nameof(ActivityRow.Text)}", $"Beskriv aktivitet {n + 1}.");
            }
        }
        for (var n = 0; n < form.FollowUps.Count; n++)
        {
            var key = $"{nameof(form.FollowUps)}[{n}]";
            if (string.IsNullOrWhiteSpace(form.FollowUps[n].Method))
            {
                errors.AddModelError($"{key}.{nameof(FollowUpRow.Method)}", $"Beskriv uppföljning {n + 1}.");
            }
            CheckReference(form.FollowUps[n].RefersTo, activityCount, $"{key}.{nameof(FollowUpRow.RefersTo)}", $"uppföljning {n + 1}", errors);
        }
        for (var n = 0; n < form.Effects.Count; n++)
        {
            var e = form.Effects[n];
            var key = $"{nameof(form.Effects)}[{n}]";
            if (string.IsNullOrWhiteSpace(e.Text))
            {
                errors.AddModelError($"{key}.{nameof(EffectRow.Text)}", $"Beskriv förväntad effekt {n + 1}.");
            }
            if (string.IsNullOrWhiteSpace(e.IndicatorName) && (e.Baseline is not null || e.Target is not null || !string.IsNullOrWhiteSpace(e.IndicatorUnit)))
            {
                errors.AddModelError($"{key}.{nameof(EffectRow.IndicatorName)}", $"Ange indikatorns namn för effekt {n + 1}.");
            }
            CheckReference(e.RefersTo, activityCount, $"{key}.{nameof(EffectRow.RefersTo)}", $"effekt {n + 1}", errors);
        }
        for (var n = 0; n < form.Resources.Count; n++)
        {
            var key = $"{nameof(form.Resources)}[{n}]";
            if (string.IsNullOrWhiteSpace(form.Resources[n].Text))
            {
                errors.AddModelError($"{key}.{nameof(ResourceRow.Text)}", $"Beskriv resurs {n + 1}.");
            }
            CheckReference(form.Resources[n].RefersTo, activityCount, $"{key}.{nameof(ResourceRow.RefersTo)}", $"resurs {n + 1}", errors);
        }
        foreach (var id in form.PartnerIds.Where(id => !options.HasPartner(id)))
        {
            errors.AddModelError(nameof(form.PartnerIds), $"Samverkansparten med id {id} finns inte i förvaltningen.");
        }
        foreach (var id in form.UnitIds.Where(id => !options.HasUnit(id)))
        {
            errors.AddModelError(nameof(form.UnitIds), $"Enheten med id {id} hör inte till förvaltningen.");
        }
        foreach (var id in form.ThemeIds.Where(id => !options.HasTheme(id)))
        {
            errors.AddModelError(nameof(form.ThemeIds), $"Området med id {id} finns inte i planen.");
        }

        // An avdelningschef or tjänsteperson writes insatser their department answers for, so the insats
        // must keep one of their departments among the responsible; otherwise they would lock themselves out.
        if (!user.IsIn(Roles.DirectorOfEducation)
            && !form.Responsible.Any(r => r.DepartmentId is { } d && user.DepartmentIds.Contains(d)))
        {
            errors.AddModelError(nameof(form.Responsible), "Minst en ansvarig ska vara knuten till din avdelning.");
        }
    }

    private static void CheckReference(string? text, int activityCount, string key, string what, ModelStateDictionary errors)
    {
        if (!PartReferences.TryParse(text, out var numbers))
        {
            errors.AddModelError(key, $"Skriv delarna för {what} som nummer, till exempel ”1”, ”1–2” eller ”1, 3”.");
        }
        else if (numbers.Any(n => n < 1 || n > activityCount))
        {
            errors.AddModelError(key, $"{char.ToUpperInvariant(what[0])}{what[1..]} hänvisar till en aktivitet som inte finns (det finns {activityCount}).");
        }
    }
}
