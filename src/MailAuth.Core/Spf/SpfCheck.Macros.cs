using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace MailAuth.Spf;

/// <summary>Macro expansion (RFC 7208 §7) for one evaluation.</summary>
internal sealed partial class SpfCheck
{
    private StringBuilder? _expansion;
    private string? _dottedAddress;
    private string? _validatedDomain;

    /// <summary>Expands a domain-spec into a target name (§7.3): trailing dot removed, left labels dropped beyond 253 characters.</summary>
    private async ValueTask<string> ExpandDomainAsync(SpfMacroString spec, string domain)
    {
        string expanded = spec.LiteralValue ?? await ExpandAsync(spec, domain).ConfigureAwait(false);
        ReadOnlySpan<char> name = SpfDomainName.TruncateLeft(TrimDot(expanded));
        return name.Length == expanded.Length ? expanded : name.ToString();
    }

    internal ValueTask<string> ExpandForToolsAsync(SpfMacroString spec, string domain, bool explanation)
        => explanation ? ExpandAsync(spec, domain) : ExpandDomainAsync(spec, domain);

    private async ValueTask<string> ExpandAsync(SpfMacroString spec, string domain)
    {
        if (spec.LiteralValue is { } literal)
        {
            return literal;
        }

        if (spec.UsesValidatedName && _validatedDomain is null)
        {
            _validatedDomain = await ComputeValidatedDomainAsync(domain).ConfigureAwait(false);
        }

        StringBuilder sb = _expansion?.Clear() ?? (_expansion = new StringBuilder(64));
        foreach (SpfMacroToken token in spec.Tokens)
        {
            if (token.Literal is { } text)
            {
                sb.Append(text);
                continue;
            }

            string value = MacroValue(token.Letter, domain);
            if (token.Digits == 0 && !token.Reverse && token.Delimiters is null)
            {
                AppendValue(sb, value, token.UrlEscape);
                continue;
            }

            string transformed = Transform(value, token);
            AppendValue(sb, transformed, token.UrlEscape);
        }

        return sb.ToString();
    }

    private static void AppendValue(StringBuilder sb, string value, bool urlEscape)
    {
        // §7.3: upper-case macro letters are URL-escaped: every character outside the unreserved set (RFC 3986).
        sb.Append(urlEscape ? Uri.EscapeDataString(value) : value);
    }

    // §7.3: split on the delimiters, optionally reverse, keep the right-most N parts, join with ".".
    private static string Transform(string value, SpfMacroToken token)
    {
        string delimiters = token.Delimiters ?? ".";
        string[] parts = value.Split(delimiters.ToCharArray());
        if (token.Reverse)
        {
            Array.Reverse(parts);
        }

        int keep = token.Digits == 0 ? parts.Length : Math.Min(token.Digits, parts.Length);
        return string.Join('.', parts, parts.Length - keep, keep);
    }

    private string MacroValue(char letter, string domain) => letter switch
    {
        's' => Sender,
        'l' => LocalPart,
        'o' => SenderDomain,
        'd' => domain,
        'i' => _dottedAddress ??= DottedAddress(),
        'p' => _validatedDomain ?? "unknown",
        'v' => IsV6 ? "ip6" : "in-addr",
        'h' => Helo ?? string.Empty,
        'c' => Address.ToString(),
        'r' => _options.ReceiverName,
        't' => _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        _ => string.Empty,
    };

    // §7.3: IPv4 in dotted-quad form; IPv6 as 32 dot-separated nibbles (upper-case hex, as the openspf suite expects).
    private string DottedAddress()
    {
        if (Family == AddressFamily.InterNetwork)
        {
            return Address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        _ = Address.TryWriteBytes(bytes, out _);
        return string.Create(63, bytes.ToArray(), static (dest, src) =>
        {
            const string Hex = "0123456789ABCDEF";
            for (int i = 0; i < 16; i++)
            {
                dest[i * 4] = Hex[src[i] >> 4];
                dest[(i * 4) + 1] = '.';
                dest[(i * 4) + 2] = Hex[src[i] & 0xF];
                if (i < 15)
                {
                    dest[(i * 4) + 3] = '.';
                }
            }
        });
    }

    /// <summary>§7.3 "p": a validated name equal to or below &lt;domain&gt; if any, else any validated name, else "unknown".</summary>
    private async ValueTask<string> ComputeValidatedDomainAsync(string domain)
    {
        List<string>? names = await GetValidatedNamesAsync().ConfigureAwait(false);
        if (names is null || names.Count == 0)
        {
            return "unknown";
        }

        foreach (string name in names)
        {
            if (IsSameOrSubdomain(name, domain))
            {
                return name;
            }
        }

        return names[0];
    }
}
