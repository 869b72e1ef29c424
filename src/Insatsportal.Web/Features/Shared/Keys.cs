using System.Globalization;
using System.Text;

namespace Insatsportal.Web.Features.Shared;

/// <summary>Natural keys for items created in the UI: a readable slug of the name, unique within its scope.</summary>
public static class Keys
{
    public static string Unique(string name, IReadOnlySet<string> taken)
    {
        var slug = Slug(name);
        if (!taken.Contains(slug))
        {
            return slug;
        }
        for (var n = 2; ; n++)
        {
            var candidate = $"{slug[..Math.Min(slug.Length, 90)]}-{n.ToString(CultureInfo.InvariantCulture)}";
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    public static string Slug(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            var mapped = c switch
            {
                'å' or 'ä' => "a",
                'ö' => "o",
                'é' or 'è' => "e",
                'ü' => "u",
                _ when char.IsAsciiLetterOrDigit(c) => c.ToString(),
                _ => "-",
            };
            if (mapped == "-" && (builder.Length == 0 || builder[^1] == '-'))
            {
                continue;
            }
            builder.Append(mapped);
            if (builder.Length >= 80)
            {
                break;
            }
        }
        var slug = builder.ToString().Trim('-');
        return slug.Length == 0 ? "namnlos" : slug;
    }
}
