using System.Data.Common;

namespace MailAuth.Reports;

/// <summary>
/// Shared by the database stores (compiled into each package): entries merged by key within a batch and sorted, so one
/// statement per distinct row runs and concurrent transactions take row locks in the same order (no deadlock cycles).
/// </summary>
internal static class DmarcReportStoreBatch
{
    public readonly record struct Row(string PolicyDomain, long Begin, long End, string Key, long Count);

    public readonly record struct Policy(string PolicyDomain, long Begin, long End, string Text);

    public static (List<Row> Rows, List<Policy> Policies) Prepare(IReadOnlyList<DmarcReportEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var rows = new Dictionary<(string, long, long, string), long>();
        var policies = new Dictionary<(string, long, long), string>();
        foreach (DmarcReportEntry entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry);
            DmarcReportInterval interval = DmarcReportStoreKeys.Normalize(entry.Interval);
            long begin = interval.Begin.ToUnixTimeSeconds(), end = interval.End.ToUnixTimeSeconds();
            var rowKey = (interval.PolicyDomain, begin, end, DmarcReportStoreCodec.EncodeRecordKey(entry.Record));
            rows[rowKey] = rows.TryGetValue(rowKey, out long count) ? count + entry.Record.Count : entry.Record.Count;
            policies[(interval.PolicyDomain, begin, end)] = DmarcReportStoreCodec.EncodePolicy(entry.Policy);
        }

        List<Row> rowList = rows.Select(p => new Row(p.Key.Item1, p.Key.Item2, p.Key.Item3, p.Key.Item4, p.Value))
            .OrderBy(r => r.PolicyDomain, StringComparer.Ordinal).ThenBy(r => r.Begin).ThenBy(r => r.End).ThenBy(r => r.Key, StringComparer.Ordinal)
            .ToList();
        List<Policy> policyList = policies.Select(p => new Policy(p.Key.Item1, p.Key.Item2, p.Key.Item3, p.Value))
            .OrderBy(p => p.PolicyDomain, StringComparer.Ordinal).ThenBy(p => p.Begin).ThenBy(p => p.End)
            .ToList();
        return (rowList, policyList);
    }

    /// <summary>Reads the rows (policy_domain, begin_s, end_s) of an interval query.</summary>
    public static async Task<List<DmarcReportInterval>> ReadIntervalsAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var result = new List<DmarcReportInterval>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(Interval(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return result;
    }

    public static DmarcReportInterval Interval(string policyDomain, long begin, long end) =>
        new(policyDomain, DateTimeOffset.FromUnixTimeSeconds(begin), DateTimeOffset.FromUnixTimeSeconds(end));

    public static DmarcPublishedPolicy DecodePolicy(string text) =>
        DmarcReportStoreCodec.TryDecodePolicy(text, out DmarcPublishedPolicy? policy)
            ? policy
            : throw new InvalidDataException("The report store holds a damaged policy value.");

    public static DmarcReportRecord DecodeRow(string key, long count) =>
        DmarcReportStoreCodec.TryDecodeRecordKey(key, count, out DmarcReportRecord? record)
            ? record
            : throw new InvalidDataException("The report store holds a damaged row key.");

    /// <summary>Rows in the order of the in-memory store (ordinal by key), whatever the database's collation.</summary>
    public static DmarcReportIntervalData Data(DmarcReportInterval interval, DmarcPublishedPolicy policy, List<(string Key, long Count)> rows) =>
        new(interval, policy, rows.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => DecodeRow(r.Key, r.Count)).ToArray());
}
