using System.Globalization;
using System.Text;

namespace MailAuth.MimeKit;

/// <summary>
/// Syntax checks for every value a report message puts in a header field or a file name. Attacker-influenced text (domains
/// from DNS and the report store, Report-IDs, <c>rua</c> addresses) passes one of these or is refused: nothing with a control
/// character, a space or a non-ASCII character reaches a header.
/// </summary>
internal static class DmarcReportMessageSyntax
{
    // RFC 1035 §2.3.4 / RFC 5890: at most 253 characters, labels 1–63.
    private const int MaxDomainLength = 253;
    private const int MaxLabelLength = 63;

    // The longest Report-ID and local part accepted (RFC 5321 §4.5.3.1.1: local part 64; a Report-ID gets the line limit).
    private const int MaxReportIdLength = 200;
    private const int MaxLocalPartLength = 64;

    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    /// <summary>A domain-name as A-labels in lower case, LDH labels only (RFC 6376 <c>domain-name</c>, RFC 5890 §2.3.2.1).</summary>
    public static bool TryNormalizeDomain(string? text, out string domain)
    {
        domain = string.Empty;
        if (string.IsNullOrEmpty(text) || text.Length > MaxDomainLength * 4)
        {
            return false;
        }

        string ascii = text.EndsWith('.') ? text[..^1] : text;
        if (!Ascii.IsValid(ascii))
        {
            try
            {
                ascii = Idn.GetAscii(ascii);
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        ascii = ascii.ToLowerInvariant();
        if (ascii.Length is 0 or > MaxDomainLength)
        {
            return false;
        }

        foreach (string label in ascii.Split('.'))
        {
            if (label.Length is 0 or > MaxLabelLength || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (char c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
                {
                    return false;
                }
            }
        }

        domain = ascii;
        return true;
    }

    /// <summary>RFC 9990 §3.5.1 <c>ridfmt = dot-atom-text ["@" dot-atom-text]</c>, without the angle brackets.</summary>
    public static bool IsReportId(ReadOnlySpan<char> text)
    {
        if (text.Length is 0 or > MaxReportIdLength)
        {
            return false;
        }

        int at = text.IndexOf('@');
        return at < 0 ? IsDotAtomText(text) : IsDotAtomText(text[..at]) && IsDotAtomText(text[(at + 1)..]);
    }

    /// <summary>RFC 5322 §3.2.3 <c>dot-atom-text = 1*atext *("." 1*atext)</c>.</summary>
    public static bool IsDotAtomText(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text[0] == '.' || text[^1] == '.')
        {
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '.' ? text[i - 1] == '.' : !IsAtext(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An RFC 5321 §4.1.2 Mailbox with a dot-atom local part (quoted local parts are refused) and an LDH domain.</summary>
    public static bool TryNormalizeAddress(string text, out string address, out string domain)
    {
        address = string.Empty;
        domain = string.Empty;
        int at = text.LastIndexOf('@');
        if (at <= 0 || at > MaxLocalPartLength || !IsDotAtomText(text.AsSpan(0, at)) || !TryNormalizeDomain(text[(at + 1)..], out domain))
        {
            return false;
        }

        address = text[..at] + "@" + domain;
        return true;
    }

    /// <summary>RFC 9990 §3.5.2 <c>unique-id = 1*(ALPHA / DIGIT)</c>.</summary>
    public static bool IsUniqueId(ReadOnlySpan<char> text) => text.Length is > 0 and <= 64 && !text.ContainsAnyExcept(AlphaDigit);

    /// <summary>Text for a reason or the report's plain-text part: control characters and non-ASCII escaped as <c>\uXXXX</c>, bounded.</summary>
    public static string Escape(string? text, int maxLength = 200)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        foreach (char c in text)
        {
            if (builder.Length >= maxLength)
            {
                builder.Append('…');
                break;
            }

            if (c is < ' ' or > '~')
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> AlphaDigit =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    // RFC 5322 §3.2.3 atext.
    private static bool IsAtext(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".Contains(c, StringComparison.Ordinal);
}
