namespace MailAuth.MimeKit;

/// <summary>What of the failed message a failure report carries (RFC 5965 §2 d, RFC 6591 §3.1).</summary>
public enum DmarcFailureReportContent
{
    /// <summary>Only the header block, as <c>text/rfc822-headers</c>: no message body reaches the Domain Owner (RFC 9991 §7).</summary>
    HeadersOnly = 0,

    /// <summary>The whole message, as <c>message/rfc822</c> (RFC 5965 recommends it; RFC 9991 §7 warns about the privacy cost).</summary>
    Message = 1,
}
