using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Insatsportal.Web.Features.Shared;

/// <summary>Model binding's own messages ("The value 'x' is not valid") in Swedish.</summary>
public static class SwedishMessages
{
    public static void Apply(DefaultModelBindingMessageProvider p)
    {
        p.SetAttemptedValueIsInvalidAccessor((value, field) => $"Värdet ”{value}” är inte giltigt för {field}.");
        p.SetMissingBindRequiredValueAccessor(field => $"{field} saknas.");
        p.SetMissingKeyOrValueAccessor(() => "Ett värde saknas.");
        p.SetMissingRequestBodyRequiredValueAccessor(() => "Formuläret är tomt.");
        p.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"Värdet ”{value}” är inte giltigt.");
        p.SetNonPropertyUnknownValueIsInvalidAccessor(() => "Värdet är inte giltigt.");
        p.SetNonPropertyValueMustBeANumberAccessor(() => "Fältet måste vara ett tal.");
        p.SetUnknownValueIsInvalidAccessor(field => $"Värdet är inte giltigt för {field}.");
        p.SetValueIsInvalidAccessor(value => $"Värdet ”{value}” är inte giltigt.");
        p.SetValueMustBeANumberAccessor(field => $"{field} måste vara ett tal.");
        p.SetValueMustNotBeNullAccessor(value => $"Ett värde krävs.");
    }
}
