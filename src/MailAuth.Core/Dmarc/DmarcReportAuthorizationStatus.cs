namespace MailAuth.Dmarc;

/// <summary>Outcome of an external report destination check (RFC 7489 §7.1, RFC 9989 §11.6).</summary>
public enum DmarcReportAuthorizationStatus
{
    /// <summary>The destination shares the policy domain's Organizational Domain; no check is needed.</summary>
    SameOrganization = 0,

    /// <summary>The destination published a <c>v=DMARC1</c> record at <c>&lt;policy-domain&gt;._report._dmarc.&lt;destination&gt;</c>.</summary>
    Authorized = 1,

    /// <summary>No such record: reports must not be sent there.</summary>
    NotAuthorized = 2,

    /// <summary>A transient DNS failure; try again later.</summary>
    TempError = 3,

    /// <summary>The URI has no usable destination host, or a domain is invalid.</summary>
    Invalid = 4,
}
