namespace MailAuth.Dmarc;

/// <summary>Outcome of one <c>_dmarc</c> TXT query (RFC 9989 §4.10 steps 1–2 and 5–6).</summary>
public enum DmarcLookupStatus
{
    /// <summary>Exactly one DMARC record.</summary>
    Found = 0,

    /// <summary>No DMARC record (NXDOMAIN, no TXT, or only non-DMARC TXT records).</summary>
    NotFound = 1,

    /// <summary>More than one DMARC record: all are discarded.</summary>
    Multiple = 2,

    /// <summary>A transient DNS failure (SERVFAIL, timeout, …).</summary>
    TempError = 3,
}
