using System.Text;
using System.Text.RegularExpressions;

namespace Insatsportal.IntegrationTests;

/// <summary>Just enough of RFC 5322/2047 to read the headers of the .eml files SmtpClient writes.</summary>
internal sealed record Eml(string Subject, string To)
{
    private static readonly Regex EncodedWord = new(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=", RegexOptions.Compiled);

    public static Eml Parse(string text)
    {
        var head = text.Split("\r\n\r\n", 2)[0];
        var unfolded = Regex.Replace(head, @"\r\n[ \t]+", " ");
        var headers = unfolded.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim(), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First()[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return new Eml(Decode(headers.GetValueOrDefault("Subject", "")), Decode(headers.GetValueOrDefault("To", "")));
    }

    private static string Decode(string value)
    {
        // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
        var joined = Regex.Replace(value, @"\?=\s+=\?", "?==?");
        return EncodedWord.Replace(joined, m =>
        {
            var encoding = Encoding.GetEncoding(m.Groups[1].Value);
            var bytes = m.Groups[2].Value is "B" or "b"
                ? Convert.FromBase64String(m.Groups[3].Value)
                : QuotedPrintable(m.Groups[3].Value.Replace('_', ' '));
            return encoding.GetString(bytes);
        });
    }

    private static byte[] QuotedPrintable(string text)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length)
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)text[i]);
            }
        }
        return [.. bytes];
    }
}
