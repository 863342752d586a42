namespace MailAuth.MimeKit;

/// <summary>What became of one <c>rua</c> URI when a report message was composed (RFC 9990 §3.5 and §4, RFC 7489 §7.1 and §7.2.1).</summary>
public enum DmarcReportMessageDestinationStatus
{
    /// <summary>The address is a recipient of the message.</summary>
    Accepted = 0,

    /// <summary>Not a <c>mailto:</c> URI; only email delivery is supported (RFC 9990 §3.5.3).</summary>
    UnsupportedScheme,

    /// <summary>The URI is malformed or its address is not a plain <c>local@domain</c> (RFC 9990 §3.5: malformed URIs are ignored).</summary>
    Malformed,

    /// <summary>An external destination that did not publish <c>&lt;policy-domain&gt;._report._dmarc.&lt;host&gt;</c>, or whose override names another host (RFC 9990 §4).</summary>
    NotAuthorized,

    /// <summary>The external-destination check met a temporary DNS error; try again later (RFC 9990 §4 step 5).</summary>
    TempError,

    /// <summary>The message is larger than the URI's size limit (<c>!10m</c>, RFC 7489 §7.2.1).</summary>
    TooLarge,

    /// <summary>The same address was already accepted.</summary>
    Duplicate,

    /// <summary>More URIs than <see cref="DmarcReportMessageOptions.MaxDestinations"/> (RFC 9990 §3.5: "up to the Receiver's limits").</summary>
    OverLimit,
}
