using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MailAuth.Spf;

/// <summary>The term grammar of RFC 7208 §4.6.1 and §12, over a span; one pass, errors with position.</summary>
internal static class SpfRecordParser
{
    /// <summary>Parses <c>*( 1*SP ( directive / modifier ) ) *SP</c> starting at <paramref name="start"/>.</summary>
    internal static bool TryParseTerms(ReadOnlySpan<char> text, int start, ref SpfArrayBuilder<SpfTerm> terms, out SpfModifier? redirect, out SpfModifier? explanation, out SpfParseError error)
    {
        redirect = null;
        explanation = null;
        int i = start;
        while (i < text.Length)
        {
            if (text[i] == ' ')
            {
                i++;
                continue;
            }

            if (i == start)
            {
                // The version must be followed by a space (§4.5); callers guarantee this, keep the parser total anyway.
                error = new SpfParseError("terms must be separated by spaces", i, string.Empty);
                return false;
            }

            int end = text[i..].IndexOf(' ');
            end = end < 0 ? text.Length : i + end;
            ReadOnlySpan<char> term = text[i..end];
            if (!TryParseTerm(term, i, out SpfTerm? parsed, out error))
            {
                return false;
            }

            if (parsed is SpfModifier { IsRedirect: true } r)
            {
                if (redirect is not null)
                {
                    error = new SpfParseError("more than one redirect modifier", i, term.ToString());
                    return false;
                }

                redirect = r;
            }
            else if (parsed is SpfModifier { IsExplanation: true } x)
            {
                if (explanation is not null)
                {
                    error = new SpfParseError("more than one exp modifier", i, term.ToString());
                    return false;
                }

                explanation = x;
            }

            terms.Add(parsed!);
            i = end;
        }

        error = default;
        return true;
    }

    private static bool TryParseTerm(ReadOnlySpan<char> term, int offset, [NotNullWhen(true)] out SpfTerm? parsed, out SpfParseError error)
    {
        parsed = null;
        for (int k = 0; k < term.Length; k++)
        {
            if (term[k] is < '!' or > '~')
            {
                error = new SpfParseError($"invalid character U+{(int)term[k]:X4}", offset + k, term.ToString());
                return false;
            }
        }

        // name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )
        int nameEnd = 0;
        while (nameEnd < term.Length && (char.IsAsciiLetterOrDigit(term[nameEnd]) || term[nameEnd] is '-' or '_' or '.'))
        {
            nameEnd++;
        }

        if (nameEnd < term.Length && term[nameEnd] == '=')
        {
            return TryParseModifier(term, nameEnd, offset, out parsed, out error);
        }

        return TryParseMechanism(term, offset, out parsed, out error);
    }

    // modifier = redirect / explanation / unknown-modifier ; unknown-modifier = name "=" macro-string
    private static bool TryParseModifier(ReadOnlySpan<char> term, int nameEnd, int offset, [NotNullWhen(true)] out SpfTerm? parsed, out SpfParseError error)
    {
        parsed = null;
        ReadOnlySpan<char> name = term[..nameEnd];
        if (name.IsEmpty || !char.IsAsciiLetter(name[0]))
        {
            error = new SpfParseError("a modifier name must start with a letter", offset, term.ToString());
            return false;
        }

        ReadOnlySpan<char> value = term[(nameEnd + 1)..];
        bool isRedirect = name.Equals("redirect", StringComparison.OrdinalIgnoreCase);
        bool isExp = name.Equals("exp", StringComparison.OrdinalIgnoreCase);
        SpfMacroSyntax syntax = isRedirect || isExp ? SpfMacroSyntax.DomainSpec : SpfMacroSyntax.ModifierValue;
        if (!SpfMacroString.TryParse(value, syntax, offset + nameEnd + 1, out SpfMacroString? spec, out error))
        {
            error = error with { Term = term.ToString() };
            return false;
        }

        string canonicalName = isRedirect ? "redirect" : isExp ? "exp" : name.ToString();
        parsed = new SpfModifier(canonicalName, spec!);
        return true;
    }

