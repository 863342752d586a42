using System.Globalization;
using System.Net.Sockets;
using System.Text;
using MailAuth.Text;

namespace MailAuth.Spf;

/// <summary>Macro expansion (RFC 7208 §7) for one evaluation.</summary>
internal sealed partial class SpfCheck
{
    /// <summary>RFC 5321 §4.5.3.1.2: a domain name holds at most 255 octets; longer <c>%{o}</c>/<c>%{h}</c> values are not expanded.</summary>
    internal const int MaxDomainOctets = 255;

    private StringBuilder? _expansion;
    private string? _dottedAddress;
    private string? _validatedDomain;
    private int _localPartOctets = -1;

    /// <summary>
    /// Expands a domain-spec into a target name (§7.3): trailing dot removed, left labels dropped beyond 253 characters.
    /// The name is built from the right into a buffer of 255 characters, so an expansion never holds more than that
    /// (the parts further left could only be dropped). <see langword="null"/> when an input is over its bound
    /// (the abort code and reason are then set).
    /// </summary>
    private async ValueTask<string?> ExpandDomainAsync(SpfMacroString spec, string domain)
    {
        if (spec.LiteralValue is { } literal)
        {
            ReadOnlySpan<char> trimmed = SpfDomainName.TruncateLeft(TrimDot(literal));
            return trimmed.Length == literal.Length ? literal : trimmed.ToString();
        }

        if (spec.UsesValidatedName && _validatedDomain is null)
        {
            _validatedDomain = await ComputeValidatedDomainAsync(domain).ConfigureAwait(false);
        }

        return ExpandDomainTail(spec.Tokens, domain);
    }

    // Cost: each token is expanded at most once (a bounded piece, see TryExpandToken), right to left, and the walk stops
    // once the buffer is full; so work and allocation are O(tokens) with a constant bound per token.
    private string? ExpandDomainTail(SpfMacroToken[] tokens, string domain)
    {
        // 253 characters of name, one dot at which the left part is cut, one trailing dot that is removed.
        const int Capacity = DomainName.MaxLength + 2;
        Span<char> tail = stackalloc char[Capacity];
        int start = Capacity;
        for (int t = tokens.Length - 1; t >= 0 && start > 0; t--)
        {
            if (!TryExpandToken(tokens[t], domain, out string piece))
            {
                return null;
            }

            int take = Math.Min(piece.Length, start);
            piece.AsSpan(piece.Length - take).CopyTo(tail[(start - take)..]);
            start -= take;
        }

        // When the buffer filled up, the kept text has at least 254 characters after the trailing dot is removed, so
        // TruncateLeft cuts at a dot inside it: the result is the longest suffix of whole labels of at most 253 (§7.3).
        ReadOnlySpan<char> name = tail[start..];
        if (name.Length > 1 && name[^1] == '.')
        {
            name = name[..^1];
        }

        return SpfDomainName.TruncateLeft(name).ToString();
    }

    internal async ValueTask<string?> ExpandForToolsAsync(SpfMacroString spec, string domain, bool explanation)
        => explanation ? await ExpandAsync(spec, domain).ConfigureAwait(false) : await ExpandDomainAsync(spec, domain).ConfigureAwait(false);

    /// <summary>
    /// Expands an explain-string (§6.2), keeping at most <see cref="SpfOptions.MaxExplanationLength"/> characters: the
    /// expansion stops once that many are written. <see langword="null"/> when an input is over its bound.
    /// </summary>
    private async ValueTask<string?> ExpandAsync(SpfMacroString spec, string domain)
    {
        int max = _options.MaxExplanationLength;
        if (spec.LiteralValue is { } literal)
        {
            return literal.Length <= max ? literal : literal[..max];
        }

        if (spec.UsesValidatedName && _validatedDomain is null)
        {
            _validatedDomain = await ComputeValidatedDomainAsync(domain).ConfigureAwait(false);
        }

        StringBuilder sb = _expansion?.Clear() ?? (_expansion = new StringBuilder(64));
        foreach (SpfMacroToken token in spec.Tokens)
        {
            if (!TryExpandToken(token, domain, out string piece))
            {
                return null;
            }

            int room = max - sb.Length;
            if (piece.Length >= room)
            {
                sb.Append(piece, 0, room);
                break;
            }

            sb.Append(piece);
        }

        return sb.ToString();
    }

    /// <summary>
    /// One token's text. Its length is bounded because every input is: local-part ≤ MaxLocalPartLength octets,
    /// domains and HELO ≤ 255 octets (RFC 5321 §4.5.3.1), so even URL-escaped (§7.3) a piece is at most a few KB.
    /// </summary>
    private bool TryExpandToken(SpfMacroToken token, string domain, out string piece)
    {
        if (token.Literal is { } text)
        {
            piece = text;
            return true;
        }

        if (!TryMacroValue(token.Letter, domain, out string value))
        {
            piece = string.Empty;
            return false;
        }

        if (token.Digits != 0 || token.Reverse || token.Delimiters is not null)
        {
            value = Transform(value, token);
        }

        // §7.3: upper-case macro letters are URL-escaped: every character outside the unreserved set (RFC 3986).
        piece = token.UrlEscape ? Uri.EscapeDataString(value) : value;
        return true;
    }

    private bool TryMacroValue(char letter, string domain, out string value)
    {
        // RFC 5321 §4.5.3.1.1: a local-part holds at most 64 octets. A longer one is not a valid <sender>; a macro
        // that needs it cannot be expanded, which check_host() treats like a record it cannot use: permerror.
        if (letter is 'l' or 's' && LocalPartOctets > _options.MaxLocalPartLength)
        {
            value = string.Empty;
            _ = Abort(SpfStatus.PermError, SpfProblem.LocalPartTooLong, $"the local-part of <sender> has {LocalPartOctets} octets, more than the {_options.MaxLocalPartLength} that macros expand (RFC 5321 §4.5.3.1.1)");
            return false;
        }

        if (letter is 's' or 'o' && SenderDomain.Length > MaxDomainOctets)
        {
            value = string.Empty;
            _ = Abort(SpfStatus.PermError, SpfProblem.DomainTooLong, $"the domain of <sender> has {SenderDomain.Length} characters, more than the {MaxDomainOctets} of a domain name (RFC 5321 §4.5.3.1.2)");
            return false;
        }

        if (letter == 'h' && Helo is { Length: > MaxDomainOctets })
        {
            value = string.Empty;
            _ = Abort(SpfStatus.PermError, SpfProblem.DomainTooLong, $"the HELO name has {Helo.Length} characters, more than the {MaxDomainOctets} of a domain name (RFC 5321 §4.5.3.1.2)");
            return false;
        }

        value = MacroValue(letter, domain);
        return true;
    }

    /// <summary>The UTF-8 length of the local-part, counted without copying it (the sender may be huge).</summary>
    private int LocalPartOctets
    {
        get
        {
            if (_localPartOctets < 0)
            {
                int at = Sender.LastIndexOf('@');
                _localPartOctets = at > 0 ? Encoding.UTF8.GetByteCount(Sender.AsSpan(0, at)) : "postmaster".Length;
            }

            return _localPartOctets;
        }
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
