namespace MailAuth.Dmarc;

/// <summary>
/// What caused a DMARC result other than <c>pass</c> (RFC 7489 §6.6, RFC 9989 §4.10, §9.2), as <see cref="Dkim.DkimProblem"/>
/// does for DKIM. <see cref="None"/> for a pass.
/// </summary>
public enum DmarcProblem
{
    /// <summary>No problem: an identifier produced an aligned pass.</summary>
    None = 0,

    /// <summary>No Author Domain: no From field, or a From field with no address (RFC 7489 §6.6.1): <c>permerror</c>.</summary>
    NoAuthorDomain,

    /// <summary>An Author Domain is unusable: no domain, a domain literal, an invalid domain, an unparseable field: <c>permerror</c>.</summary>
    InvalidAuthorDomain,

    /// <summary>More than one From field (RFC 5322 §3.6) with <see cref="DmarcOptions.MultipleFromFieldsPermError"/>: <c>permerror</c>.</summary>
    MultipleFromFields,

    /// <summary>More distinct From domains than <see cref="DmarcOptions.MaxAuthorDomains"/>: <c>permerror</c> with disposition reject (fail closed).</summary>
    TooManyAuthorDomains,

    /// <summary>No DMARC Policy Record was found (RFC 9989 §4.10): <c>none</c>.</summary>
    NoRecord,

    /// <summary>More than one DMARC record at the policy domain (RFC 7489 §6.6.3): <c>none</c>.</summary>
    MultipleRecords,

    /// <summary>The record has no valid policy and no valid <c>rua</c>, so it is not used (RFC 7489 §6.6.3, RFC 9989 §4.10.1): <c>permerror</c>.</summary>
    InvalidRecord,

    /// <summary>A DNS query failed during policy discovery or alignment: <c>temperror</c>.</summary>
    DnsFailure,

    /// <summary>The time budget ran out (<see cref="DmarcOptions.Timeout"/> or the facade's): <c>temperror</c>.</summary>
    Timeout,

    /// <summary>No SPF or DKIM pass is aligned with the Author Domain (RFC 7489 §3.1, §4.2): <c>fail</c>.</summary>
    NotAligned,

    /// <summary>The message could not be read, so no From field is known: <c>permerror</c>.</summary>
    MalformedMessage,
}
