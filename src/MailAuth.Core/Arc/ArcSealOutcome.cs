namespace MailAuth.Arc;

/// <summary>What <see cref="ArcSealer"/> did with a message (RFC 8617 §5.1).</summary>
public enum ArcSealOutcome
{
    /// <summary>An ARC Set (AAR, AMS, AS) for instance N + 1 was made.</summary>
    Sealed = 0,

    /// <summary>
    /// Nothing was added: the newest ARC-Seal already says <c>cv=fail</c> (RFC 8617 §5.1 step 2: "there is no need to
    /// proceed"; §5.1.3: a broken chain cannot be continued).
    /// </summary>
    ChainAlreadyFailed,

    /// <summary>Nothing was added: the chain already has 50 sets, the most RFC 8617 §4.2.1 allows.</summary>
    InstanceLimitReached,

    /// <summary>Nothing was added: the authentication results would put a line break into the AAR outside folding.</summary>
    InvalidAuthenticationResults,
}