    // directive = [ qualifier ] mechanism
    private static bool TryParseMechanism(ReadOnlySpan<char> term, int offset, [NotNullWhen(true)] out SpfTerm? parsed, out SpfParseError error)
    {
        parsed = null;
        SpfQualifier qualifier = SpfQualifier.Pass;
        int i = 0;
        if (term.Length > 0 && term[0] is '+' or '-' or '~' or '?')
        {
            qualifier = term[0] switch { '-' => SpfQualifier.Fail, '~' => SpfQualifier.SoftFail, '?' => SpfQualifier.Neutral, _ => SpfQualifier.Pass };
            i = 1;
        }

        int nameStart = i;
        while (i < term.Length && char.IsAsciiLetterOrDigit(term[i]))
        {
            i++;
        }

        ReadOnlySpan<char> name = term[nameStart..i];
        ReadOnlySpan<char> rest = term[i..];
        SpfMechanismKind kind;
        if (name.Equals("all", StringComparison.OrdinalIgnoreCase)) kind = SpfMechanismKind.All;
        else if (name.Equals("include", StringComparison.OrdinalIgnoreCase)) kind = SpfMechanismKind.Include;
        else if (name.Equals("a", StringComparison.OrdinalIgnoreCase)) kind = SpfMechanismKind.A;
        else if (name.Equals("mx", StringComparison.OrdinalIgnoreCase)) kind = SpfMechanismKind.Mx;
        else if (name.Equals("ptr", StringComparison.OrdinalIgnoreCase)) kind = SpfMechanismKind.Ptr;
        else if (name.Equals("ip4", StringComparison.OrdinalIgnoreCase)) kind = SpfMechanismKind.Ip4;
        else if (name.Equals("ip6", StringComparison.OrdinalIgnoreCase)) kind = SpfMechanismKind.Ip6;
        else if (name.Equals("exists", StringComparison.OrdinalIgnoreCase)) kind = SpfMechanismKind.Exists;
        else
        {
            error = new SpfParseError("unknown mechanism", offset, term.ToString());
            return false;
        }

        int argOffset = offset + i;
        bool ok = kind switch
        {
            SpfMechanismKind.All => TryParseNoArgument(rest, argOffset, term, qualifier, kind, out parsed, out error),
            SpfMechanismKind.Include or SpfMechanismKind.Exists => TryParseDomainOnly(rest, argOffset, term, qualifier, kind, required: true, out parsed, out error),
            SpfMechanismKind.Ptr => TryParseDomainOnly(rest, argOffset, term, qualifier, kind, required: false, out parsed, out error),
            SpfMechanismKind.A or SpfMechanismKind.Mx => TryParseDomainAndCidr(rest, argOffset, term, qualifier, kind, out parsed, out error),
            _ => TryParseNetwork(rest, argOffset, term, qualifier, kind, out parsed, out error),
        };
        return ok;
    }

    private static bool TryParseNoArgument(ReadOnlySpan<char> rest, int offset, ReadOnlySpan<char> term, SpfQualifier qualifier, SpfMechanismKind kind, [NotNullWhen(true)] out SpfTerm? parsed, out SpfParseError error)
    {
        parsed = null;
        if (!rest.IsEmpty)
        {
            error = new SpfParseError("unexpected argument", offset, term.ToString());
            return false;
        }

        parsed = new SpfMechanism(qualifier, kind, null, null, null, null);
        error = default;
        return true;
    }

    private static bool TryParseDomainOnly(ReadOnlySpan<char> rest, int offset, ReadOnlySpan<char> term, SpfQualifier qualifier, SpfMechanismKind kind, bool required, [NotNullWhen(true)] out SpfTerm? parsed, out SpfParseError error)
    {
        parsed = null;
        if (rest.IsEmpty && !required)
        {
            parsed = new SpfMechanism(qualifier, kind, null, null, null, null);
            error = default;
            return true;
        }

        if (rest.IsEmpty || rest[0] != ':')
        {
            error = new SpfParseError(required ? "missing ':' domain-spec" : "unexpected argument", offset, term.ToString());
            return false;
        }

        if (!SpfMacroString.TryParse(rest[1..], SpfMacroSyntax.DomainSpec, offset + 1, out SpfMacroString? spec, out error))
        {
            error = error with { Term = term.ToString() };
            return false;
        }

        parsed = new SpfMechanism(qualifier, kind, spec, null, null, null);
        return true;
    }

