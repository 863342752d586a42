using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using MailAuth.Keys;
using MailAuth.Text;

namespace MailAuth.Dkim;

/// <summary>
/// A parsed DKIM-Signature header field value (RFC 6376 §3.5), checked as §6.1.1 requires: required tags present,
/// <c>v=1</c>, known algorithm and canonicalization, <c>i=</c> within <c>d=</c>, <c>h=</c> containing From,
/// <c>x=</c> not before <c>t=</c>. Unknown tags are ignored. Immutable.
/// </summary>
public sealed class DkimSignature
{
    // 12 digits of seconds is what RFC 6376 §3.5 asks verifiers to handle for t= and x=; 76 digits for l=.
    private const int MaxTimestampDigits = 12;
    private const int MaxLengthDigits = 76;

    private DkimSignature()
    {
    }

    /// <summary><c>a=</c>: the signing algorithm.</summary>
    public DkimAlgorithm Algorithm { get; private init; }

    /// <summary><c>b=</c>: the signature, decoded.</summary>
    public ReadOnlyMemory<byte> Signature { get; private init; }

    /// <summary><c>b=</c> as base64 text with folding whitespace removed (its prefix is the <c>header.b</c> of RFC 6008).</summary>
    public string SignatureBase64 { get; private init; } = string.Empty;

    /// <summary><c>bh=</c>: the body hash, decoded.</summary>
    public ReadOnlyMemory<byte> BodyHash { get; private init; }

    /// <summary><c>c=</c> header part (default simple).</summary>
    public DkimCanonicalization HeaderCanonicalization { get; private init; }

    /// <summary><c>c=</c> body part (default simple).</summary>
    public DkimCanonicalization BodyCanonicalization { get; private init; }

    /// <summary><c>d=</c>: the signing domain (SDID), as written.</summary>
    public string Domain { get; private init; } = string.Empty;

    /// <summary><c>s=</c>: the selector.</summary>
    public string Selector { get; private init; } = string.Empty;

    /// <summary><c>h=</c>: the signed header field names, in order, as written (compare case-insensitively).</summary>
    public IReadOnlyList<string> SignedHeaders { get; private init; } = [];

    /// <summary><c>i=</c>: the agent or user identifier (AUID); "@" + <c>d=</c> when absent (RFC 6376 §3.5).</summary>
    public string Identity { get; private init; } = string.Empty;

    /// <summary><see langword="true"/> when <c>i=</c> was present.</summary>
    public bool HasIdentity { get; private init; }

    /// <summary>The domain part of <see cref="Identity"/>.</summary>
    public string IdentityDomain { get; private init; } = string.Empty;

    /// <summary><c>l=</c>: the number of canonical body octets signed, or <see langword="null"/> for the whole body (RFC 6376 §3.4.5).</summary>
    public long? BodyLength { get; private init; }

    /// <summary><c>t=</c>: signing time, or <see langword="null"/>.</summary>
    public DateTimeOffset? Timestamp { get; private init; }

    /// <summary><c>x=</c>: expiration time, or <see langword="null"/>.</summary>
    public DateTimeOffset? Expiration { get; private init; }

    /// <summary><c>z=</c>: copied header fields, raw (diagnostic only), or <see langword="null"/>.</summary>
    public string? CopiedHeaders { get; private init; }

    /// <summary><c>z=</c> decoded: one "name:value" entry per copied header field, the dkim-quoted-printable undone (RFC 6376 §3.5, §2.11); empty without <c>z=</c>.</summary>
    public IReadOnlyList<string> CopiedHeaderFields { get; private init; } = [];

    /// <summary>The offsets of the <c>b=</c> value in the parsed text, from just after "=" to just before the terminating ";" or the end
    /// (the part deleted from the field before hashing it, RFC 6376 §3.7).</summary>
    internal Range SignatureValueRange { get; private init; }

    /// <summary>Where the <c>bh=</c> value lies in the parsed text (where a template's empty value is filled in).</summary>
    internal Range BodyHashValueRange { get; private init; }

