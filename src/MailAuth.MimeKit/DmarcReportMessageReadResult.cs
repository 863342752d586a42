using MailAuth.Reports;

namespace MailAuth.MimeKit;

/// <summary>The result of <see cref="DmarcReportMessageReader.Read"/>: the report attachments found, or why none was. Never thrown.</summary>
public sealed record DmarcReportMessageReadResult
{
    /// <summary>The error, or <see cref="DmarcReportMessageReadError.None"/> when report attachments were found.</summary>
    public DmarcReportMessageReadError Error { get; init; }

    /// <summary>Why, when <see cref="Error"/> is set; empty otherwise. Control characters escaped.</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>Each report attachment in message order, with its own read result (a bad attachment does not hide a good one).</summary>
    public IReadOnlyList<DmarcReportMessageAttachment> Attachments { get; init; } = [];

    /// <summary>The reports that were read.</summary>
    public IReadOnlyList<DmarcAggregateReport> Reports => Attachments.Where(a => a.Result.Success).Select(a => a.Result.Report!).ToArray();

    /// <summary><see langword="true"/> when at least one report was read.</summary>
    public bool Success => Error == DmarcReportMessageReadError.None && Attachments.Any(a => a.Result.Success);
}
