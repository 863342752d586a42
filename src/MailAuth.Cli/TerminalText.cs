using System.Globalization;
using System.Text;

namespace MailAuth.Cli;

/// <summary>
/// Makes text safe for a terminal line: values that may come from a message or from DNS (reasons, explanations, domains,
/// header values) could otherwise forge output lines with CR/LF or drive the terminal with escape sequences.
/// </summary>
/// <remarks>
/// Escapes: CR, LF and TAB as <c>\r</c>, <c>\n</c>, <c>\t</c>; every other C0 control character, DEL and C1 control
/// character as <c>\xNN</c>; U+2028 and U+2029 (line and paragraph separators) and lone surrogates as <c>\uNNNN</c>.
/// <see cref="Value"/> also doubles a backslash so the escaped form reads back unambiguously; <see cref="HeaderField"/>
/// keeps backslashes, which are quoted-pair syntax in a header field. One pass, linear in the length.
/// </remarks>
internal static class TerminalText
{
    /// <summary>A free-text value (reason, domain, explanation): control characters and backslashes escaped.</summary>
    public static string Value(string? text) => Escape(text, escapeBackslash: true);

    /// <summary>A header field we format (Authentication-Results, Received-SPF): control characters escaped, except the CRLF
    /// folding the formatter itself put between lines.</summary>
    public static string HeaderField(string? text)
    {
        if (text is null)
        {
            return string.Empty;
        }

        // Folded lines ("\r\n" + whitespace) are our own formatting; keep them as line breaks, escape every other control.
        string[] lines = text.TrimEnd('\r', '\n').Split("\r\n");
        var result = new StringBuilder(text.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (i > 0)
            {
                // RFC 5322 §2.2.3 folding: CRLF followed by whitespace, which stays as it is.
                if (line.Length > 0 && line[0] is ' ' or '\t')
                {
                    result.AppendLine().Append(line[0]);
                    line = line[1..];
                }
                else
                {
                    result.Append("\\r\\n");
                }
            }

            result.Append(Escape(line, escapeBackslash: false));
        }

        return result.ToString();
    }

    private static string Escape(string? text, bool escapeBackslash)
    {
        if (text is null)
        {
            return string.Empty;
        }

        int i = 0;
        while (i < text.Length && !NeedsEscape(text, i, escapeBackslash))
        {
            i++;
        }

        if (i == text.Length)
        {
            return text;
        }

        var result = new StringBuilder(text.Length + 16).Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (!NeedsEscape(text, i, escapeBackslash))
            {
                result.Append(c);
                continue;
            }

            switch (c)
            {
                case '\r': result.Append("\\r"); break;
                case '\n': result.Append("\\n"); break;
                case '\t': result.Append("\\t"); break;
                case '\\': result.Append("\\\\"); break;
                default:
                    if (c <= '\xff')
                    {
                        result.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        result.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }

                    break;
            }
        }

        return result.ToString();
    }

    private static bool NeedsEscape(string text, int i, bool escapeBackslash)
    {
        char c = text[i];
        if (c < ' ' || c is '\x7f' or '\u2028' or '\u2029' || (c >= '\x80' && c <= '\x9f'))
        {
            return true;
        }

        if (c == '\\')
        {
            return escapeBackslash;
        }

        // A lone surrogate cannot be printed; a valid pair passes.
        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
        }

        return char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1]));
    }
}
