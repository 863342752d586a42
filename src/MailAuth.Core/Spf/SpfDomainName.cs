namespace MailAuth.Spf;

/// <summary>Domain-name checks used by SPF (RFC 7208 §4.3, §7.1 domain-end / toplabel).</summary>
internal static class SpfDomainName
{
    /// <summary>RFC 1035 §2.3.4: a label holds at most 63 octets.</summary>
    internal const int MaxLabelLength = 63;

    /// <summary>RFC 7208 §7.3: a domain name in dotted form holds at most 253 characters.</summary>
    internal const int MaxNameLength = 253;

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
        if (literalTail.Length > 0 && literalTail[^1] == '.')
        {
            literalTail = literalTail[..^1];
        }

        int dot = literalTail.LastIndexOf('.');
        return dot >= 0 && IsToplabel(literalTail[(dot + 1)..]);
    }

    /// <summary>
    /// True when <paramref name="name"/> can be sent as a DNS query: labels of 1–63 characters,
    /// at most 253 characters without the optional trailing dot (RFC 1035 §2.3.4).
    /// </summary>
    internal static bool IsQueryable(ReadOnlySpan<char> name)
    {
        if (name.Length > 0 && name[^1] == '.')
        {
            name = name[..^1];
        }

        if (name.IsEmpty || name.Length > MaxNameLength)
        {
            return false;
        }

        int labelLength = 0;
        foreach (char c in name)
        {
            if (c == '.')
            {
                if (labelLength == 0)
                {
                    return false;
                }

                labelLength = 0;
            }
            else if (++labelLength > MaxLabelLength)
            {
                return false;
            }
        }

        return labelLength > 0;
    }

    /// <summary>
    /// RFC 7208 §4.3: the &lt;domain&gt; of check_host() must be a well-formed, multi-label domain name
    /// (no address literal, no empty or over-long label, printable US-ASCII).
    /// </summary>
    internal static bool IsCheckableDomain(ReadOnlySpan<char> domain)
    {
        if (!IsQueryable(domain) || domain[0] == '[')
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

        ReadOnlySpan<char> trimmed = domain[^1] == '.' ? domain[..^1] : domain;
        return trimmed.Contains('.');
    }

    /// <summary>RFC 7208 §7.3: drop labels from the left until the name has at most 253 characters.</summary>
    internal static ReadOnlySpan<char> TruncateLeft(ReadOnlySpan<char> name)
    {
        while (name.Length > MaxNameLength)
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
