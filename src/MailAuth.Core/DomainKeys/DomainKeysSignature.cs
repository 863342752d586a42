using System.Diagnostics.CodeAnalysis;
using MailAuth.Dkim;
using MailAuth.Text;

namespace MailAuth.DomainKeys;

/// <summary>
/// A parsed DomainKey-Signature field value (draft-delany-domainkeys-base-06 §3.3), read with the shared tag-list
/// parser and the DomainKey-Signature profile (<see cref="DkimTagProfiles.DomainKeySignature"/>):
/// <code>
/// a = rsa-sha1 (default)   b = base64 (FWS ignored)   c = simple / nofws   d = domain   h = name *(":" name)   q = dns   s = selector
/// </code>
/// </summary>
internal sealed class DomainKeysSignature
{
    private DomainKeysSignature()
    {
    }

    /// <summary><c>a=</c> as written, or "rsa-sha1" when absent (§3.3: the default).</summary>
    public required string AlgorithmName { get; init; }

    /// <summary><c>c=</c>.</summary>
    public DomainKeysCanonicalization Canonicalization { get; init; }

    /// <summary><c>d=</c>.</summary>
    public required string Domain { get; init; }

    /// <summary><c>s=</c>.</summary>
    public required string Selector { get; init; }

    /// <summary><c>h=</c> names (white space removed), or <see langword="null"/> when absent: every field below the signature is signed.</summary>
    public string[]? SignedHeaders { get; init; }

    /// <summary><c>b=</c> decoded.</summary>
    public required byte[] Signature { get; init; }

    /// <summary>Parses a field value.</summary>
    /// <param name="value">The value (after the colon), one char per octet.</param>
    /// <param name="maxSignedHeaders">The most names <c>h=</c> may list.</param>
    /// <param name="signature">The signature.</param>
    /// <param name="problem">The problem, or <see cref="DomainKeysProblem.None"/>.</param>
    /// <param name="reason">Why it is invalid, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, int maxSignedHeaders, [NotNullWhen(true)] out DomainKeysSignature? signature, out DomainKeysProblem problem, out string? reason)
    {
        signature = null;
        var profile = DkimTagProfiles.DomainKeySignature;
        Span<TagRange> tags = stackalloc TagRange[TagList.DefaultMaxTags];

        // Appendix A: one-letter tags, no duplicates ("Duplicate tags are not allowed"), unknown tags ignored.
        if (!TagList.TryParse(value, tags, out int count, out var tagError))
        {
            return Fail(DomainKeysProblem.MalformedSignature, "signature syntax error: " + tagError.Description, out problem, out reason);
        }

        tags = tags[..count];
        if (!profile.TryCheckTags(value, tags, out var error))
        {
            return Fail(error.Problem == DkimProblem.MissingRequiredTag ? DomainKeysProblem.MissingRequiredTag : DomainKeysProblem.MalformedSignature, error.Message, out problem, out reason);
        }

        // §3.3 a=: "The default is rsa-sha1"; §3.7.3 rule 4: unrecognized algorithms are ignored.
        string algorithm = "rsa-sha1";
        if (TagList.TryGetValue(value, tags, "a", out var a))
        {
            if (!a.Equals("rsa-sha1", StringComparison.OrdinalIgnoreCase))
            {
                return Fail(DomainKeysProblem.UnsupportedAlgorithm, $"unsupported algorithm '{a}'", out problem, out reason);
            }

            algorithm = a.ToString();
        }

        // §3.3 c=: "Verifiers MUST support simple and nofws".
        TagList.TryGetValue(value, tags, "c", out var c);
        DomainKeysCanonicalization canonicalization;
        if (c.Equals("simple", StringComparison.OrdinalIgnoreCase))
        {
            canonicalization = DomainKeysCanonicalization.Simple;
        }
        else if (c.Equals("nofws", StringComparison.OrdinalIgnoreCase))
        {
            canonicalization = DomainKeysCanonicalization.NoFws;
        }
        else
        {
            return Fail(DomainKeysProblem.UnsupportedCanonicalization, $"unsupported canonicalization '{c}'", out problem, out reason);
        }

        // §3.3 q=: "Currently the only valid value is dns".
        TagList.TryGetValue(value, tags, "q", out var q);
        if (!q.Equals("dns", StringComparison.OrdinalIgnoreCase))
        {
            return Fail(DomainKeysProblem.UnsupportedQueryMethod, $"unsupported query method '{q}'", out problem, out reason);
        }

        TagList.TryGetValue(value, tags, "d", out var d);
        d = Fws.Trim(d);
        if (!DomainName.IsValid(d, DomainNameRules.AllowUnderscore | DomainNameRules.AllowSingleLabel))
        {
            return Fail(DomainKeysProblem.MalformedSignature, $"invalid d= domain '{d}'", out problem, out reason);
        }

        // §3.2.1: selectors are legal DNS names; periods separate labels.
        TagList.TryGetValue(value, tags, "s", out var s);
        if (!DomainName.IsValid(s, DomainNameRules.AllowUnderscore | DomainNameRules.AllowSingleLabel))
        {
            return Fail(DomainKeysProblem.MalformedSignature, $"invalid s= selector '{s}'", out problem, out reason);
        }

        string[]? signedHeaders = null;
        if (TagList.TryGetValue(value, tags, "h", out var h))
        {
            // §3.3 h=: white space is ignored; the list "can never contain an empty value".
            signedHeaders = ParseHeaderList(h, maxSignedHeaders, out reason);
            if (signedHeaders is null)
            {
                problem = DomainKeysProblem.MalformedSignature;
                return false;
            }
        }

        TagList.TryGetValue(value, tags, "b", out var b);
        if (!DkimSignature.TryDecodeBase64(b, out byte[] signatureBytes, out _))
        {
            return Fail(DomainKeysProblem.MalformedBase64, "b= is not valid base64", out problem, out reason);
        }

        signature = new DomainKeysSignature
        {
            AlgorithmName = algorithm,
            Canonicalization = canonicalization,
            Domain = d.ToString(),
            Selector = s.ToString(),
            SignedHeaders = signedHeaders,
            Signature = signatureBytes,
        };
        problem = DomainKeysProblem.None;
        reason = null;
        return true;
    }

    // h = name *(":" name), FWS ignored; field-name = 1*ftext (RFC 2822 §2.2: %d33-57 / %d59-126). Linear: the names
    // are counted first, so a list longer than the limit is refused before anything is allocated for it.
    private static string[]? ParseHeaderList(ReadOnlySpan<char> h, int max, out string? reason)
    {
        int count = h.Count(':') + 1;
        if (count > max)
        {
            reason = $"h= lists {count} fields, more than the limit of {max}";
            return null;
        }

        var names = new string[count];
        int n = 0;
        bool done = false;
        while (DkimText.TryTakeItem(ref h, out var name, ref done))
        {
            if (name.IsEmpty)
            {
                reason = "h= has an empty field name";
                return null;
            }

            foreach (char ch in name)
            {
                if (ch is < '!' or > '~')
                {
                    reason = "h= has an invalid field name";
                    return null;
                }
            }

            names[n++] = name.ToString();
        }

        reason = null;
        return n == count ? names : names[..n];
    }

    private static bool Fail(DomainKeysProblem value, string message, out DomainKeysProblem problem, out string? reason)
    {
        problem = value;
        reason = message;
        return false;
    }
}
