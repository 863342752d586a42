namespace MailAuth.MimeKit;

/// <summary>Why a message could not be read as an ARF feedback report (RFC 5965 §4: malformed reports are ignored or rejected with the cause).</summary>
public enum ArfReadError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>No bytes.</summary>
    Empty,

    /// <summary>Larger than <see cref="ArfReportReaderOptions.MaxMessageBytes"/>.</summary>
    TooLarge,

    /// <summary>Not a readable MIME message.</summary>
    Malformed,

    /// <summary>Not <c>multipart/report; report-type=feedback-report</c> (RFC 5965 §2 a).</summary>
    NotFeedbackReport,

    /// <summary>No <c>message/feedback-report</c> part (RFC 5965 §2 c).</summary>
    MissingFeedbackPart,

    /// <summary>No <c>message/rfc822</c> or <c>text/rfc822-headers</c> part (RFC 5965 §2 d, RFC 6591 §3.1).</summary>
    MissingOriginal,

    /// <summary>A required field is missing: <c>Feedback-Type</c>, <c>User-Agent</c>, <c>Version</c> (RFC 5965 §3.1), or <c>Auth-Failure</c> for <c>auth-failure</c> (RFC 6591 §3.2.1).</summary>
    MissingField,

    /// <summary>A field that may appear once appears more often (RFC 5965 §3.1, §3.2), or both <c>Arrival-Date</c> and <c>Received-Date</c>.</summary>
    DuplicateField,

    /// <summary>A field value breaks its syntax (<c>Version</c>, <c>Incidents</c>, <c>Source-IP</c>).</summary>
    InvalidField,

    /// <summary>More MIME entities than <see cref="ArfReportReaderOptions.MaxParts"/>.</summary>
    TooManyParts,

    /// <summary>MIME nesting deeper than <see cref="ArfReportReaderOptions.MaxDepth"/>.</summary>
    TooDeep,

    /// <summary>More report fields than <see cref="ArfReportReaderOptions.MaxFields"/>.</summary>
    TooManyFields,
}
