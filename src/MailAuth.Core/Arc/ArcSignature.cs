using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using MailAuth.Dkim;
using MailAuth.Keys;
using MailAuth.Text;

namespace MailAuth.Arc;

/// <summary>
/// A parsed ARC-Message-Signature (RFC 8617 §4.1.2: DKIM-Signature syntax, no <c>v=</c>, <c>i=</c> the instance) or
/// ARC-Seal (§4.1.3: tags i, cv, a, b, d, s, t; no <c>h=</c>, no body hash, relaxed headers only) field value, checked
/// against its <see cref="DkimTagProfile"/>. Text offsets are those of the value as decoded one char per octet.
/// </summary>
internal sealed class ArcSignature
{
    // Instances are 1-50 (RFC 8617 §4.2.1); more digits than this cannot be a valid instance.
    private const int MaxInstanceDigits = 3;

    public int Instance { get; private init; }

    public DkimAlgorithm Algorithm { get; private init; }

    public string AlgorithmName { get; private init; } = string.Empty;

    public byte[] Signature { get; private init; } = [];

    public byte[] BodyHash { get; private init; } = [];

    public DkimCanonicalization HeaderCanonicalization { get; private init; } = DkimCanonicalization.Relaxed;

    public DkimCanonicalization BodyCanonicalization { get; private init; }

    public string Domain { get; private init; } = string.Empty;

    public string Selector { get; private init; } = string.Empty;

    public IReadOnlyList<string> SignedHeaders { get; private init; } = [];

    public long? BodyLength { get; private init; }

    public DateTimeOffset? Timestamp { get; private init; }

    public DateTimeOffset? Expiration { get; private init; }

    /// <summary>The ARC-Seal <c>cv=</c> value, lower case; <see langword="null"/> for an AMS.</summary>
    public string? ChainValidation { get; private init; }

    /// <summary>The <c>b=</c> value in the parsed text, from after "=" to before ";" or the end (deleted before hashing, RFC 6376 §3.7).</summary>
    public Range SignatureValueRange { get; private init; }

    /// <summary>Reads just the instance of an AMS or AS value (RFC 8617 §4.2.1).</summary>
    /// <param name="value">The field value.</param>
    /// <param name="instance">The instance, 0 when it is unreadable.</param>
    /// <returns><see langword="false"/> when the tag-list does not parse or has no valid <c>i=</c>.</returns>
    public static bool TryReadInstance(ReadOnlySpan<char> value, out int instance)
    {
        Span<TagRange> tags = stackalloc TagRange[TagList.DefaultMaxTags];
        return TryReadInstance(value, tags, out _, out instance);
    }

    /// <summary>As <see cref="TryReadInstance(ReadOnlySpan{char}, out int)"/>, keeping the parsed tags for <see cref="TryParse(ReadOnlySpan{char}, ReadOnlySpan{TagRange}, DkimTagProfile, out ArcSignature?, out ArcProblem, out string?)"/>.</summary>
    /// <param name="value">The field value.</param>
    /// <param name="tags">Receives the tags; <see cref="TagList.DefaultMaxTags"/> long.</param>
    /// <param name="count">The number of tags written.</param>
    /// <param name="instance">The instance, 0 when it is unreadable.</param>
    /// <returns><see langword="false"/> when the tag-list does not parse or has no valid <c>i=</c>.</returns>
    public static bool TryReadInstance(ReadOnlySpan<char> value, Span<TagRange> tags, out int count, out int instance)
    {
        instance = 0;
        return TagList.TryParse(value, tags, out count, out _)
            && TagList.TryGetValue(value, tags[..count], "i", out var i)
            && TryParseInstance(i, out instance);
    }

