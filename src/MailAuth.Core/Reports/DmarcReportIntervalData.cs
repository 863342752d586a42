namespace MailAuth.Reports;

/// <summary>What a store holds for one interval: the published policy and the aggregated rows with their counts.</summary>
/// <param name="Interval">The interval and policy domain.</param>
/// <param name="Policy">The latest policy recorded for the interval.</param>
/// <param name="Records">The rows, each with its summed count, in a stable order (by key).</param>
public sealed record DmarcReportIntervalData(DmarcReportInterval Interval, DmarcPublishedPolicy Policy, IReadOnlyList<DmarcReportRecord> Records);
