using MailAuth.Reports;
using MimeKit;

namespace MailAuth.MimeKit;

/// <summary>
/// The result of <see cref="DmarcFailureReportComposer.TryCompose"/>: the report message sized for its destinations, or no
/// report and why. Destinations whose <c>!size</c> limit even the header-only report exceeds carry
/// <see cref="DmarcFailureReportDestinationStatus.TooLarge"/> in <see cref="Decision"/>.
/// </summary>
public sealed record DmarcFailureReportComposition
{
    /// <summary>The report, addressed to <see cref="DmarcFailureReportDecision.Recipients"/> of <see cref="Decision"/>; <see langword="null"/> when there is none.</summary>
    public MimeMessage? Message { get; init; }

    /// <summary>The decision with each destination's final status (<see cref="DmarcFailureReportDestinationStatus.TooLarge"/> where the report does not fit).</summary>
    public required DmarcFailureReportDecision Decision { get; init; }

    /// <summary><see langword="true"/> when the report carries only the header block of the failed message (by option, <c>MaxOriginalBytes</c> or a size limit).</summary>
    public bool HeadersOnly { get; init; }

    /// <summary>The size in bytes of <see cref="Message"/> as <see cref="DmarcFailureReportComposer.ToBytes"/> writes it (CRLF); 0 without a message.</summary>
    public long Size { get; init; }

    /// <summary>What was composed or why nothing was, for logs and the command line.</summary>
    public required string Reason { get; init; }

    /// <summary><see langword="true"/> when there is a report to send.</summary>
    public bool Success => Message is not null;
}
