namespace MailAuth.MimeKit;

/// <summary>Why <see cref="DmarcReportMessageReader"/> found no report attachment to read. Each value is documented in docs/reports.md.</summary>
public enum DmarcReportMessageReadError
{
    /// <summary>No error: at least one report attachment was found; each attachment has its own read result.</summary>
    None = 0,

    /// <summary>The input was empty.</summary>
    Empty,

    /// <summary>The message is larger than <see cref="DmarcReportMessageReaderOptions.MaxMessageBytes"/>.</summary>
    TooLarge,

    /// <summary>The message has more MIME entities than <see cref="DmarcReportMessageReaderOptions.MaxParts"/>.</summary>
    TooManyParts,

    /// <summary>Multiparts and enclosed messages nest deeper than <see cref="DmarcReportMessageReaderOptions.MaxDepth"/>.</summary>
    TooDeep,

    /// <summary>The message has more report attachments than <see cref="DmarcReportMessageReaderOptions.MaxReports"/>.</summary>
    TooManyReports,

    /// <summary>The bytes are not a MIME message MimeKit can parse.</summary>
    InvalidMime,

    /// <summary>The message holds no attachment that is (or is declared as) gzip, zip or XML.</summary>
    NoReport,
}
