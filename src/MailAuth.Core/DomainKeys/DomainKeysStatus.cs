namespace MailAuth.DomainKeys;

/// <summary>
/// The result of one DomainKey-Signature as an Authentication-Results <c>domainkeys</c> word (RFC 8601 §6.7 keeps the
/// RFC 5451 registrations: none, pass, fail, neutral, policy, temperror, permerror).
/// </summary>
public enum DomainKeysStatus
{
    /// <summary>"none": the message has no DomainKey-Signature (used for an empty result set, never for a signature).</summary>
    None = 0,

    /// <summary>"pass": the signature verified (DomainKey-Status "good").</summary>
    Pass,

    /// <summary>"fail": the signature did not verify, or the key's <c>g=</c> does not match the sending address ("bad").</summary>
    Fail,

    /// <summary>"neutral": the signature has syntax errors or does not apply to the sending address ("bad format").</summary>
    Neutral,

    /// <summary>"policy": refused by local policy: rsa-sha1 not allowed, or a key size outside the accepted range.</summary>
    Policy,

    /// <summary>"temperror": the key query failed transiently or the time budget ran out.</summary>
    TempError,

    /// <summary>"permerror": no key, a revoked or unusable key, no usable Sender or From field, too many signatures.</summary>
    PermError,
}
