namespace MailAuth.Reports;

/// <summary>One reporting interval of one DMARC Policy Domain: what one aggregate report covers (RFC 9990 §2.1).</summary>
/// <param name="PolicyDomain">The DMARC Policy Domain, lower case.</param>
/// <param name="Begin">The start of the interval (UTC, whole seconds).</param>
/// <param name="End">The end of the interval (UTC, whole seconds; exclusive).</param>
public sealed record DmarcReportInterval(string PolicyDomain, DateTimeOffset Begin, DateTimeOffset End);
