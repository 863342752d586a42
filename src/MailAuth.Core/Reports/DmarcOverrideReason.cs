namespace MailAuth.Reports;

/// <summary>
/// Why the applied disposition differs from the published policy (RFC 7489 Appendix C and RFC 9990 <c>PolicyOverrideType</c>).
/// RFC 9990 dropped <c>forwarded</c> and <c>sampled_out</c> and added <c>policy_test_mode</c>; in an RFC 9990 report the two
/// old words are written as <c>other</c> with the word as comment.
/// </summary>
public enum DmarcOverrideReason
{
    /// <summary><c>other</c>: a reason not listed.</summary>
    Other = 0,

    /// <summary><c>local_policy</c>: the receiver's local policy.</summary>
    LocalPolicy = 1,

    /// <summary><c>mailing_list</c>: the message came through a mailing list.</summary>
    MailingList = 2,

    /// <summary><c>trusted_forwarder</c>: the message came through a forwarder the receiver trusts.</summary>
    TrustedForwarder = 3,

    /// <summary><c>policy_test_mode</c>: <c>t=y</c> lowered the disposition (RFC 9990).</summary>
    PolicyTestMode = 4,

    /// <summary><c>forwarded</c>: the message was known to be forwarded (RFC 7489).</summary>
    Forwarded = 5,

    /// <summary><c>sampled_out</c>: <c>pct</c> sampling did not select the message (RFC 7489 §6.6.4).</summary>
    SampledOut = 6,
}
