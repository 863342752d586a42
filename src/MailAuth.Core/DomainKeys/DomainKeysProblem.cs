namespace MailAuth.DomainKeys;

/// <summary>
/// Why a DomainKey-Signature did not verify (draft-delany-domainkeys-base-06 §3.7). The mapping to result words is in
/// one place, <see cref="DomainKeysResult.GetStatus"/>, and in docs/legacy.md.
/// </summary>
public enum DomainKeysProblem
{
    /// <summary>No problem: the signature verified.</summary>
    None = 0,

    /// <summary>The tag-list is malformed: syntax, a duplicate tag, a bad <c>d=</c>, <c>s=</c> or <c>h=</c>, or too many names in <c>h=</c>.</summary>
    MalformedSignature,

    /// <summary>A tag that "MUST be present" (b, c, d, q, s; §3.3) is missing.</summary>
    MissingRequiredTag,

    /// <summary><c>b=</c> is not valid base64.</summary>
    MalformedBase64,

    /// <summary><c>a=</c> is not rsa-sha1 (§3.7.3 rule 4: verifiers MUST ignore unrecognized algorithms).</summary>
    UnsupportedAlgorithm,

    /// <summary><c>c=</c> is neither simple nor nofws.</summary>
    UnsupportedCanonicalization,

    /// <summary><c>q=</c> is not dns.</summary>
    UnsupportedQueryMethod,

    /// <summary>No single usable Sender or From field below the signature to take the sending address from (§3.7.3 rule 1).</summary>
    NoSendingAddress,

    /// <summary>The sending domain is neither <c>d=</c> nor a subdomain of it (§3.3 d=, §3.7.3 rule 2).</summary>
    DomainMismatch,

    /// <summary><c>h=</c> does not list the field the sending address came from (§3.3 h=, §3.7.3 rule 3).</summary>
    SenderNotSigned,

    /// <summary>rsa-sha1, DomainKeys' only algorithm, while <see cref="DomainKeysVerifierOptions.AllowRsaSha1"/> is off.</summary>
    WeakAlgorithm,

    /// <summary>More DomainKey-Signature fields than <see cref="DomainKeysVerifierOptions.MaxSignatures"/>; this one was not evaluated.</summary>
    TooManySignatures,

    /// <summary>The key query failed transiently (timeout, SERVFAIL) or the time budget ran out (§3.7.4 step 2).</summary>
    DnsFailure,

    /// <summary>No key record at <c>selector._domainkey.domain</c> (§3.7.4 step 3, DomainKey-Status "no key").</summary>
    KeyNotFound,

    /// <summary>The key record does not parse, or its key does not import (§3.7.4 step 4).</summary>
    MalformedKey,

    /// <summary>The key record's <c>p=</c> is empty (§3.2.3, DomainKey-Status "revoked").</summary>
    KeyRevoked,

    /// <summary>The key is not an RSA key (<c>k=</c>, §3.7.4 step 5).</summary>
    KeyAlgorithmMismatch,

    /// <summary>The RSA key is smaller than <see cref="DomainKeysVerifierOptions.MinRsaKeyBits"/> (512, §3.2.3).</summary>
    KeyTooSmall,

    /// <summary>The RSA key is larger than <see cref="DomainKeysVerifierOptions.MaxRsaKeyBits"/> (2048, §3.2.3).</summary>
    KeyTooLarge,

    /// <summary>The key's <c>g=</c> is not the local part of the sending address (§3.2.3: "a failed verification").</summary>
    GranularityMismatch,

    /// <summary>The signature does not verify over the canonicalized message.</summary>
    SignatureMismatch,

    /// <summary>The message itself could not be read.</summary>
    MalformedMessage,
}
