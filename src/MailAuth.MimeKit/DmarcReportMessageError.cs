namespace MailAuth.MimeKit;

/// <summary>Why <see cref="DmarcReportMessageComposer"/> produced no message.</summary>
public enum DmarcReportMessageError
{
    /// <summary>No error: the message was composed.</summary>
    None = 0,

    /// <summary>The report cannot be put in a message: its policy domain is not a domain name, its Report-ID is not <c>ridfmt</c> (RFC 9990 §3.5.1), or its dates are out of range.</summary>
    InvalidReport,

    /// <summary>No <c>rua</c> URI is left to send to; each destination says why.</summary>
    NoDestination,
}
