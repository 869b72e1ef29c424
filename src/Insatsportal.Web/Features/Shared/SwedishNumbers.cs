using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Insatsportal.Web.Features.Shared;

/// <summary>
/// Numbers as Swedes write them: "150 000", "150 000 kr", "1 500,5", "78,5 %", "−3" (spaces, no-break and narrow
/// no-break spaces as thousands separators, a comma for decimals, the typographic minus sign, a trailing unit of
/// kronor or per cent). The framework's binder only knows sv-SE's exact no-break space and refuses the rest.
/// </summary>
public static class SwedishNumbers
{
    private static readonly NumberFormatInfo Format = new()
    {
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = "",
        NegativeSign = "-",
        PositiveSign = "+",
    };

    /// <summary>The text with spaces, unit and typographic signs removed, ready for an invariant-style parse.</summary>
    public static string? Normalise(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var s = text.Trim();
        foreach (var unit in new[] { "kronor", "kr.", "kr", "SEK", "sek", "%" })
        {
            if (s.EndsWith(unit, StringComparison.OrdinalIgnoreCase))
            {
                s = s[..^unit.Length];
                break;
            }
        }
        var chars = new System.Text.StringBuilder(s.Length);
        foreach (var c in s)
        {
            switch (c)
            {
                // Thousands separators: space, no-break space, narrow no-break space, thin space.
                case ' ' or '\u00A0' or '\u202F' or '\u2009':
                    continue;
                case '\u2212' or '\u2013':
                    chars.Append('-');
                    break;
                default:
                    chars.Append(c);
                    break;
            }
        }
        return chars.ToString();
    }

    public static bool TryParse(string? text, Type type, out object? value)
    {
        value = null;
        var s = Normalise(text);
        if (string.IsNullOrEmpty(s) || s.Contains('.', StringComparison.Ordinal))
        {
            // A dot is refused rather than guessed: "150.000" could mean 150 or 150 000.
            return false;
        }
        const NumberStyles integer = NumberStyles.AllowLeadingSign;
        const NumberStyles number = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
        if (type == typeof(int) && int.TryParse(s, integer, Format, out var i)) { value = i; return true; }
        if (type == typeof(long) && long.TryParse(s, integer, Format, out var l)) { value = l; return true; }
        if (type == typeof(short) && short.TryParse(s, integer, Format, out var sh)) { value = sh; return true; }
        if (type == typeof(decimal) && decimal.TryParse(s, number, Format, out var m)) { value = m; return true; }
        if (type == typeof(double) && double.TryParse(s, number, Format, out var d) && double.IsFinite(d)) { value = d; return true; }
        return false;
    }

    public static readonly Type[] Types = [typeof(int), typeof(long), typeof(short), typeof(decimal), typeof(double)];
}

/// <summary>Binds every int, long, short, decimal and double (nullable or not) with <see cref="SwedishNumbers"/>.</summary>
public sealed class SwedishNumberBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        Array.IndexOf(SwedishNumbers.Types, context.Metadata.UnderlyingOrModelType) >= 0 ? new SwedishNumberBinder() : null;
}

public sealed class SwedishNumberBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var result = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (result == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }
        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, result);
        var text = result.FirstValue;
        var metadata = bindingContext.ModelMetadata;
        if (string.IsNullOrWhiteSpace(text))
        {
            if (metadata.IsReferenceOrNullableType)
            {
                bindingContext.Result = ModelBindingResult.Success(null);
            }
            else
            {
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName,
                    metadata.ModelBindingMessageProvider.ValueMustNotBeNullAccessor(text ?? ""));
            }
            return Task.CompletedTask;
        }
        if (SwedishNumbers.TryParse(text, metadata.UnderlyingOrModelType, out var value))
        {
            bindingContext.Result = ModelBindingResult.Success(value);
        }
        else
        {
            // A property is named by its Swedish display name; a list element or a route value has no name of its
            // own (the framework would fall back to the CLR type name, "Int32").
            var messages = metadata.ModelBindingMessageProvider;
            bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, metadata.MetadataKind == ModelMetadataKind.Property
                ? messages.AttemptedValueIsInvalidAccessor(text, metadata.DisplayName ?? SwedishDisplayNameFallback.Fallback)
                : messages.NonPropertyAttemptedValueIsInvalidAccessor(text));
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// A property without a Swedish <c>[Display(Name)]</c> is called "fältet" in model binding messages rather than by
/// its English property name. Form models should still name every field (a test walks them).
/// </summary>
public sealed class SwedishDisplayNameFallback : IDisplayMetadataProvider
{
    public const string Fallback = "fältet";

    public void CreateDisplayMetadata(DisplayMetadataProviderContext context)
    {
        if (context.Key.MetadataKind == ModelMetadataKind.Property && context.DisplayMetadata.DisplayName is null)
        {
            context.DisplayMetadata.DisplayName = () => Fallback;
        }
    }
}
