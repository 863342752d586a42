namespace MailAuth.Reports;

/// <summary>
/// Builds aggregate report documents from an <see cref="IDmarcReportStore"/>: one report per policy domain and interval
/// (RFC 9990 §2.1). The Report-ID is derived from the policy domain and interval, so building twice gives the same report.
/// </summary>
public sealed class DmarcReportGenerator
{
    private readonly DmarcReportGeneratorOptions _options;

    /// <summary>Creates a generator.</summary>
    /// <param name="options">The reporter's identity and the format.</param>
    public DmarcReportGenerator(DmarcReportGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.OrgName);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Email);
        _options = options;
    }

    /// <summary>The report of one interval.</summary>
    /// <param name="data">The interval's data from a store.</param>
    /// <returns>The report.</returns>
    public DmarcAggregateReport Build(DmarcReportIntervalData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        DmarcReportInterval interval = data.Interval;
        long begin = interval.Begin.ToUnixTimeSeconds();

        // RFC 9990 DateRangeType: the end is inclusive, one second before the next interval begins.
        long end = Math.Max(begin, interval.End.ToUnixTimeSeconds() - 1);
        return new DmarcAggregateReport
        {
            Format = _options.Format,
            Version = "1.0",
            Metadata = new DmarcReportMetadata
            {
                OrgName = _options.OrgName,
                Email = _options.Email,
                ExtraContactInfo = _options.ExtraContactInfo,
                ReportId = $"{interval.PolicyDomain}.{begin}.{end}",
                Begin = DateTimeOffset.FromUnixTimeSeconds(begin),
                End = DateTimeOffset.FromUnixTimeSeconds(end),
                Generator = _options.Generator,
            },
            PolicyPublished = data.Policy,
            Records = data.Records,
        };
    }

    /// <summary>The reports of every interval in the store that ended after <paramref name="from"/> and by <paramref name="to"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="from">Exclusive lower bound of the interval end.</param>
    /// <param name="to">Inclusive upper bound of the interval end.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The reports, ordered by interval, then policy domain.</returns>
    public async Task<IReadOnlyList<DmarcAggregateReport>> BuildAsync(IDmarcReportStore store, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var reports = new List<DmarcAggregateReport>();
        foreach (DmarcReportInterval interval in await store.GetIntervalsAsync(from, to, cancellationToken).ConfigureAwait(false))
        {
            if (await store.GetIntervalDataAsync(interval, cancellationToken).ConfigureAwait(false) is { Records.Count: > 0 } data)
            {
                reports.Add(Build(data));
            }
        }

        return reports;
    }
}