    /// <summary>Parses a DKIM-Signature field value.</summary>
    /// <param name="value">The field value (after "DKIM-Signature:"), folding included.</param>
    /// <param name="signature">The signature.</param>
    /// <param name="error">The reason it is invalid, or <see cref="DkimParseError.None"/>.</param>
    /// <returns><see langword="true"/> when the value is a valid signature.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out DkimSignature? signature, out DkimParseError error) =>
        TryParseCore(value, DkimTagProfiles.DkimSignature, out signature, out error);

    /// <summary>
    /// Parses a signature under a DKIM-Signature profile: <see cref="DkimTagProfiles.DkimSignature"/>, or
    /// <see cref="DkimTagProfiles.DkimSignatureTemplate"/> for a signing template (the same checks, except that
    /// <c>b=</c> must be empty and <c>bh=</c> may be empty: the signer fills both, RFC 6376 §5).
    /// </summary>
    /// <param name="value">The field value.</param>
    /// <param name="profile">The tag rules; its <c>i=</c> must be the AUID.</param>
    /// <param name="signature">The signature (a template's <see cref="Signature"/> is empty).</param>
    /// <param name="error">The reason it is invalid, or <see cref="DkimParseError.None"/>.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    internal static bool TryParseCore(ReadOnlySpan<char> value, DkimTagProfile profile, [NotNullWhen(true)] out DkimSignature? signature, out DkimParseError error)
    {
        System.Diagnostics.Debug.Assert(profile.Identity == DkimIdentityTag.Auid && profile.BodyHashValue != DkimValueRule.NotUsed, "DkimSignature reads DKIM-Signature profiles only");
        signature = null;
        Span<TagRange> tags = stackalloc TagRange[TagList.DefaultMaxTags];
        if (!TagList.TryParse(value, tags, out int count, out var tagError))
        {
            error = new DkimParseError(DkimProblem.MalformedSignature, "signature syntax error: " + tagError.Description, tagError.Position);
            return false;
        }

        tags = tags[..count];
        if (!profile.TryCheckTags(value, tags, out error))
        {
            return false;
        }

        int ai = TagList.IndexOf(value, tags, "a");
        if (!DkimAlgorithms.TryParseAlgorithm(value[tags[ai].Value], out var algorithm))
        {
            return Fail(out error, DkimProblem.UnsupportedAlgorithm, $"unsupported algorithm '{value[tags[ai].Value]}'", tags[ai].ValueStart);
        }

        var headerCanon = DkimCanonicalization.Simple;
        var bodyCanon = DkimCanonicalization.Simple;
        if (TagList.TryGetValue(value, tags, "c", out var c))
        {
            int slash = c.IndexOf('/');
            var h = slash < 0 ? c : c[..slash];
            var b = slash < 0 ? "simple" : c[(slash + 1)..];
            if (!DkimAlgorithms.TryParseCanonicalization(h, out headerCanon) || !DkimAlgorithms.TryParseCanonicalization(b, out bodyCanon))
            {
                return Fail(out error, DkimProblem.UnsupportedCanonicalization, $"unsupported canonicalization '{c}'", -1);
            }
        }

        if (TagList.TryGetValue(value, tags, "q", out var q) && !HasDnsTxt(q))
        {
            return Fail(out error, DkimProblem.UnsupportedQueryMethod, $"unsupported query method '{q}'", -1);
        }

        var domain = Fws.Trim(value[tags[TagList.IndexOf(value, tags, "d")].Value]);
        if (!DomainName.IsValid(domain, DomainNameRules.AllowUnderscore | DomainNameRules.AllowSingleLabel))
        {
            return Fail(out error, DkimProblem.MalformedSignature, $"invalid d= domain '{domain}'", -1);
        }

        var selector = value[tags[TagList.IndexOf(value, tags, "s")].Value];
        if (!DomainName.IsValid(selector, DomainNameRules.AllowUnderscore | DomainNameRules.AllowSingleLabel))
        {
            return Fail(out error, DkimProblem.MalformedSignature, $"invalid s= selector '{selector}'", -1);
        }

        var signedHeaders = ParseHeaderList(value[tags[TagList.IndexOf(value, tags, "h")].Value]);
        if (signedHeaders is null)
        {
            return Fail(out error, DkimProblem.MalformedSignature, "invalid h= header list", -1);
        }

        if (profile.RequiresFromSigned && !signedHeaders.Contains("from", StringComparer.OrdinalIgnoreCase))
        {
            return Fail(out error, DkimProblem.FromNotSigned, "From field not signed (h= lacks From)", -1);
        }

        int bi = TagList.IndexOf(value, tags, "b");
        byte[] signatureBytes = [];
        string signatureText = string.Empty;
        if (profile.SignatureValue == DkimValueRule.Empty)
        {
            if (!Fws.Trim(value[tags[bi].Value]).IsEmpty)
            {
                return Fail(out error, DkimProblem.MalformedSignature, "b= must be empty in a signing template", tags[bi].ValueStart);
            }
        }
        else if (!TryDecodeBase64(value[tags[bi].Value], out signatureBytes, out signatureText))
        {
            return Fail(out error, DkimProblem.MalformedBase64, "b= is not valid base64", tags[bi].ValueStart);
        }

        int bhi = TagList.IndexOf(value, tags, "bh");
        byte[] bodyHash = [];
        bool bodyHashEmpty = profile.BodyHashValue == DkimValueRule.Base64OrEmpty && Fws.Trim(value[tags[bhi].Value]).IsEmpty;
        if (!bodyHashEmpty && !TryDecodeBase64(value[tags[bhi].Value], out bodyHash, out _))
        {
            return Fail(out error, DkimProblem.MalformedBase64, "bh= is not valid base64", tags[bhi].ValueStart);
        }

        string domainText = domain.ToString();
        string identity = "@" + domainText;
        string identityDomain = domainText;
        bool hasIdentity = TagList.TryGetValue(value, tags, "i", out var i);
        if (hasIdentity)
        {
            // sig-i-tag = [ Local-part ] "@" domain-name, in dkim-quoted-printable (RFC 6376 §3.5): decode first,
            // then split at the last "@" and check the domain (i=jlong=40messiah.edu is jlong@messiah.edu).
            if (!DkimText.TryDecodeQuotedPrintable(i, out string? decodedIdentity))
            {
                return Fail(out error, DkimProblem.MalformedSignature, "i= is not dkim-quoted-printable", -1);
            }

            int at = decodedIdentity.LastIndexOf('@');
            if (at < 0)
            {
                return Fail(out error, DkimProblem.MalformedSignature, "i= lacks '@'", -1);
            }

            var idDomain = decodedIdentity.AsSpan(at + 1);
            if (!DomainName.IsValid(idDomain, DomainNameRules.AllowUnderscore | DomainNameRules.AllowSingleLabel))
            {
                return Fail(out error, DkimProblem.MalformedSignature, "invalid i= domain", -1);
            }

            if (!IsSameOrSubdomain(idDomain, domain))
            {
                return Fail(out error, DkimProblem.DomainMismatch, $"domain mismatch: i= domain '{idDomain}' is not d= '{domainText}' or a subdomain of it", -1);
            }

            identity = decodedIdentity;
            identityDomain = idDomain.ToString();
        }

        long? bodyLength = null;
        if (TagList.TryGetValue(value, tags, "l", out var l))
        {
            if (!TryParseDigits(l, MaxLengthDigits, out long length))
            {
                return Fail(out error, DkimProblem.MalformedSignature, "l= is not a decimal number", -1);
            }

            bodyLength = length;
        }

        long? t = null;
        long? x = null;
        if (TagList.TryGetValue(value, tags, "t", out var tv))
        {
            if (!TryParseDigits(tv, MaxTimestampDigits, out long seconds))
            {
                return Fail(out error, DkimProblem.MalformedSignature, "t= is not a timestamp", -1);
            }

            t = seconds;
        }

        if (TagList.TryGetValue(value, tags, "x", out var xv))
        {
            if (!TryParseDigits(xv, MaxTimestampDigits, out long seconds))
            {
                return Fail(out error, DkimProblem.MalformedSignature, "x= is not a timestamp", -1);
            }

            x = seconds;
        }

        // RFC 6376 §3.5 x=: "the value of the "x=" tag MUST be greater than the value of the "t=" tag".
        if (t is not null && x is not null && x <= t)
        {
            return Fail(out error, DkimProblem.InvalidExpiration, "x= is not later than t=", -1);
        }

        string? copied = null;
        string[] copiedFields = [];
        if (TagList.TryGetValue(value, tags, "z", out var z))
        {
            copied = z.ToString();
            copiedFields = DecodeCopiedHeaders(z);
        }

        // The b= value to delete spans from after "=" to the terminator, surrounding FWS included (RFC 6376 §3.7).
        int bValueStart = tags[bi].NameStart + tags[bi].NameLength;
        bValueStart = value.Slice(bValueStart).IndexOf('=') + bValueStart + 1;
        int bValueEnd = value.Slice(bValueStart).IndexOf(';');
        bValueEnd = bValueEnd < 0 ? value.Length : bValueStart + bValueEnd;

        signature = new DkimSignature
        {
            Algorithm = algorithm,
            Signature = signatureBytes,
            SignatureBase64 = signatureText,
            BodyHash = bodyHash,
            HeaderCanonicalization = headerCanon,
            BodyCanonicalization = bodyCanon,
            Domain = domainText,
            Selector = selector.ToString(),
            SignedHeaders = signedHeaders,
            Identity = identity,
            HasIdentity = hasIdentity,
            IdentityDomain = identityDomain,
            BodyLength = bodyLength,
            Timestamp = t is null ? null : FromUnix(t.Value),
            Expiration = x is null ? null : FromUnix(x.Value),
            CopiedHeaders = copied,
            CopiedHeaderFields = copiedFields,
            SignatureValueRange = new Range(bValueStart, bValueEnd),
            BodyHashValueRange = tags[bhi].Value,
        };
        error = DkimParseError.None;
        return true;
    }

