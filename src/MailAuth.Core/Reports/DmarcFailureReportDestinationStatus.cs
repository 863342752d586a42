namespace MailAuth.Reports;

/// <summary>Whether a failure report may go to one <c>ruf</c> destination, and if not why.</summary>
public enum DmarcFailureReportDestinationStatus
{
    /// <summary>Send the report: the destination is authorized and within its rate limit.</summary>
    Send = 0,

    /// <summary>Not a <c>mailto:</c> URI with an address; failure reports are sent by mail only.</summary>
    Unsupported = 1,

    /// <summary>An external destination that did not authorize reports (RFC 9991 §5, RFC 9990 §4), or an invalid domain.</summary>
    NotAuthorized = 2,

    /// <summary>The authorization check met a DNS failure; no report now (fail closed).</summary>
    TempError = 3,

    /// <summary>The destination got its allowed number of reports in the current window (RFC 9991 §2, §8.1).</summary>
    RateLimited = 4,

    /// <summary>Beyond <see cref="DmarcFailureReportDeciderOptions.MaxDestinations"/>.</summary>
    TooMany = 5,

    /// <summary>
    /// The URI's size limit (RFC 7489 §6.4 <c>!</c> suffix, which <c>ruf</c> shares) is smaller than even the header-only report:
    /// a report over the limit MUST NOT be sent there (RFC 7489 §7.2.1). Set by the composer, which measures the report.
    /// </summary>
    TooLarge = 6,
}
