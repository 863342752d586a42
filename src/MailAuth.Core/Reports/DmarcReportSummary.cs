namespace MailAuth.Reports;

/// <summary>
/// What a domain owner wants from aggregate reports before moving to <c>p=reject</c>: per source IP and sending domain,
/// the counts that pass or fail SPF, DKIM and alignment, and which sources would be rejected.
/// </summary>
public sealed record DmarcReportSummary
{
    /// <summary>The rows, most messages first, then by source IP and domain.</summary>
    public IReadOnlyList<DmarcReportSummaryRow> Rows { get; init; } = [];

    /// <summary>All messages.</summary>
    public long Messages { get; init; }

    /// <summary>Messages that passed DMARC.</summary>
    public long DmarcPass { get; init; }

    /// <summary>Messages that failed DMARC (rejected under <c>p=reject</c>).</summary>
    public long WouldBeRejected { get; init; }

    /// <summary>Summarises one or more reports. Counts saturate at <see cref="long.MaxValue"/>.</summary>
    /// <param name="reports">The reports.</param>
    /// <returns>The summary.</returns>
    public static DmarcReportSummary Create(IEnumerable<DmarcAggregateReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var rows = new Dictionary<(string, string), long[]>();
        foreach (DmarcReportRecord record in reports.SelectMany(r => r.Records))
        {
            (string, string) key = (record.SourceIp, record.HeaderFrom.ToLowerInvariant());
            if (!rows.TryGetValue(key, out long[]? counts))
            {
                counts = new long[5];
                rows.Add(key, counts);
            }

            long n = record.Count;
            Add(ref counts[0], n);
            Add(ref counts[1], record.SpfAligned ? n : 0);
            Add(ref counts[2], record.DkimAligned ? n : 0);
            Add(ref counts[3], record.DmarcPass ? n : 0);
            Add(ref counts[4], record.DmarcPass ? 0 : n);
        }

        DmarcReportSummaryRow[] summary = rows
            .Select(p => new DmarcReportSummaryRow(p.Key.Item1, p.Key.Item2, p.Value[0], p.Value[1], p.Value[2], p.Value[3], p.Value[4]))
            .OrderByDescending(r => r.Messages).ThenBy(r => r.SourceIp, StringComparer.Ordinal).ThenBy(r => r.HeaderFrom, StringComparer.Ordinal)
            .ToArray();
        long messages = 0, pass = 0, rejected = 0;
        foreach (DmarcReportSummaryRow row in summary)
        {
            Add(ref messages, row.Messages);
            Add(ref pass, row.DmarcPass);
            Add(ref rejected, row.WouldBeRejected);
        }

        return new DmarcReportSummary { Rows = summary, Messages = messages, DmarcPass = pass, WouldBeRejected = rejected };
    }

    private static void Add(ref long total, long value) => total = total > long.MaxValue - value ? long.MaxValue : total + value;
}
