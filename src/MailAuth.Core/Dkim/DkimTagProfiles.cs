namespace MailAuth.Dkim;

/// <summary>The tag profiles of the header types that carry DKIM-style signatures.</summary>
internal static class DkimTagProfiles
{
    /// <summary>
    /// DKIM-Signature (RFC 6376 §3.5): v, a, b, bh, d, h, s required; c, i, l, q, t, x, z optional; v=1; From signed
    /// (§5.4); i= is the AUID.
    /// </summary>
    public static DkimTagProfile DkimSignature { get; } = new()
    {
        FieldName = "DKIM-Signature",
        RequiredTags = ["v", "a", "b", "bh", "d", "h", "s"],
        KnownTags = ["v", "a", "b", "bh", "c", "d", "h", "i", "l", "q", "s", "t", "x", "z"],
        RequiresVersion = true,
        Identity = DkimIdentityTag.Auid,
        RequiresFromSigned = true,
    };

    /// <summary>
    /// A DKIM-Signature template to sign: the DKIM-Signature rules, except that <c>b=</c> is present and empty and
    /// <c>bh=</c> may be empty (the signer fills both, RFC 6376 §5).
    /// </summary>
    public static DkimTagProfile DkimSignatureTemplate { get; } = DkimSignature with
    {
        SignatureValue = DkimValueRule.Empty,
        BodyHashValue = DkimValueRule.Base64OrEmpty,
    };

    /// <summary>
    /// ARC-Message-Signature (RFC 8617 §4.1.2): the DKIM-Signature syntax and semantics, except that no <c>v=</c> is
    /// defined (one that appears MUST be ignored) and <c>i=</c> is the ARC instance (§4.2.1) instead of the AUID:
    /// i, a, b, bh, d, h, s required.
    /// </summary>
    public static DkimTagProfile ArcMessageSignature { get; } = new()
    {
        FieldName = "ARC-Message-Signature",
        RequiredTags = ["i", "a", "b", "bh", "d", "h", "s"],
        KnownTags = ["i", "a", "b", "bh", "c", "d", "h", "l", "q", "s", "t", "x", "z"],
        Identity = DkimIdentityTag.Instance,
        RequiresFromSigned = true,
    };

    /// <summary>
    /// ARC-Seal (RFC 8617 §4.1.3): the only tags are i (the instance), cv, a, b, d, s and t; <c>h=</c> is not allowed
    /// ("if found, MUST result in a cv status of fail"); no body hash; only relaxed header canonicalization. t= is
    /// supported, not required.
    /// </summary>
    public static DkimTagProfile ArcSeal { get; } = new()
    {
        FieldName = "ARC-Seal",
        RequiredTags = ["i", "cv", "a", "b", "d", "s"],
        KnownTags = ["i", "cv", "a", "b", "d", "s", "t"],
        ForbiddenTags = ["h"],
        Identity = DkimIdentityTag.Instance,
        BodyHashValue = DkimValueRule.NotUsed,
        RelaxedHeadersOnly = true,
    };

    /// <summary>
    /// DomainKey-Signature (draft-delany-domainkeys-base-06 §3.3): tags a, b, c, d, h, q, s; b, c, d, q and s "MUST be
    /// present", a defaults to rsa-sha1 and h to every header after the signature; no version, no <c>i=</c>, no body
    /// hash (the signature covers headers and body together).
    /// </summary>
    public static DkimTagProfile DomainKeySignature { get; } = new()
    {
        FieldName = "DomainKey-Signature",
        RequiredTags = ["b", "c", "d", "q", "s"],
        KnownTags = ["a", "b", "c", "d", "h", "q", "s"],
        Identity = DkimIdentityTag.None,
        BodyHashValue = DkimValueRule.NotUsed,
    };
}
