using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Html;

namespace Insatsportal.Web.Features.Shared;

/// <summary>
/// Renders stored plain text as paragraphs and lists: blank lines separate paragraphs and lines that start
/// with "• " are list items (the format of seeds/README.md). Everything is HTML-encoded.
/// </summary>
public static class Prose
{
    // Swedish letters stay readable in the page source; markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static IHtmlContent Render(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return HtmlString.Empty;
        }
        var html = new StringBuilder();
        foreach (var block in text.Replace("\r\n", "\n", StringComparison.Ordinal)
                     .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var lines = block.Split('\n', StringSplitOptions.TrimEntries);
            var inList = false;
            foreach (var line in lines)
            {
                var isItem = line.StartsWith("• ", StringComparison.Ordinal);
                if (isItem && !inList)
                {
                    html.Append("<ul>");
                    inList = true;
                }
                else if (!isItem && inList)
                {
                    html.Append("</ul>");
                    inList = false;
                }
                html.Append(isItem ? "<li>" : "<p>")
                    .Append(Encoder.Encode(isItem ? line[2..] : line))
                    .Append(isItem ? "</li>" : "</p>");
            }
            if (inList)
            {
                html.Append("</ul>");
            }
        }
        return new HtmlString(html.ToString());
    }
}
