namespace MailAuth.Dkim;

/// <summary>
/// Why a DKIM signature or key record did not verify or did not parse (RFC 6376 §6.1, RFC 8301, RFC 8463).
/// The mapping to result words is in docs/dkim.md and <see cref="DkimResult"/>.
/// </summary>
public enum DkimProblem
{
    /// <summary>No problem.</summary>
    None = 0,

    /// <summary>The DKIM-Signature tag-list is malformed: syntax, duplicate tag, bad value (RFC 6376 §6.1.1 "signature syntax error").</summary>
    MalformedSignature,

    /// <summary><c>v=</c> is not "1" (RFC 6376 §6.1.1 "incompatible version").</summary>
    IncompatibleVersion,

    /// <summary>A required tag (v, a, b, bh, d, h, s) is missing (RFC 6376 §6.1.1 "signature missing required tag").</summary>
    MissingRequiredTag,

    /// <summary><c>b=</c> or <c>bh=</c> is not valid base64.</summary>
    MalformedBase64,

    /// <summary>The <c>a=</c> algorithm is unknown (RFC 6376 §3.5).</summary>
    UnsupportedAlgorithm,

    /// <summary>rsa-sha1 while <see cref="DkimMessageVerifierOptions.AllowRsaSha1"/> is off (RFC 8301 §3.1).</summary>
    WeakAlgorithm,

    /// <summary>The <c>c=</c> canonicalization is unknown (RFC 6376 §3.5).</summary>
    UnsupportedCanonicalization,

    /// <summary>The <c>q=</c> query methods do not include "dns/txt" (RFC 6376 §3.5).</summary>
    UnsupportedQueryMethod,

    /// <summary>The <c>i=</c> domain is neither <c>d=</c> nor a subdomain of it (RFC 6376 §6.1.1 "domain mismatch").</summary>
    DomainMismatch,

    /// <summary><c>h=</c> does not include From (RFC 6376 §6.1.1 "From field not signed").</summary>
    FromNotSigned,

    /// <summary><c>x=</c> is earlier than <c>t=</c> (RFC 6376 §3.5).</summary>
    InvalidExpiration,

    /// <summary>The signature expired (<c>x=</c> in the past, RFC 6376 §6.1.1 "signature expired").</summary>
    SignatureExpired,

    /// <summary><c>t=</c> is further in the future than <see cref="DkimMessageVerifierOptions.ClockSkew"/> allows (RFC 6376 §3.5).</summary>
    FutureTimestamp,

    /// <summary>The message itself could not be read (convenience overloads taking bytes or a stream).</summary>
    MalformedMessage,

    /// <summary>More DKIM-Signature fields than <see cref="DkimMessageVerifierOptions.MaxSignatures"/>; this one was not evaluated.</summary>
    TooManySignatures,

    /// <summary>The key query failed transiently (timeout, SERVFAIL; RFC 6376 §6.1.2 "key unavailable").</summary>
    DnsFailure,

    /// <summary>No key record at <c>selector._domainkey.domain</c> (RFC 6376 §6.1.2 "no key for signature").</summary>
    KeyNotFound,

    /// <summary>The key record is malformed, or several records were found (RFC 6376 §6.1.2 "key syntax error").</summary>
    MalformedKey,

    /// <summary>The key record's <c>p=</c> is empty (RFC 6376 §6.1.2 "key revoked").</summary>
    KeyRevoked,

    /// <summary>The key type (<c>k=</c>) does not match the signature algorithm, the key's <c>h=</c> excludes the hash, or <c>s=</c> excludes email (RFC 6376 §6.1.2 "inappropriate key algorithm").</summary>
    KeyAlgorithmMismatch,

    /// <summary>The key's <c>v=</c> is not "DKIM1" (RFC 6376 §3.6.1).</summary>
    IncompatibleKeyVersion,

    /// <summary>The RSA key is smaller than <see cref="DkimMessageVerifierOptions.MinRsaKeyBits"/> (RFC 8301 §3.2: 1024).</summary>
    KeyTooSmall,

    /// <summary>The RSA key is larger than <see cref="DkimMessageVerifierOptions.MaxRsaKeyBits"/> (a CPU guard).</summary>
    KeyTooLarge,

    /// <summary>The key has <c>t=s</c> and <c>i=</c> is a subdomain of <c>d=</c> (RFC 6376 §3.6.1).</summary>
    StrictIdentityMismatch,

    /// <summary>The body hash does not match <c>bh=</c> (RFC 6376 §6.1.3 "body hash did not verify"), including a body shorter than <c>l=</c>.</summary>
    BodyHashMismatch,

    /// <summary>The signature does not verify over the signed header fields (RFC 6376 §6.1.3 "signature did not verify").</summary>
    SignatureMismatch,

    /// <summary>
    /// The signature verified, but <c>l=</c> left canonical body octets unsigned that hold more than whitespace or
    /// exceed <see cref="DkimMessageVerifierOptions.MaxUnsignedBodyLength"/>: content anyone may have appended (RFC 6376 §8.2).
    /// Reported as "policy" so that the signature does not count for DMARC (<see cref="DkimMessageVerifierOptions.RejectBodyLengthAppend"/>).
    /// </summary>
    BodyLengthAppend,
}