    /// <summary>Reads an instance value: 1*DIGIT (RFC 8617 §4.2.1, <c>instance = [CFWS] %s"i" [CFWS] "=" [CFWS] inst-value</c>).</summary>
    /// <param name="text">The digits.</param>
    /// <param name="instance">The value (may be outside 1–50).</param>
    /// <returns><see langword="false"/> when <paramref name="text"/> is not a small decimal number.</returns>
    public static bool TryParseInstance(ReadOnlySpan<char> text, out int instance)
    {
        instance = 0;
        text = Fws.Trim(text);
        if (text.IsEmpty || text.Length > MaxInstanceDigits)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        instance = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>Parses an AMS or AS value under <paramref name="profile"/>.</summary>
    /// <param name="value">The field value, decoded one char per octet.</param>
    /// <param name="profile"><see cref="DkimTagProfiles.ArcMessageSignature"/> or <see cref="DkimTagProfiles.ArcSeal"/>.</param>
    /// <param name="signature">The parsed value.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="reason">Why, for the result.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, DkimTagProfile profile, [NotNullWhen(true)] out ArcSignature? signature, out ArcProblem problem, out string? reason)
    {
        Span<TagRange> tags = stackalloc TagRange[TagList.DefaultMaxTags];
        if (!TagList.TryParse(value, tags, out int count, out var tagError))
        {
            signature = null;
            return Fail(out problem, out reason, ArcProblem.MalformedHeader, $"{profile.FieldName} syntax error: {tagError.Description}");
        }

        return TryParse(value, tags[..count], profile, out signature, out problem, out reason);
    }

    /// <summary>As <see cref="TryParse(ReadOnlySpan{char}, DkimTagProfile, out ArcSignature?, out ArcProblem, out string?)"/>, over tags already parsed by <see cref="TagList.TryParse"/>.</summary>
    /// <param name="value">The field value, decoded one char per octet.</param>
    /// <param name="tags">Its tags.</param>
    /// <param name="profile"><see cref="DkimTagProfiles.ArcMessageSignature"/> or <see cref="DkimTagProfiles.ArcSeal"/>.</param>
    /// <param name="signature">The parsed value.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="reason">Why, for the result.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, ReadOnlySpan<TagRange> tags, DkimTagProfile profile, [NotNullWhen(true)] out ArcSignature? signature, out ArcProblem problem, out string? reason)
    {
        signature = null;
        bool seal = profile.BodyHashValue == DkimValueRule.NotUsed;
        if (!profile.TryCheckTags(value, tags, out var error))
        {
            return Fail(out problem, out reason, ArcProblem.MalformedHeader, $"{profile.FieldName}: {error.Message}");
        }

        var v = value;
        if (!TryParseInstance(v[tags[TagList.IndexOf(v, tags, "i")].Value], out int instance) || instance is < 1 or > ArcChainValidatorOptions.ProtocolMaxInstances)
        {
            return Fail(out problem, out reason, ArcProblem.InvalidInstance, $"{profile.FieldName}: i= is not an instance 1-50 (RFC 8617 §4.2.1)");
        }

        var a = Fws.Trim(v[tags[TagList.IndexOf(v, tags, "a")].Value]);
        if (!DkimAlgorithms.TryParseAlgorithm(a, out var algorithm))
        {
            return Fail(out problem, out reason, ArcProblem.UnsupportedAlgorithm, $"{profile.FieldName} i={instance}: unsupported algorithm '{a}'");
        }

        var domain = Fws.Trim(v[tags[TagList.IndexOf(v, tags, "d")].Value]);
        if (!DomainName.IsValid(domain, DomainNameRules.AllowUnderscore | DomainNameRules.AllowSingleLabel))
        {
            return Fail(out problem, out reason, ArcProblem.MalformedHeader, $"{profile.FieldName} i={instance}: invalid d= domain");
        }

        var selector = Fws.Trim(v[tags[TagList.IndexOf(v, tags, "s")].Value]);
        if (!DomainName.IsValid(selector, DomainNameRules.AllowUnderscore | DomainNameRules.AllowSingleLabel))
        {
            return Fail(out problem, out reason, ArcProblem.MalformedHeader, $"{profile.FieldName} i={instance}: invalid s= selector");
        }

        int bi = TagList.IndexOf(v, tags, "b");
        if (!DkimSignature.TryDecodeBase64(v[tags[bi].Value], out byte[] b))
        {
            return Fail(out problem, out reason, ArcProblem.MalformedHeader, $"{profile.FieldName} i={instance}: b= is not valid base64");
        }

        byte[] bh = [];
        var headerCanon = DkimCanonicalization.Relaxed;
        var bodyCanon = DkimCanonicalization.Simple;
        string[] signedHeaders = [];
        long? bodyLength = null;
        DateTimeOffset? expiration = null;
        string? cv = null;
        if (seal)
        {
            // seal-cv-tag = %s"cv" [FWS] "=" [FWS] ("none" / "fail" / "pass")   (RFC 8617 §4.1.3; ABNF strings are case-insensitive)
            var cvText = Fws.Trim(v[tags[TagList.IndexOf(v, tags, "cv")].Value]);
            cv = cvText.Equals("none", StringComparison.OrdinalIgnoreCase) ? "none"
                : cvText.Equals("pass", StringComparison.OrdinalIgnoreCase) ? "pass"
                : cvText.Equals("fail", StringComparison.OrdinalIgnoreCase) ? "fail"
                : null;
            if (cv is null)
            {
                return Fail(out problem, out reason, ArcProblem.InvalidChainValidation, $"ARC-Seal i={instance}: unknown cv= value");
            }
        }
        else
        {
            if (!DkimSignature.TryDecodeBase64(v[tags[TagList.IndexOf(v, tags, "bh")].Value], out bh))
            {
                return Fail(out problem, out reason, ArcProblem.MalformedHeader, $"ARC-Message-Signature i={instance}: bh= is not valid base64");
            }

            // c= absent: relaxed/relaxed, as the ARC test suite and dkimpy read it (ARC uses relaxed canonicalization
            // throughout; RFC 6376 §3.5's simple/simple default is the one deliberate divergence, docs/arc.md).
            headerCanon = DkimCanonicalization.Relaxed;
            bodyCanon = DkimCanonicalization.Relaxed;
            if (TagList.TryGetValue(v, tags, "c", out var c))
            {
                int slash = c.IndexOf('/');
                var h = Fws.Trim(slash < 0 ? c : c[..slash]);
                var bodyPart = slash < 0 ? "simple" : Fws.Trim(c[(slash + 1)..]);
                if (!DkimAlgorithms.TryParseCanonicalization(h, out headerCanon) || !DkimAlgorithms.TryParseCanonicalization(bodyPart, out bodyCanon))
                {
                    return Fail(out problem, out reason, ArcProblem.MalformedHeader, $"ARC-Message-Signature i={instance}: unsupported canonicalization");
                }
            }

            if (TagList.TryGetValue(v, tags, "q", out var q) && !DkimSignature.HasDnsTxt(q))
            {
                return Fail(out problem, out reason, ArcProblem.MalformedHeader, $"ARC-Message-Signature i={instance}: unsupported query method");
            }

            var list = ParseHeaderList(v[tags[TagList.IndexOf(v, tags, "h")].Value]);
            if (list is null)
            {
                return Fail(out problem, out reason, ArcProblem.MalformedHeader, $"ARC-Message-Signature i={instance}: invalid h= header list");
            }

            // RFC 8617 §4.1.2: ARC header fields "MUST NOT be included"; a signed ARC-Seal would bind the AMS to a seal
            // that is added after it. (An AAR in h= is tolerated, as the test suite's passing chains have one.)
            if (list.Contains("arc-seal", StringComparer.OrdinalIgnoreCase))
            {
                return Fail(out problem, out reason, ArcProblem.MalformedHeader, $"ARC-Message-Signature i={instance}: h= includes ARC-Seal (RFC 8617 §4.1.2)");
            }

            signedHeaders = list;
            if (TagList.TryGetValue(v, tags, "l", out var l))
            {
                if (!DkimSignature.TryParseDigits(Fws.Trim(l), 76, out long length))
                {
                    return Fail(out problem, out reason, ArcProblem.MalformedHeader, $"ARC-Message-Signature i={instance}: l= is not a number");
                }

                bodyLength = length;
            }

            if (TagList.TryGetValue(v, tags, "x", out var x))
            {
                if (!DkimSignature.TryParseDigits(Fws.Trim(x), 12, out long seconds))
                {
                    return Fail(out problem, out reason, ArcProblem.MalformedHeader, $"ARC-Message-Signature i={instance}: x= is not a timestamp");
                }

                expiration = DkimSignature.FromUnix(seconds);
            }
        }

        DateTimeOffset? timestamp = null;
        if (TagList.TryGetValue(v, tags, "t", out var t))
        {
            if (!DkimSignature.TryParseDigits(Fws.Trim(t), 12, out long seconds))
            {
                return Fail(out problem, out reason, ArcProblem.MalformedHeader, $"{profile.FieldName} i={instance}: t= is not a timestamp");
            }

            timestamp = DkimSignature.FromUnix(seconds);
        }

        // The b= value to delete runs from after "=" to the terminator, surrounding FWS included (RFC 6376 §3.7).
        int bStart = tags[bi].NameStart + tags[bi].NameLength;
        bStart = v[bStart..].IndexOf('=') + bStart + 1;
        int bEnd = v[bStart..].IndexOf(';');
        bEnd = bEnd < 0 ? v.Length : bStart + bEnd;

        signature = new ArcSignature
        {
            Instance = instance,
            Algorithm = algorithm,
            AlgorithmName = DkimAlgorithms.GetName(algorithm), // a= lower case: TryParseAlgorithm knows just these names
            Signature = b,
            BodyHash = bh,
            HeaderCanonicalization = headerCanon,
            BodyCanonicalization = bodyCanon,
            Domain = domain.ToString(),
            Selector = selector.ToString(),
            SignedHeaders = signedHeaders,
            BodyLength = bodyLength,
            Timestamp = timestamp,
            Expiration = expiration,
            ChainValidation = cv,
            SignatureValueRange = new Range(bStart, bEnd),
        };
        problem = ArcProblem.None;
        reason = null;
        return true;
    }

    /// <summary>The body hash key of an AMS (RFC 8617 §4.1.2; shared with DKIM signatures of the same c=, a=, l=).</summary>
    public DkimBodyHashKey BodyHashKey => new(BodyCanonicalization, DkimAlgorithms.GetHash(Algorithm), BodyLength);

    // The h= list of an AMS: like DKIM's (RFC 6376 §3.5 sig-h-tag), except that empty items are skipped and the list
    // may be empty (the suite's ams_fields_h_empty and ams_fields_h_mis_hdr pass; the AMS then covers itself and the body).
    private static string[]? ParseHeaderList(ReadOnlySpan<char> h)
    {
        var names = new List<string>();
        bool done = false;
        while (DkimText.TryTakeItem(ref h, out var name, ref done))
        {
            if (name.IsEmpty)
            {
                continue;
            }

            foreach (char ch in name)
            {
                if (ch is < '!' or > '~')
                {
                    return null;
                }
            }

            names.Add(name.ToString());
        }

        return [.. names];
    }

    private static bool Fail(out ArcProblem problem, out string? reason, ArcProblem what, string why)
    {
        problem = what;
        reason = why;
        return false;
    }
}
