namespace MailAuth.Dkim;

/// <summary>The result word of one DKIM signature for Authentication-Results (RFC 8601 §2.7.1).</summary>
public enum DkimStatus
{
    /// <summary>"none": the message was not signed (used for an empty result set, never for a signature).</summary>
    None = 0,

    /// <summary>"pass": the signature verified.</summary>
    Pass,

    /// <summary>"fail": the signature was acceptable but failed verification (body hash or signature mismatch).</summary>
    Fail,

    /// <summary>"neutral": the signature had syntax errors or could not otherwise be processed.</summary>
    Neutral,

    /// <summary>"policy": the signature was not acceptable to local policy (key size, rsa-sha1, expired, future timestamp, content appended after <c>l=</c>).</summary>
    Policy,

    /// <summary>"temperror": a transient error, e.g. the key query timed out.</summary>
    TempError,

    /// <summary>"permerror": a permanent error, e.g. no key record, a revoked or malformed key.</summary>
    PermError,
}
