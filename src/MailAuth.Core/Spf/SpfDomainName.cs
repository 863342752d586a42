using MailAuth.Text;

namespace MailAuth.Spf;

/// <summary>
/// SPF's own domain syntax (RFC 7208 §4.3, §7.1 domain-end / toplabel), on top of the shared name limits and
/// normalisation of <see cref="DomainName"/>.
/// </summary>
internal static class SpfDomainName
{
    // toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
    internal static bool IsToplabel(ReadOnlySpan<char> label)
    {
        if (label.IsEmpty || label[0] == '-' || label[^1] == '-')
        {
            return false;
        }

        bool hasAlpha = false, hasDash = false;
        foreach (char c in label)
        {
            if (char.IsAsciiLetter(c))
            {
                hasAlpha = true;
            }
            else if (c == '-')
            {
                hasDash = true;
            }
            else if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return hasAlpha || hasDash;
    }

    // domain-end = ( "." toplabel [ "." ] ) / macro-expand ; here: the literal tail after the last macro-expand.
    internal static bool EndsWithDotToplabel(ReadOnlySpan<char> literalTail)
    {
        literalTail = DomainName.TrimTrailingDot(literalTail);

        int dot = literalTail.LastIndexOf('.');
        return dot >= 0 && IsToplabel(literalTail[(dot + 1)..]);
    }

    /// <summary>
    /// RFC 7208 §4.3: the &lt;domain&gt; of check_host() must be a well-formed, multi-label domain name
    /// (no address literal, no empty or over-long label, printable US-ASCII).
    /// </summary>
    internal static bool IsCheckableDomain(ReadOnlySpan<char> domain)
    {
        if (!DomainName.IsQueryable(domain) || domain[0] == '[')
        {
            return false;
        }

        foreach (char c in domain)
        {
            if (c is <= ' ' or > '~' or '@')
            {
                return false;
            }
        }

        return DomainName.TrimTrailingDot(domain).Contains('.');
    }

    /// <summary>RFC 7208 §7.3 (with RFC 1035 §2.3.4 limits): drop labels from the left until the name has at most 253 characters.</summary>
    internal static ReadOnlySpan<char> TruncateLeft(ReadOnlySpan<char> name)
    {
        while (name.Length > DomainName.MaxLength)
        {
            int dot = name.IndexOf('.');
            if (dot < 0)
            {
                return name;
            }

            name = name[(dot + 1)..];
        }

        return name;
    }
}
