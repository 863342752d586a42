namespace MailAuth.DomainKeys;

/// <summary>The ADSP result words for Authentication-Results <c>dkim-adsp=</c> (RFC 5617 §5.4).</summary>
public enum AdspStatus
{
    /// <summary>"none": no ADSP record was published.</summary>
    None = 0,

    /// <summary>"pass": the message had a valid Author Domain Signature (no look-up needed).</summary>
    Pass,

    /// <summary>"unknown": no valid Author Domain Signature, and the practice is <c>dkim=unknown</c>.</summary>
    Unknown,

    /// <summary>"fail": no valid Author Domain Signature, and the practice is <c>dkim=all</c>.</summary>
    Fail,

    /// <summary>"discard": no valid Author Domain Signature, and the practice is <c>dkim=discardable</c>.</summary>
    Discard,

    /// <summary>"nxdomain": the author domain does not exist in the DNS (out of ADSP's scope, §4.3).</summary>
    NxDomain,

    /// <summary>"temperror": a transient DNS error or the time budget ran out.</summary>
    TempError,

    /// <summary>"permerror": no usable author address, an invalid domain, or more than one ADSP record.</summary>
    PermError,
}
