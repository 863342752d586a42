using System.Globalization;
using System.Text;

namespace MailAuth.Text;

/// <summary>
/// Makes reason and explanation texts safe to print: every character that could end or rewrite an output line is
/// shown as a visible escape. Results build their reasons from attacker input (addresses, HELO names, DNS text), and
/// callers print them in logs, CLI output and header comments, where a raw CR or LF would forge a line.
/// </summary>
internal static class ReasonText
{
    /// <summary>
    /// True for characters that are escaped: C0 and C1 controls and DEL (which include CR, LF, TAB and NEL), the Unicode
    /// line and paragraph separators, and the bidirectional controls that can reorder what a terminal shows.
    /// </summary>
    internal static bool NeedsEscape(char c) => char.IsControl(c)
        || c is '\u2028' or '\u2029' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>
    /// Returns <paramref name="text"/> with each escaped character written as <c>\r</c>, <c>\n</c>, <c>\t</c> or
    /// <c>\uXXXX</c>; the same instance when nothing needs escaping. One pass, linear in the length.
    /// </summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    internal static string? Escape(string? text)
    {
        if (text is null)
        {
            return null;
        }

        int first = 0;
        while (first < text.Length && !NeedsEscape(text[first]))
        {
            first++;
        }

        if (first == text.Length)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        sb.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (!NeedsEscape(c))
            {
                sb.Append(c);
                continue;
            }

            _ = c switch
            {
                '\r' => sb.Append("\\r"),
                '\n' => sb.Append("\\n"),
                '\t' => sb.Append("\\t"),
                _ => sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)),
            };
        }

        return sb.ToString();
    }

    /// <summary>
    /// Returns <paramref name="text"/> with every control character (C0, C1, DEL) replaced by a space, for values that go
    /// into a header field (Authentication-Results properties, reasons): one line, no forged fields. The same instance when
    /// there is none. One pass, linear in the length.
    /// </summary>
    internal static string ControlsToSpaces(string text) =>
        !text.AsSpan().ContainsAnyInRange('\0', '\x1f') && !text.AsSpan().ContainsAnyInRange('\x7f', '\x9f')
            ? text
            : string.Create(text.Length, text, static (dest, src) =>
            {
                for (int i = 0; i < src.Length; i++)
                {
                    dest[i] = char.IsControl(src[i]) ? ' ' : src[i];
                }
            });
}
