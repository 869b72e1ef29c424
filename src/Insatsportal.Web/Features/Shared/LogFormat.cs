using System.Globalization;

namespace Insatsportal.Web.Features.Shared;

/// <summary>
/// How the server log writes dates: ISO 8601 ("2026-12-02 14:37:02"), whatever culture the server runs under.
/// The console sink in appsettings.json stamps each line with {Timestamp:yyyy-MM-dd HH:mm:ss} and names
/// <see cref="Culture"/> as its formatProvider, so that a date in a message rendered through the provider (a
/// template with {Message} rather than {Message:lj}, which writes values as JSON) is ISO as well instead of the
/// invariant culture's month-first "12/02/2026". A file sink added in configuration names both too
/// (docs/operations.md).
/// </summary>
public static class LogFormat
{
    /// <summary>Invariant numbers (a point as decimal separator, no grouping) and ISO dates and times.</summary>
    public static IFormatProvider Culture { get; } = CreateCulture();

    private static CultureInfo CreateCulture()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        var dates = culture.DateTimeFormat;
        dates.ShortDatePattern = "yyyy-MM-dd";
        dates.LongDatePattern = "yyyy-MM-dd";
        dates.ShortTimePattern = "HH:mm";
        dates.LongTimePattern = "HH:mm:ss";
        dates.FullDateTimePattern = "yyyy-MM-dd HH:mm:ss";
        return CultureInfo.ReadOnly(culture);
    }
}
