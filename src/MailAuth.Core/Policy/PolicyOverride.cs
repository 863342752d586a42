namespace MailAuth.Policy;

/// <summary>
/// Why the action differs from the DMARC policy: the PolicyOverrideType of the aggregate report (RFC 7489 Appendix C,
/// RFC 9990). <see cref="PolicyDecision.OverrideKeyword"/> gives the report word.
/// </summary>
public enum PolicyOverride
{
    /// <summary>No override: the action is what DMARC asked, or DMARC did not fail.</summary>
    None = 0,

    /// <summary><c>trusted_forwarder</c>: a trusted forwarder (by IP, or a trusted ARC sealer whose chain passed and whose AAR recorded DMARC pass).</summary>
    TrustedForwarder = 1,

    /// <summary><c>mailing_list</c>: authenticated mail from a known mailing list.</summary>
    MailingList = 2,

    /// <summary><c>local_policy</c>: allowlisted, filtering off for the recipient domain, or a milder action chosen by the customer.</summary>
    LocalPolicy = 3,

    /// <summary><c>policy_test_mode</c>: the record's <c>t=y</c> lowered the disposition (RFC 9989).</summary>
    PolicyTestMode = 4,

    /// <summary><c>sampled_out</c>: <c>pct</c> sampling did not select the message (RFC 7489 §6.6.4).</summary>
    SampledOut = 5,
}
