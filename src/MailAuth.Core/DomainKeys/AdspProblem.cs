namespace MailAuth.DomainKeys;

/// <summary>What kept an ADSP look-up from a plain answer (RFC 5617 §4.3).</summary>
public enum AdspProblem
{
    /// <summary>No problem: the result is the record's practice, its absence, or a pass.</summary>
    None = 0,

    /// <summary>The message has no From field with a usable address.</summary>
    NoAuthorAddress,

    /// <summary>The author domain is not a valid domain name.</summary>
    InvalidAuthorDomain,

    /// <summary>The author domain does not exist (NXDOMAIN, §4.3 "Check Domain Scope").</summary>
    DomainNotFound,

    /// <summary>A query failed transiently (SERVFAIL, timeout) or the time budget ran out.</summary>
    DnsFailure,

    /// <summary>More than one TXT record at the ADSP name ("the ADSP result is undefined", §4.3).</summary>
    MultipleRecords,

    /// <summary>A TXT record that is not a valid ADSP record was ignored (§4.1: "considered equivalent to a NODATA result").</summary>
    RecordIgnored,

    /// <summary>The message itself could not be read.</summary>
    MalformedMessage,
}
