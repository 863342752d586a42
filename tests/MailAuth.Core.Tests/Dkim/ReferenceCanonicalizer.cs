using System.Text;
using System.Text.RegularExpressions;

namespace MailAuth.Tests.Dkim;

/// <summary>
/// A slow, plainly written canonicalizer that follows the words of RFC 6376 §3.4 line by line on strings
/// (Latin-1, one char per byte). The production code must agree with it.
/// </summary>
internal static partial class ReferenceCanonicalizer
{
    public static byte[] Body(string canonicalization, byte[] body)
    {
        string text = Encoding.Latin1.GetString(body);
        if (canonicalization == "simple")
        {
            // §3.4.3: ignore all empty lines at the end of the body; an empty body becomes one CRLF;
            // a body not ending in CRLF gets one.
            while (text.EndsWith("\r\n", StringComparison.Ordinal))
            {
                text = text[..^2];
            }

            return Encoding.Latin1.GetBytes(text + "\r\n");
        }

        // §3.4.4 a and b, per line.
        var lines = text.Split("\r\n");
        for (int i = 0; i < lines.Length; i++)
        {
            string line = Wsp().Replace(lines[i], " ");
            lines[i] = line.TrimEnd(' ');
        }

        text = string.Join("\r\n", lines);

        // §3.4.4 c: ignore all empty lines at the end; a non-empty body ends with CRLF, an empty one stays empty.
        while (text.EndsWith("\r\n", StringComparison.Ordinal))
        {
            text = text[..^2];
        }

        return Encoding.Latin1.GetBytes(text.Length == 0 ? string.Empty : text + "\r\n");
    }

    public static byte[] Header(string canonicalization, byte[] field)
    {
        string text = Encoding.Latin1.GetString(field);
        if (canonicalization == "simple")
        {
            return Encoding.Latin1.GetBytes(text.EndsWith("\r\n", StringComparison.Ordinal) ? text : text + "\r\n");
        }

        if (text.EndsWith("\r\n", StringComparison.Ordinal))
        {
            text = text[..^2];
        }

        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string name = text[..colon];
        string value = text[(colon + 1)..];

        // §3.4.2: lowercase the name; unfold; WSP runs to one SP; no WSP at the end of the value or around the colon.
        name = name.ToLowerInvariant().TrimEnd(' ', '\t');
        value = value.Replace("\r\n", string.Empty, StringComparison.Ordinal);
        value = Wsp().Replace(value, " ").Trim(' ');
        return Encoding.Latin1.GetBytes(name + ":" + value + "\r\n");
    }

    [GeneratedRegex("[ \t]+")]
    private static partial Regex Wsp();
}
