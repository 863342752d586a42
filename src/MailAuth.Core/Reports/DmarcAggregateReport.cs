namespace MailAuth.Reports;

/// <summary>
/// A DMARC aggregate report (RFC 9990 §2 / RFC 7489 §7.2 and Appendix C): metadata, the published policy and one record per
/// distinct row. Read by <see cref="DmarcReportReader"/>, written by <see cref="DmarcReportWriter"/>.
/// </summary>
public sealed record DmarcAggregateReport
{
    /// <summary>The format the report was read in, or is to be written in.</summary>
    public DmarcReportFormat Format { get; init; }

    /// <summary>The <c>version</c> element as written, or <see langword="null"/>.</summary>
    public string? Version { get; init; }

    /// <summary>The <c>report_metadata</c>.</summary>
    public required DmarcReportMetadata Metadata { get; init; }

    /// <summary>The <c>policy_published</c>.</summary>
    public required DmarcPublishedPolicy PolicyPublished { get; init; }

    /// <summary>The file-level extensions (children of <c>&lt;extension&gt;</c>, RFC 9990 §5); written in RFC 9990 reports only.</summary>
    public IReadOnlyList<DmarcReportExtension> Extensions { get; init; } = [];

    /// <summary>The records, in document order.</summary>
    public IReadOnlyList<DmarcReportRecord> Records { get; init; } = [];

    /// <summary>The total message count over <see cref="Records"/> (saturates at <see cref="long.MaxValue"/>).</summary>
    public long MessageCount
    {
        get
        {
            long total = 0;
            foreach (DmarcReportRecord record in Records)
            {
                total = total > long.MaxValue - record.Count ? long.MaxValue : total + record.Count;
            }

            return total;
        }
    }
}
