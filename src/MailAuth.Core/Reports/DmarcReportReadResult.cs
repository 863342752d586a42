namespace MailAuth.Reports;

/// <summary>The result of <see cref="DmarcReportReader.Read"/>: the report, or why there is none. Never thrown.</summary>
public sealed record DmarcReportReadResult
{
    /// <summary>The report, or <see langword="null"/> when <see cref="Error"/> is set.</summary>
    public DmarcAggregateReport? Report { get; init; }

    /// <summary>The error, or <see cref="DmarcReportReadError.None"/>.</summary>
    public DmarcReportReadError Error { get; init; }

    /// <summary>A human-readable reason (with the XML line and position where known); empty on success.</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>What wrapped the XML.</summary>
    public DmarcReportContainer Container { get; init; }

    /// <summary>Deviations from the schema that were accepted (upper-case words, empty reasons, invalid UTF-8 replaced, …).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary><see langword="true"/> when <see cref="Report"/> is set.</summary>
    public bool Success => Report is not null;
}
