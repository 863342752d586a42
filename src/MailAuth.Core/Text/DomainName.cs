namespace MailAuth.Text;

/// <summary>Domain-name syntax checks for DKIM <c>d=</c>/<c>s=</c>, DMARC and SPF domains.</summary>
internal static class DomainName
{
    /// <summary>Maximum length of a name in text form without the trailing dot (RFC 1035 §2.3.4: 255 octets on the wire).</summary>
    public const int MaxLength = 253;

    /// <summary>Maximum length of a label (RFC 1035 §2.3.4).</summary>
    public const int MaxLabelLength = 63;

    /// <summary>
    /// Checks LDH syntax (RFC 5321 §4.1.2 <c>sub-domain = Let-dig [Ldh-str]</c>, RFC 6376 §3.5 <c>domain-name</c>):
    /// labels of 1–63 letters, digits and inner hyphens, at most 253 characters. A-labels (<c>xn--</c>) pass;
    /// U-labels (non-ASCII) do not — convert them with <see cref="System.Globalization.IdnMapping"/> first.
    /// </summary>
    /// <param name="name">The name.</param>
    /// <param name="rules">Relaxations.</param>
    /// <returns><see langword="true"/> when the name is syntactically valid.</returns>
    public static bool IsValid(ReadOnlySpan<char> name, DomainNameRules rules = DomainNameRules.None)
    {
        if ((rules & DomainNameRules.AllowTrailingDot) != 0 && name.Length > 1 && name[^1] == '.')
        {
            name = name[..^1];
        }

        if (name.IsEmpty || name.Length > MaxLength)
        {
            return false;
        }

        bool underscore = (rules & DomainNameRules.AllowUnderscore) != 0;
        int labels = 0;
        while (true)
        {
            int dot = name.IndexOf('.');
            ReadOnlySpan<char> label = dot < 0 ? name : name[..dot];
            if (!IsValidLabel(label, underscore))
            {
                return false;
            }

            labels++;
            if (dot < 0)
            {
                break;
            }

            name = name[(dot + 1)..];
        }

        return labels > 1 || (rules & DomainNameRules.AllowSingleLabel) != 0;
    }

    // sub-domain = Let-dig [Ldh-str] ; Ldh-str = *( ALPHA / DIGIT / "-" ) Let-dig
    private static bool IsValidLabel(ReadOnlySpan<char> label, bool underscore)
    {
        if (label.IsEmpty || label.Length > MaxLabelLength || label[0] == '-' || label[^1] == '-')
        {
            return false;
        }

        foreach (char c in label)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && !(underscore && c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
