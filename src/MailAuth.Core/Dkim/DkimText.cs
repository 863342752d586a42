using System.Diagnostics.CodeAnalysis;
using MailAuth.Text;

namespace MailAuth.Dkim;

/// <summary>Small text helpers shared by the DKIM-Signature and key record parsers.</summary>
internal static class DkimText
{
    /// <summary>
    /// Takes the next item of a colon-separated list (<c>h=</c>, <c>q=</c>, key <c>h=</c>/<c>s=</c>/<c>t=</c>), FWS trimmed.
    /// </summary>
    /// <param name="rest">The rest of the list; advanced past the item and its colon.</param>
    /// <param name="item">The item.</param>
    /// <param name="done">Set once the last item was taken; start with <see langword="false"/>.</param>
    /// <returns><see langword="false"/> when the list is exhausted.</returns>
    public static bool TryTakeItem(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> item, ref bool done)
    {
        if (done)
        {
            item = default;
            return false;
        }

        int colon = rest.IndexOf(':');
        if (colon < 0)
        {
            item = Fws.Trim(rest);
            rest = default;
            done = true;
        }
        else
        {
            item = Fws.Trim(rest[..colon]);
            rest = rest[(colon + 1)..];
        }

        return true;
    }

    /// <summary>
    /// Decodes dkim-quoted-printable (RFC 6376 §2.11): FWS is removed, "=" followed by two hex digits (uppercase, as
    /// §2.11 requires) is that octet, anything else must be a dkim-safe-char or an 8-bit octet (RFC 8616 §4). Octets
    /// become chars one to one (Latin-1), like the rest of the field.
    /// </summary>
    /// <param name="text">The encoded value.</param>
    /// <param name="decoded">The decoded value, or <see langword="null"/>.</param>
    /// <returns><see langword="false"/> when <paramref name="text"/> is not dkim-quoted-printable.</returns>
    // dkim-quoted-printable = *(FWS / hex-octet / dkim-safe-char)
    // dkim-safe-char        = %x21-3A / %x3C / %x3E-7E
    public static bool TryDecodeQuotedPrintable(ReadOnlySpan<char> text, [NotNullWhen(true)] out string? decoded)
    {
        decoded = null;
        Span<char> buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        int n = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                continue;
            }

            if (c == '=')
            {
                if (i + 2 >= text.Length || HexValue(text[i + 1]) is not (>= 0 and var high) || HexValue(text[i + 2]) is not (>= 0 and var low))
                {
                    return false;
                }

                buffer[n++] = (char)((high << 4) | low);
                i += 2;
                continue;
            }

            // 8-bit octets (raw UTF-8) are let through: RFC 8616 §4 allows UTF-8 in i= for EAI.
            if (c is < '!' or ';' or '\x7f')
            {
                return false;
            }

            buffer[n++] = c;
        }

        decoded = new string(buffer[..n]);
        return true;
    }

    /// <summary>Encodes <paramref name="text"/> (printable ASCII) as dkim-quoted-printable: "=", ";", "|" and anything outside %x21-7E as "=XX".</summary>
    /// <param name="text">The text.</param>
    /// <returns>The encoded text.</returns>
    public static string EncodeQuotedPrintable(string text)
    {
        if (!text.AsSpan().ContainsAny("=;| ") && !text.AsSpan().ContainsAnyExceptInRange('!', '~'))
        {
            return text;
        }

        var sb = new System.Text.StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (c is '=' or ';' or '|' or < '!' or > '~')
            {
                sb.Append('=').Append(((byte)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
