namespace MailAuth.Arc;

/// <summary>The Chain Validation Status of an Authenticated Received Chain (RFC 8617 §4.4), the <c>arc=</c> result word (§10.1).</summary>
public enum ArcStatus
{
    /// <summary>"none": the message has no ARC Sets (RFC 8617 §5.2 step 1).</summary>
    None = 0,

    /// <summary>"pass": every ARC Set is present and valid and the newest AMS and every AS verify (§5.2 step 7).</summary>
    Pass,

    /// <summary>"fail": the chain is broken in any way; all failures are permanent (§5.2.1), DNS failures included.</summary>
    Fail,
}
