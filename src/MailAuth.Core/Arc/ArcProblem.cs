namespace MailAuth.Arc;

/// <summary>Why an Authenticated Received Chain failed (RFC 8617 §5.2); every problem but <see cref="None"/> means <see cref="ArcStatus.Fail"/>.</summary>
public enum ArcProblem
{
    /// <summary>No problem: the chain passed, or there is none.</summary>
    None = 0,

    /// <summary>More ARC header fields than <see cref="ArcChainValidatorOptions.MaxInstances"/> sets can hold (RFC 8617 §5.2 step 1: at most 50 sets).</summary>
    TooManyInstances,

    /// <summary>The ARC header fields together exceed <see cref="ArcChainValidatorOptions.MaxHeaderBytes"/> (RFC 8617 §9.1).</summary>
    HeaderTooLarge,

    /// <summary>An ARC header field has no readable <c>i=</c>, or one outside 1–50 (RFC 8617 §4.2.1).</summary>
    InvalidInstance,

    /// <summary>Two ARC header fields of the same kind share an instance (RFC 8617 §5.2 step 3.A).</summary>
    DuplicateInstance,

    /// <summary>The instances do not form the sequence 1..N (RFC 8617 §5.2 step 3.B).</summary>
    MissingInstance,

    /// <summary>An ARC Set lacks its AAR, AMS or AS (RFC 8617 §5.2 step 3.A).</summary>
    IncompleteSet,

    /// <summary>The newest ARC-Seal already says <c>cv=fail</c> (RFC 8617 §5.2 step 2); a sealer adds nothing (§5.1 step 2).</summary>
    ChainAlreadyFailed,

    /// <summary>A <c>cv=</c> value is wrong for its instance: not "none" at i=1, not "pass" above (RFC 8617 §5.2 step 3.C), or unknown.</summary>
    InvalidChainValidation,

    /// <summary>An AMS or AS, or the AAR, does not parse, lacks a required tag or has a forbidden one (RFC 8617 §4.1; <c>h=</c> in an AS, §4.1.3).</summary>
    MalformedHeader,

    /// <summary>The <c>a=</c> algorithm is unknown, or rsa-sha1 while it is not allowed (RFC 8301 §3.1).</summary>
    UnsupportedAlgorithm,

    /// <summary>A key query failed or timed out; permanent for ARC (RFC 8617 §5.2.1).</summary>
    KeyUnavailable,

    /// <summary>No key record, or it is malformed, revoked or does not fit the algorithm (RFC 6376 §6.1.2).</summary>
    InvalidKey,

    /// <summary>The RSA key is outside <see cref="ArcChainValidatorOptions.MinRsaKeyBits"/>–<see cref="ArcChainValidatorOptions.MaxRsaKeyBits"/> (RFC 8301 §3.2).</summary>
    KeyPolicy,

    /// <summary>A <c>t=</c> further in the future than <see cref="ArcChainValidatorOptions.ClockSkew"/>, or an expired AMS <c>x=</c> (RFC 6376 §3.5).</summary>
    InvalidTimestamp,

    /// <summary>The body hash of the newest AMS does not match (RFC 8617 §5.2 step 4; RFC 6376 §6.1.3).</summary>
    BodyHashMismatch,

    /// <summary>The newest AMS signature does not verify over its header fields (RFC 8617 §5.2 step 4).</summary>
    MessageSignatureMismatch,

    /// <summary>An ARC-Seal does not verify over the ARC Sets (RFC 8617 §5.2 step 6, §5.1.1).</summary>
    SealMismatch,

    /// <summary>The time budget (<see cref="ArcChainValidatorOptions.Timeout"/>) ran out.</summary>
    TimeBudgetExceeded,

    /// <summary>The message itself could not be read (convenience overloads taking bytes).</summary>
    MalformedMessage,
}
