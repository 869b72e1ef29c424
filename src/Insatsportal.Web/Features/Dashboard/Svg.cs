using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Insatsportal.Web.Features.Dashboard;

/// <summary>
/// Charts drawn on the server as inline SVG: no script, no external asset and no network, so they render
/// anywhere (and print). Only presentation attributes are used (no style attributes: the Content-Security-Policy
/// forbids inline styles). Each chart is role="img" with a title and aria-label, and sits next to a table with
/// the same figures, which is the accessible view; every bar carries its value and label as text, so nothing is
/// told by colour alone.
/// </summary>
public static class Svg
{
    public sealed record Bar(string Label, int Value, string Fill);

    public sealed record Segment(string Label, int Value, string Fill);

    public sealed record StackedBar(string Label, IReadOnlyList<Segment> Segments);

    private const int LabelWidth = 220;
    private const int BarArea = 380;
    private const int RowHeight = 28;

    /// <summary>Horizontal bars, one per label, the value written at the end of each bar.</summary>
    public static IHtmlContent Bars(string title, IReadOnlyList<Bar> bars)
    {
        var max = Math.Max(1, bars.Count == 0 ? 1 : bars.Max(b => b.Value));
        var height = bars.Count * RowHeight + 10;
        var svg = Open(title, LabelWidth + BarArea + 60, height);
        for (var k = 0; k < bars.Count; k++)
        {
            var bar = bars[k];
            var y = 5 + k * RowHeight;
            var width = (int)Math.Round((double)bar.Value / max * BarArea);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 8}\" y=\"{y + 17}\" text-anchor=\"end\" font-size=\"13\" fill=\"#1b1b1b\">{E(bar.Label)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y + 3}\" width=\"{Math.Max(width, 1)}\" height=\"{RowHeight - 8}\" fill=\"{bar.Fill}\"><title>{E(bar.Label)}: {bar.Value}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + width + 6}\" y=\"{y + 17}\" font-size=\"13\" fill=\"#1b1b1b\">{bar.Value}</text>");
        }
        return Close(svg);
    }

    /// <summary>One stacked bar per row, with a text legend under the chart.</summary>
    public static IHtmlContent Stacked(string title, IReadOnlyList<StackedBar> rows, IReadOnlyList<(string Label, string Fill)> legend)
    {
        var max = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => r.Segments.Sum(s => s.Value)));
        var legendY = rows.Count * RowHeight + 14;
        var height = legendY + 26;
        var svg = Open(title, LabelWidth + BarArea + 60, height);
        for (var k = 0; k < rows.Count; k++)
        {
            var row = rows[k];
            var y = 5 + k * RowHeight;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 8}\" y=\"{y + 17}\" text-anchor=\"end\" font-size=\"13\" fill=\"#1b1b1b\">{E(Shorten(row.Label, 30))}</text>");
            double x = LabelWidth;
            foreach (var s in row.Segments.Where(s => s.Value > 0))
            {
                var width = (double)s.Value / max * BarArea;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y + 3}\" width=\"{width:0.#}\" height=\"{RowHeight - 8}\" fill=\"{s.Fill}\" stroke=\"#ffffff\" stroke-width=\"1\"><title>{E(row.Label)}, {E(s.Label)}: {s.Value}</title></rect>");
                if (width >= 18)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + width / 2:0.#}\" y=\"{y + 17}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#ffffff\">{s.Value}</text>");
                }
                x += width;
            }
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 6:0.#}\" y=\"{y + 17}\" font-size=\"13\" fill=\"#1b1b1b\">{row.Segments.Sum(s => s.Value)}</text>");
        }
        double lx = 0;
        foreach (var (label, fill) in legend)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{lx:0.#}\" y=\"{legendY}\" width=\"12\" height=\"12\" fill=\"{fill}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{lx + 16:0.#}\" y=\"{legendY + 11}\" font-size=\"12\" fill=\"#1b1b1b\">{E(label)}</text>");
            lx += 24 + label.Length * 7;
        }
        return Close(svg);
    }

    /// <summary>A small line of values over the rounds (missing values leave a gap), each point labelled.</summary>
    public static IHtmlContent Line(string title, IReadOnlyList<(string Label, decimal? Value)> points, decimal? target)
    {
        const int width = 260, height = 90, pad = 18;
        var values = points.Where(p => p.Value is not null).Select(p => p.Value!.Value).ToList();
        if (target is { } t)
        {
            values.Add(t);
        }
        var min = values.Count == 0 ? 0 : values.Min();
        var max = values.Count == 0 ? 1 : values.Max();
        if (max == min)
        {
            max = min + 1;
        }
        double X(int k) => points.Count <= 1 ? width / 2.0 : pad + k * (width - 2.0 * pad) / (points.Count - 1);
        double Y(decimal v) => height - pad - (double)((v - min) / (max - min)) * (height - 2.0 * pad);
        var svg = Open(title, width, height);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"0\" y1=\"{height - pad + 4}\" x2=\"{width}\" y2=\"{height - pad + 4}\" stroke=\"#c9ced6\"/>");
        if (target is { } goal)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"0\" y1=\"{Y(goal):0.#}\" x2=\"{width}\" y2=\"{Y(goal):0.#}\" stroke=\"#1d6b35\" stroke-dasharray=\"4 3\"><title>Målvärde {goal.ToString("0.##", Shared.Display.Swedish)}</title></line>");
        }
        var path = new List<string>();
        for (var k = 0; k < points.Count; k++)
        {
            if (points[k].Value is { } v)
            {
                path.Add(string.Create(CultureInfo.InvariantCulture, $"{X(k):0.#},{Y(v):0.#}"));
            }
        }
        if (path.Count > 1)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{string.Join(' ', path)}\" fill=\"none\" stroke=\"#0b57a4\" stroke-width=\"2\"/>");
        }
        for (var k = 0; k < points.Count; k++)
        {
            if (points[k].Value is { } v)
            {
                var text = v.ToString("0.##", Shared.Display.Swedish);
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(k):0.#}\" cy=\"{Y(v):0.#}\" r=\"4\" fill=\"#0b57a4\"><title>{E(points[k].Label)}: {E(text)}</title></circle>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(k):0.#}\" y=\"{Y(v) - 7:0.#}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#1b1b1b\">{E(text)}</text>");
            }
        }
        return Close(svg);
    }

    private static StringBuilder Open(string title, int width, int height) => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-label=\"{E(title)}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" font-family=\"system-ui, sans-serif\">")
        .Append(CultureInfo.InvariantCulture, $"<title>{E(title)}</title>");

    private static HtmlString Close(StringBuilder svg) => new(svg.Append("</svg>").ToString());

    /// <summary>Escapes for text and attribute values; å, ä and ö stay as they are.</summary>
    private static string E(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
