namespace MailAuth.Reports;

/// <summary>
/// An <see cref="IDmarcReportStore"/> in process memory: for tests, single-process receivers that report before they stop,
/// and as the reference the durable stores are tested against. Thread-safe (one lock); lost on restart.
/// </summary>
public sealed class InMemoryDmarcReportStore : IDmarcReportStore
{
    private readonly object _gate = new();
    private readonly Dictionary<DmarcReportInterval, IntervalState> _intervals = [];

    /// <inheritdoc />
    public Task RecordAsync(IReadOnlyList<DmarcReportEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        cancellationToken.ThrowIfCancellationRequested();
        var prepared = new (DmarcReportInterval Interval, DmarcPublishedPolicy Policy, string Key, DmarcReportRecord Record)[entries.Count];
        for (int i = 0; i < entries.Count; i++)
        {
            DmarcReportEntry entry = entries[i];
            ArgumentNullException.ThrowIfNull(entry);
            prepared[i] = (DmarcReportStoreKeys.Normalize(entry.Interval), entry.Policy, DmarcReportStoreCodec.EncodeRecordKey(entry.Record), entry.Record);
        }

        lock (_gate)
        {
            foreach (var (interval, policy, key, record) in prepared)
            {
                if (!_intervals.TryGetValue(interval, out IntervalState? state))
                {
                    state = new IntervalState(policy);
                    _intervals.Add(interval, state);
                }

                state.Policy = policy;
                state.Rows[key] = state.Rows.TryGetValue(key, out DmarcReportRecord? existing)
                    ? existing with { Count = existing.Count + record.Count }
                    : record;
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DmarcReportInterval>> GetIntervalsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<DmarcReportInterval> result = _intervals.Keys
                .Where(i => i.End > from && i.End <= to)
                .OrderBy(i => i.Begin).ThenBy(i => i.PolicyDomain, StringComparer.Ordinal)
                .ToArray();
            return Task.FromResult(result);
        }
    }

    /// <inheritdoc />
    public Task<DmarcReportIntervalData?> GetIntervalDataAsync(DmarcReportInterval interval, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interval);
        cancellationToken.ThrowIfCancellationRequested();
        interval = DmarcReportStoreKeys.Normalize(interval);
        lock (_gate)
        {
            if (!_intervals.TryGetValue(interval, out IntervalState? state))
            {
                return Task.FromResult<DmarcReportIntervalData?>(null);
            }

            DmarcReportRecord[] rows = state.Rows.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToArray();
            return Task.FromResult<DmarcReportIntervalData?>(new DmarcReportIntervalData(interval, state.Policy, rows));
        }
    }

    /// <inheritdoc />
    public Task<long> DeleteThroughAsync(DateTimeOffset end, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            long deleted = 0;
            foreach (DmarcReportInterval interval in _intervals.Keys.Where(i => i.End <= end).ToArray())
            {
                deleted += _intervals[interval].Rows.Count;
                _intervals.Remove(interval);
            }

            return Task.FromResult(deleted);
        }
    }

    private sealed class IntervalState(DmarcPublishedPolicy policy)
    {
        public DmarcPublishedPolicy Policy { get; set; } = policy;

        public Dictionary<string, DmarcReportRecord> Rows { get; } = new(StringComparer.Ordinal);
    }
}
