using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Insatsportal.Web.Features.Shared;

/// <summary>
/// Renders stored plain text as paragraphs and lists: blank lines separate paragraphs and lines that start
/// with "• " are list items (the format of seeds/README.md). Everything is HTML-encoded.
/// </summary>
public static class Prose
{
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
                    .Append(HtmlEncoder.Default.Encode(isItem ? line[2..] : line))
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
