using System.Globalization;
using Microsoft.AspNetCore.Html;

namespace Insatsportal.Web.Features.Kolada;

/// <summary>A small line of a figure's values over the years, beside the same numbers in the table; like every chart
/// on the overview an image with its values as its text alternative.</summary>
public static class Sparkline
{
    private const int Width = 80;
    private const int Height = 20;

    public static IHtmlContent Render(IReadOnlyList<FigureCell> cells)
    {
        var values = cells.Select(c => c.Value).ToList();
        var present = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        if (present.Count < 2)
        {
            return new HtmlString("<span class=\"muted\">–</span>");
        }
        decimal min = present.Min(), max = present.Max();
        var range = max == min ? 1 : max - min;
        var step = cells.Count > 1 ? (double)Width / (cells.Count - 1) : 0;
        var points = values.Select((v, i) => v is { } x
                ? string.Create(CultureInfo.InvariantCulture, $"{i * step:0.#},{Height - 2 - (double)((x - min) / range) * (Height - 4):0.#}")
                : null)
            .Where(p => p is not null);
        var label = System.Net.WebUtility.HtmlEncode("Trend: " + string.Join(", ", cells.Select(c => $"{c.Year} {c.Text}")));
        return new HtmlString(
            $"<svg class=\"sparkline\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{label}\" focusable=\"false\">" +
            $"<title>{label}</title><polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" points=\"{string.Join(' ', points)}\"/></svg>");
    }
}
