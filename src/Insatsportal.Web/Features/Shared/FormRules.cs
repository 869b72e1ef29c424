using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Insatsportal.Web.Features.Shared;

/// <summary>Validation rules shared by the editing forms.</summary>
public static class FormRules
{
    /// <summary>
    /// A choice from a list must be one of the enum's values. Model binding already refuses unknown names and
    /// numbers with a generic message; this puts the form's own message in its place (and catches a value that
    /// binding let through), so the user reads one clear sentence.
    /// </summary>
    public static void RequireDefined<T>(ModelStateDictionary modelState, string key, T? value, string message)
        where T : struct, Enum
    {
        var bindingFailed = modelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0
            && !string.IsNullOrEmpty(entry.AttemptedValue);
        if (bindingFailed)
        {
            entry!.Errors.Clear();
        }
        if (bindingFailed || (value is { } v && !Enum.IsDefined(v)))
        {
            modelState.AddModelError(key, message);
        }
    }
}
