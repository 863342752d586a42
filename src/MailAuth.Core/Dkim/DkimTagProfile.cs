using MailAuth.Text;

namespace MailAuth.Dkim;

/// <summary>
/// The tag rules of one header type that carries a DKIM-style tag-list signature: which tags it requires, which it
/// forbids, what <c>i=</c>, <c>b=</c> and <c>bh=</c> mean. Tags a profile does not name are ignored (RFC 6376 §3.2:
/// "Unrecognized tags MUST be ignored"). One instance per header type, in <see cref="DkimTagProfiles"/>.
/// </summary>
internal sealed record DkimTagProfile
{
    /// <summary>The header field name, e.g. DKIM-Signature.</summary>
    public required string FieldName { get; init; }

    /// <summary>Tags that must be present, in the order they are checked.</summary>
    public required string[] RequiredTags { get; init; }

    /// <summary>The tags the header type defines (required and optional).</summary>
    public required string[] KnownTags { get; init; }

    /// <summary>Tags whose presence makes the field invalid (ARC-Seal <c>h=</c>, RFC 8617 §4.1.3).</summary>
    public string[] ForbiddenTags { get; init; } = [];

    /// <summary>Whether <c>v=1</c> is required (RFC 6376 §3.5); ARC and DomainKeys have no version tag.</summary>
    public bool RequiresVersion { get; init; }

    /// <summary>What <c>i=</c> means.</summary>
    public DkimIdentityTag Identity { get; init; }

    /// <summary>The rule for <c>b=</c>.</summary>
    public DkimValueRule SignatureValue { get; init; } = DkimValueRule.Base64;

    /// <summary>The rule for <c>bh=</c>.</summary>
    public DkimValueRule BodyHashValue { get; init; } = DkimValueRule.Base64;

    /// <summary>Whether <c>h=</c> must list From (RFC 6376 §5.4: "The From header field MUST be signed").</summary>
    public bool RequiresFromSigned { get; init; }

    /// <summary>Whether only relaxed header canonicalization is used (ARC-Seal, RFC 8617 §4.1.3).</summary>
    public bool RelaxedHeadersOnly { get; init; }

    /// <summary>Whether <paramref name="tag"/> is one the header type defines.</summary>
    /// <param name="tag">The tag name (case-sensitive, RFC 6376 §3.2).</param>
    /// <returns><see langword="true"/> when known.</returns>
    public bool IsKnown(string tag) => Array.IndexOf(KnownTags, tag) >= 0;

    /// <summary>Checks the presence rules: required tags present, forbidden tags absent, and <c>v=1</c> where required.</summary>
    /// <param name="value">The field value.</param>
    /// <param name="tags">Its tags, as <see cref="TagList.TryParse"/> found them.</param>
    /// <param name="error">The first rule broken, or <see cref="DkimParseError.None"/>.</param>
    /// <returns><see langword="true"/> when every presence rule holds.</returns>
    public bool TryCheckTags(ReadOnlySpan<char> value, ReadOnlySpan<TagRange> tags, out DkimParseError error)
    {
        foreach (string required in RequiredTags)
        {
            if (TagList.IndexOf(value, tags, required) < 0)
            {
                error = new DkimParseError(DkimProblem.MissingRequiredTag, $"signature missing required tag {required}=", -1);
                return false;
            }
        }

        foreach (string forbidden in ForbiddenTags)
        {
            int fi = TagList.IndexOf(value, tags, forbidden);
            if (fi >= 0)
            {
                error = new DkimParseError(DkimProblem.MalformedSignature, $"tag {forbidden}= is not allowed in {FieldName}", tags[fi].NameStart);
                return false;
            }
        }

        if (RequiresVersion)
        {
            // RFC 6376 §3.5 v=: "This tag MUST be included in the DKIM-Signature header field" and be 1.
            int vi = TagList.IndexOf(value, tags, "v");
            if (vi < 0)
            {
                error = new DkimParseError(DkimProblem.MissingRequiredTag, "signature missing required tag v=", -1);
                return false;
            }

            if (!value[tags[vi].Value].SequenceEqual("1"))
            {
                error = new DkimParseError(DkimProblem.IncompatibleVersion, "incompatible version (v= must be 1)", tags[vi].ValueStart);
                return false;
            }
        }

        error = DkimParseError.None;
        return true;
    }

    /// <summary>Parses the tag-list of <paramref name="value"/> and checks the presence rules.</summary>
    /// <param name="value">The field value.</param>
    /// <param name="error">The syntax error or the first rule broken.</param>
    /// <returns><see langword="true"/> when the tag-list parses and every presence rule holds.</returns>
    public bool TryCheckTags(ReadOnlySpan<char> value, out DkimParseError error)
    {
        Span<TagRange> tags = stackalloc TagRange[TagList.DefaultMaxTags];
        if (!TagList.TryParse(value, tags, out int count, out var tagError))
        {
            error = new DkimParseError(DkimProblem.MalformedSignature, "signature syntax error: " + tagError.Description, tagError.Position);
            return false;
        }

        return TryCheckTags(value, tags[..count], out error);
    }
}
