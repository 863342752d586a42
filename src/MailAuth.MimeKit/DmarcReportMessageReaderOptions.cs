using MailAuth.Reports;

namespace MailAuth.MimeKit;

/// <summary>Limits of <see cref="DmarcReportMessageReader"/>; each violation is a <see cref="DmarcReportMessageReadError"/>, never an exception.</summary>
public sealed record DmarcReportMessageReaderOptions
{
    /// <summary>The largest message in bytes.</summary>
    /// <value>Default 32 MiB (a gzip report of 64 MiB of XML is about 3 MiB; base64 adds a third).</value>
    public long MaxMessageBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>The most MIME entities (leaf parts, multiparts and enclosed messages), counted while parsing.</summary>
    /// <value>Default 100.</value>
    public int MaxParts { get; init; } = 100;

    /// <summary>The deepest nesting of multiparts and enclosed messages (the top-level body is depth 1).</summary>
    /// <value>Default 8.</value>
    public int MaxDepth { get; init; } = 8;

    /// <summary>The most report attachments read from one message.</summary>
    /// <value>Default 16.</value>
    public int MaxReports { get; init; } = 16;

    /// <summary>The limits for each attachment (size, compression ratio, zip entries, records, depth).</summary>
    /// <value>Default <see cref="DmarcReportReaderOptions.Default"/>.</value>
    public DmarcReportReaderOptions ReportReader { get; init; } = DmarcReportReaderOptions.Default;

    /// <summary>The defaults.</summary>
    public static DmarcReportMessageReaderOptions Default { get; } = new();

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageBytes, 1024, nameof(MaxMessageBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxParts, 1, nameof(MaxParts));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDepth, 1, nameof(MaxDepth));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReports, 1, nameof(MaxReports));
        ArgumentNullException.ThrowIfNull(ReportReader, nameof(ReportReader));
    }
}