    // a / mx = name [ ":" domain-spec ] [ dual-cidr-length ]
    // dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ] ; ip4-cidr-length = "/" ("0" / %x31-39 0*1DIGIT)
    private static bool TryParseDomainAndCidr(ReadOnlySpan<char> rest, int offset, ReadOnlySpan<char> term, SpfQualifier qualifier, SpfMechanismKind kind, [NotNullWhen(true)] out SpfTerm? parsed, out SpfParseError error)
    {
        parsed = null;

        // The CIDR suffix is the trailing run of digits and slashes, from its first slash.
        int cidrStart = rest.Length;
        while (cidrStart > 0 && (char.IsAsciiDigit(rest[cidrStart - 1]) || rest[cidrStart - 1] == '/'))
        {
            cidrStart--;
        }

        int slash = rest[cidrStart..].IndexOf('/');
        cidrStart = slash < 0 ? rest.Length : cidrStart + slash;
        ReadOnlySpan<char> domainPart = rest[..cidrStart];
        ReadOnlySpan<char> cidr = rest[cidrStart..];

        int? ip4 = null, ip6 = null;
        if (!cidr.IsEmpty)
        {
            int doubleSlash = cidr.IndexOf("//", StringComparison.Ordinal);
            ReadOnlySpan<char> four = doubleSlash < 0 ? cidr : cidr[..doubleSlash];
            ReadOnlySpan<char> six = doubleSlash < 0 ? default : cidr[(doubleSlash + 2)..];
            if ((!four.IsEmpty && !TryParsePrefix(four[1..], 32, four[0] == '/', out ip4)) || (doubleSlash >= 0 && !TryParsePrefix(six, 128, true, out ip6)))
            {
                error = new SpfParseError("invalid CIDR length", offset + cidrStart, term.ToString());
                return false;
            }
        }

        SpfMacroString? spec = null;
        if (!domainPart.IsEmpty)
        {
            if (domainPart[0] != ':')
            {
                error = new SpfParseError("unexpected argument", offset, term.ToString());
                return false;
            }

            if (!SpfMacroString.TryParse(domainPart[1..], SpfMacroSyntax.DomainSpec, offset + 1, out spec, out error))
            {
                error = error with { Term = term.ToString() };
                return false;
            }
        }

        parsed = new SpfMechanism(qualifier, kind, spec, null, ip4, ip6);
        error = default;
        return true;
    }

    // ip4 = "ip4" ":" ip4-network [ ip4-cidr-length ] ; ip6 = "ip6" ":" ip6-network [ ip6-cidr-length ]
    private static bool TryParseNetwork(ReadOnlySpan<char> rest, int offset, ReadOnlySpan<char> term, SpfQualifier qualifier, SpfMechanismKind kind, [NotNullWhen(true)] out SpfTerm? parsed, out SpfParseError error)
    {
        parsed = null;
        bool v4 = kind == SpfMechanismKind.Ip4;
        if (rest.IsEmpty || rest[0] != ':')
        {
            error = new SpfParseError("missing ':' network", offset, term.ToString());
            return false;
        }

        ReadOnlySpan<char> value = rest[1..];
        int slash = value.IndexOf('/');
        ReadOnlySpan<char> address = slash < 0 ? value : value[..slash];
        int? prefix = null;
        if (slash >= 0 && !TryParsePrefix(value[(slash + 1)..], v4 ? 32 : 128, true, out prefix))
        {
            error = new SpfParseError("invalid CIDR length", offset + 1 + slash, term.ToString());
            return false;
        }

        IPAddress? network = v4 ? ParseIp4(address) : ParseIp6(address);
        if (network is null)
        {
            error = new SpfParseError(v4 ? "invalid IPv4 network" : "invalid IPv6 network", offset + 1, term.ToString());
            return false;
        }

        parsed = new SpfMechanism(qualifier, kind, null, network, v4 ? prefix : null, v4 ? null : prefix);
        error = default;
        return true;
    }

    // "0" / %x31-39 0*1DIGIT (IPv4) or 0*2DIGIT (IPv6)
    private static bool TryParsePrefix(ReadOnlySpan<char> digits, int max, bool hadSlash, out int? value)
    {
        value = null;
        if (!hadSlash || digits.IsEmpty || digits.Length > 3 || (digits.Length > 1 && digits[0] == '0'))
        {
            return false;
        }

        foreach (char c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        int n = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        if (n > max)
        {
            return false;
        }

        value = n;
        return true;
    }

    // ip4-network = qnum "." qnum "." qnum "." qnum ; qnum = DIGIT / %x31-39 DIGIT / "1" 2DIGIT / "2" %x30-34 DIGIT / "25" %x30-35
    private static IPAddress? ParseIp4(ReadOnlySpan<char> text)
    {
        Span<byte> bytes = stackalloc byte[4];
        for (int part = 0; part < 4; part++)
        {
            int len = 0;
            while (len < text.Length && char.IsAsciiDigit(text[len]))
            {
                len++;
            }

            if (len is 0 or > 3 || (len > 1 && text[0] == '0'))
            {
                return null;
            }

            int n = int.Parse(text[..len], NumberStyles.None, CultureInfo.InvariantCulture);
            if (n > 255)
            {
                return null;
            }

            bytes[part] = (byte)n;
            text = text[len..];
            if (part < 3)
            {
                if (text.IsEmpty || text[0] != '.')
                {
                    return null;
                }

                text = text[1..];
            }
        }

        return text.IsEmpty ? new IPAddress(bytes) : null;
    }

    // ip6-network = <as per RFC 4291 §2.2>
    private static IPAddress? ParseIp6(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!(char.IsAsciiHexDigit(c) || c is ':' or '.'))
            {
                return null;
            }
        }

        return text.Contains(':') && IPAddress.TryParse(text, out IPAddress? address) && address.AddressFamily == AddressFamily.InterNetworkV6
            ? address
            : null;
    }
}
