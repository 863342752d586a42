namespace MailAuth.Reports;

/// <summary>
/// What a receiver adds to an <see cref="IDmarcReportStore"/>: the interval and policy domain it belongs to, the policy
/// applied and one report row whose <see cref="DmarcReportRecord.Count"/> is the number of messages to add. Rows equal in
/// everything but the count aggregate (RFC 9990 §2.1: policy domain, source IP, identifiers, results, disposition, reasons).
/// </summary>
/// <param name="Interval">The interval and policy domain.</param>
/// <param name="Policy">The published policy as applied; the latest one recorded for an interval is reported.</param>
/// <param name="Record">The row; its count is added.</param>
public sealed record DmarcReportEntry(DmarcReportInterval Interval, DmarcPublishedPolicy Policy, DmarcReportRecord Record);
