using System.Globalization;

namespace Insatsportal.Web.Features.Shared;

/// <summary>Reading the Swedish query-string filters of a list page: a bad value in a shared link becomes a Swedish
/// note in <c>problems</c> and is ignored, never a 500 (docs/adr/0005-routes-and-view-models.md).</summary>
public static class QueryValues
{
    /// <summary>A positive id, or null when the parameter is missing or not an id (then noted).</summary>
    public static int? Id(IQueryCollection query, string name, string label, List<string> problems)
    {
        var raw = query[name].ToString().Trim();
        if (raw.Length == 0)
        {
            return null;
        }
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            return id;
        }
        problems.Add($"{label} ”{Shorten(raw)}” finns inte och ignorerades.");
        return null;
    }

    /// <summary>A value as quoted back in a note: at most 40 characters.</summary>
    public static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
