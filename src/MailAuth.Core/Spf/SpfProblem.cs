namespace MailAuth.Spf;

/// <summary>
/// What decided an SPF result other than a mechanism match (RFC 7208 §4, §5, §4.6.4): the cause behind <c>none</c>,
/// <c>temperror</c> and <c>permerror</c>. <see cref="None"/> when a mechanism or the default decided the result.
/// </summary>
public enum SpfProblem
{
    /// <summary>No problem: a mechanism matched, or no mechanism matched and the default (<c>neutral</c>) applied.</summary>
    None = 0,

    /// <summary>The domain has no SPF record (§4.5): <c>none</c>, or <c>permerror</c> through <c>include</c>/<c>redirect</c> (§5.2, §6.1).</summary>
    NoRecord,

    /// <summary>The domain is not a valid multi-label domain name (§4.3): <c>none</c>.</summary>
    InvalidDomain,

    /// <summary>The SMTP session gave no identity to check (null reverse-path and no HELO name): <c>none</c>.</summary>
    NoIdentity,

    /// <summary>More than one SPF record at the domain (§4.5): <c>permerror</c>.</summary>
    MultipleRecords,

    /// <summary>The record does not parse (§4.6): <c>permerror</c>.</summary>
    Syntax,

    /// <summary>More DNS-querying terms than <see cref="SpfOptions.MaxDnsLookups"/> (§4.6.4): <c>permerror</c>.</summary>
    TooManyDnsLookups,

    /// <summary>More void look-ups than <see cref="SpfOptions.MaxVoidLookups"/> (§4.6.4): <c>permerror</c>.</summary>
    TooManyVoidLookups,

    /// <summary>An <c>mx</c> mechanism met more MX names than <see cref="SpfOptions.MaxMxNames"/> (§4.6.4): <c>permerror</c>.</summary>
    TooManyMxNames,

    /// <summary>A DNS query failed (SERVFAIL, refused, malformed answer; §4.4): <c>temperror</c>.</summary>
    DnsFailure,

    /// <summary>A DNS query or the time budget ran out (§4.6.4): <c>temperror</c>.</summary>
    Timeout,

    /// <summary>A macro needs a local-part longer than <see cref="SpfOptions.MaxLocalPartLength"/> (RFC 5321 §4.5.3.1.1): <c>permerror</c>.</summary>
    LocalPartTooLong,

    /// <summary>A macro needs a sender domain or HELO name longer than a domain name may be (RFC 5321 §4.5.3.1.2): <c>permerror</c>.</summary>
    DomainTooLong,

    /// <summary>Sender ID: the Purported Responsible Address cannot be determined (RFC 4407 §2): <c>permerror</c>.</summary>
    PraNotFound,
}
