namespace MailAuth.MimeKit;

/// <summary>
/// The result of <see cref="DmarcReportMessageComposer.ComposeAsync"/>: the <c>.eml</c> bytes of one aggregate report message,
/// its recipients, and the outcome for every <c>rua</c> URI. Never thrown.
/// </summary>
public sealed record DmarcReportMessage
{
    /// <summary>The whole message (RFC 5322, CRLF line ends), ready for SMTP <c>DATA</c>; <see langword="null"/> when <see cref="Error"/> is set.</summary>
    public byte[]? Content { get; init; }

    /// <summary>The error, or <see cref="DmarcReportMessageError.None"/>.</summary>
    public DmarcReportMessageError Error { get; init; }

    /// <summary>Why there is no message; empty on success.</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>The attachment's file name (RFC 9990 §3.5.2 <c>receiver!policy-domain!begin!end[!unique-id].xml.gz</c>); empty when the report was invalid.</summary>
    public string FileName { get; init; } = string.Empty;

    /// <summary>The Subject (RFC 9990 §3.5.2 <c>Report Domain: … Submitter: … Report-ID: &lt;…&gt;</c>); empty when the report was invalid.</summary>
    public string Subject { get; init; } = string.Empty;

    /// <summary>The Message-ID without angle brackets; empty when the report was invalid.</summary>
    public string MessageId { get; init; } = string.Empty;

    /// <summary>One entry per <c>rua</c> URI (and per override URI), in the record's order.</summary>
    public IReadOnlyList<DmarcReportMessageDestination> Destinations { get; init; } = [];

    /// <summary>The envelope recipients (SMTP <c>RCPT TO</c>): the accepted addresses, also listed in the <c>To</c> field.</summary>
    public IReadOnlyList<string> Recipients => Destinations.Where(d => d.Accepted).Select(d => d.Address!).ToArray();

    /// <summary><see langword="true"/> when <see cref="Content"/> is set.</summary>
    public bool Success => Content is not null;
}