    /// <summary>Parses a DKIM-Signature field value; see <see cref="TryParse"/>.</summary>
    /// <param name="value">The field value.</param>
    /// <returns>The signature.</returns>
    /// <exception cref="FormatException">The value is not a valid signature.</exception>
    public static DkimSignature Parse(ReadOnlySpan<char> value) =>
        TryParse(value, out var signature, out var error) ? signature : throw new FormatException(error.ToString());

    internal static bool IsSameOrSubdomain(ReadOnlySpan<char> name, ReadOnlySpan<char> domain)
    {
        name = name.TrimEnd('.');
        domain = domain.TrimEnd('.');
        if (name.Equals(domain, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return name.Length > domain.Length
            && name[^(domain.Length + 1)] == '.'
            && name[^domain.Length..].Equals(domain, StringComparison.OrdinalIgnoreCase);
    }

    internal static bool TryDecodeBase64(ReadOnlySpan<char> text, out byte[] bytes, out string compact) =>
        TryDecodeBase64(text, out bytes, out compact, keepCompact: true);

    /// <summary>Decodes a base64 tag value with FWS (RFC 6376 §3.5) into a new array of the exact length; nothing else is allocated.</summary>
    internal static bool TryDecodeBase64(ReadOnlySpan<char> text, out byte[] bytes) =>
        TryDecodeBase64(text, out bytes, out _, keepCompact: false);

    private static bool TryDecodeBase64(ReadOnlySpan<char> text, out byte[] bytes, out string compact, bool keepCompact)
    {
        const int StackChars = 1024;
        char[]? rentedChars = null;
        byte[]? rentedBytes = null;
        try
        {
            Span<char> stripped = text.Length <= StackChars ? stackalloc char[text.Length] : (rentedChars = ArrayPool<char>.Shared.Rent(text.Length));
            int n = Fws.Strip(text, stripped);
            stripped = stripped[..n];
            int max = Base64Text.GetMaxDecodedLength(n);
            Span<byte> buffer = max <= StackChars ? stackalloc byte[max] : (rentedBytes = ArrayPool<byte>.Shared.Rent(max));
            if (n == 0 || !Base64Text.TryDecode(stripped, buffer, out int written))
            {
                bytes = [];
                compact = string.Empty;
                return false;
            }

            bytes = buffer[..written].ToArray();
            compact = keepCompact ? stripped.ToString() : string.Empty;
            return true;
        }
        finally
        {
            if (rentedChars is not null)
            {
                ArrayPool<char>.Shared.Return(rentedChars);
            }

            if (rentedBytes is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedBytes);
            }
        }
    }

    // sig-q-tag = %x71 [FWS] "=" [FWS] sig-q-tag-method *([FWS] ":" [FWS] sig-q-tag-method)
    internal static bool HasDnsTxt(ReadOnlySpan<char> q)
    {
        bool done = false;
        while (DkimText.TryTakeItem(ref q, out var method, ref done))
        {
            int slash = method.IndexOf('/');
            var type = slash < 0 ? method : method[..slash];
            var options = slash < 0 ? "txt" : method[(slash + 1)..];
            if (type.Equals("dns", StringComparison.OrdinalIgnoreCase) && options.Equals("txt", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // sig-h-tag = %x68 [FWS] "=" [FWS] hdr-name *( [FWS] ":" [FWS] hdr-name )
    private static string[]? ParseHeaderList(ReadOnlySpan<char> h)
    {
        int count = h.Count(':') + 1;
        var names = new string[count];
        int n = 0;
        bool done = false;
        while (DkimText.TryTakeItem(ref h, out var name, ref done))
        {
            if (name.IsEmpty)
            {
                return null;
            }

            // field-name = 1*ftext; ftext = %d33-57 / %d59-126
            foreach (char ch in name)
            {
                if (ch is < '!' or > '~')
                {
                    return null;
                }
            }

            names[n++] = name.ToString();
        }

        return names;
    }

    // sig-z-tag = %x7A [FWS] "=" [FWS] sig-z-tag-copy *( "|" [FWS] sig-z-tag-copy )
    // sig-z-tag-copy = hdr-name [FWS] ":" qp-hdr-value   (dkim-quoted-printable with "|" encoded)
    // z= is diagnostic only (§3.5): an entry that does not decode is kept as written instead of failing the signature.
    private static string[] DecodeCopiedHeaders(ReadOnlySpan<char> z)
    {
        var fields = new string[z.Count('|') + 1];
        int n = 0;
        while (true)
        {
            int bar = z.IndexOf('|');
            var entry = Fws.Trim(bar < 0 ? z : z[..bar]);
            fields[n++] = DkimText.TryDecodeQuotedPrintable(entry, out string? decoded) ? decoded : entry.ToString();
            if (bar < 0)
            {
                break;
            }

            z = z[(bar + 1)..];
        }

        return fields;
    }

    internal static bool TryParseDigits(ReadOnlySpan<char> text, int maxDigits, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > maxDigits)
        {
            return false;
        }

        foreach (char ch in text)
        {
            if (!char.IsAsciiDigit(ch))
            {
                return false;
            }

            // Values beyond long are clamped: no real body or clock reaches them, and a clamped l= just fails to match.
            value = value > (long.MaxValue - 9) / 10 ? long.MaxValue : (value * 10) + (ch - '0');
        }

        return true;
    }

    internal static DateTimeOffset FromUnix(long seconds) =>
        seconds > 253402300799 ? DateTimeOffset.MaxValue : DateTimeOffset.FromUnixTimeSeconds(seconds);

    private static bool Fail(out DkimParseError error, DkimProblem problem, string message, int position)
    {
        error = new DkimParseError(problem, message, position);
        return false;
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"d={Domain} s={Selector} a={DkimAlgorithms.GetName(Algorithm)} b={SignatureBase64[..Math.Min(8, SignatureBase64.Length)]}");
}
