using System.Text;

namespace MailAuth.MimeKit;

/// <summary>
/// Writes the fields of a <c>message/feedback-report</c> body (RFC 5965 §3.5: header-field syntax). Values that came from
/// the message or DNS may hold anything: a CR or LF is kept only as folding (CRLF followed by WSP, as our
/// Authentication-Results formatter writes it), every other control or non-ASCII character becomes '?', so no value can
/// start a field of its own.
/// </summary>
internal sealed class ArfFieldWriter
{
    private readonly StringBuilder _text = new();

    public ArfFieldWriter Add(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }

        _text.Append(name).Append(": ");
        AppendSafe(_text, value);
        _text.Append("\r\n");
        return this;
    }

    public byte[] ToBytes() => Encoding.ASCII.GetBytes(_text.ToString());

    /// <summary>Text with control and non-ASCII characters replaced, no line breaks at all (for subjects and single-line values).</summary>
    public static string OneLine(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            text.Append(char.IsControl(c) ? ' ' : c);
        }

        return text.ToString();
    }

    private static void AppendSafe(StringBuilder text, string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '\r' && i + 2 < value.Length && value[i + 1] == '\n' && value[i + 2] is ' ' or '\t' && i > 0)
            {
                text.Append("\r\n");
                i++;
            }
            else if (c == '\t' || (c >= ' ' && c < 0x7F))
            {
                text.Append(c);
            }
            else
            {
                text.Append('?');
            }
        }
    }
}
