namespace MailAuth.Dns;

/// <summary>
/// Outcome of a DNS query. Values mirror the RCODEs of RFC 1035 §4.1.1 plus
/// <see cref="Timeout"/> for a query that received no answer in time.
/// </summary>
public enum DnsStatus
{
    /// <summary>The name exists; the answer may still hold no records of the asked type (NODATA).</summary>
    NoError = 0,

    /// <summary>The name does not exist (RCODE 3, NXDOMAIN).</summary>
    NxDomain,

    /// <summary>The server failed to answer (RCODE 2, SERVFAIL).</summary>
    ServerFailure,

    /// <summary>The server refused the query (RCODE 5).</summary>
    Refused,

    /// <summary>The server could not interpret the query (RCODE 1).</summary>
    FormatError,

    /// <summary>No answer arrived within the configured time (after retries).</summary>
    Timeout,

    /// <summary>Any other failure: unexpected RCODE, network error, malformed answer.</summary>
    OtherError,
}
