namespace MailAuth.Reports;

/// <summary>
/// Where a receiver accumulates DMARC aggregate report data between reports. Implementations: <see cref="InMemoryDmarcReportStore"/>,
/// MailAuth.Reports.Sqlite (one host, several processes) and MailAuth.Reports.PostgreSql (a fleet). Every implementation is
/// thread-safe, sums counts of equal rows and loses no count under concurrent writers; all pass one contract test suite.
/// </summary>
public interface IDmarcReportStore
{
    /// <summary>Adds entries atomically: each entry's count is added to its row (created when new), and its policy recorded.</summary>
    /// <param name="entries">The entries; may be empty.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the entries are stored (durably, for durable stores).</returns>
    Task RecordAsync(IReadOnlyList<DmarcReportEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>The intervals with data whose end is after <paramref name="from"/> and at or before <paramref name="to"/>.</summary>
    /// <param name="from">Exclusive lower bound of the interval end.</param>
    /// <param name="to">Inclusive upper bound of the interval end.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The intervals ordered by begin, then policy domain.</returns>
    Task<IReadOnlyList<DmarcReportInterval>> GetIntervalsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>The policy and rows of one interval.</summary>
    /// <param name="interval">The interval.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The data, or <see langword="null"/> when the store has none for it.</returns>
    Task<DmarcReportIntervalData?> GetIntervalDataAsync(DmarcReportInterval interval, CancellationToken cancellationToken = default);

    /// <summary>Deletes the data of every interval that ends at or before <paramref name="end"/> (after its reports are sent).</summary>
    /// <param name="end">The cut-off.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of rows deleted.</returns>
    Task<long> DeleteThroughAsync(DateTimeOffset end, CancellationToken cancellationToken = default);
}
