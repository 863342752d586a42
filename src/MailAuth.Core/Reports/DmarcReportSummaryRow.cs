namespace MailAuth.Reports;

/// <summary>The counts of one source IP and sending (RFC5322.From) domain in an aggregate report.</summary>
/// <param name="SourceIp">The source IP.</param>
/// <param name="HeaderFrom">The RFC5322.From domain.</param>
/// <param name="Messages">The messages.</param>
/// <param name="SpfAlignedPass">Messages with an aligned SPF pass.</param>
/// <param name="DkimAlignedPass">Messages with an aligned DKIM pass.</param>
/// <param name="DmarcPass">Messages that passed DMARC.</param>
/// <param name="WouldBeRejected">Messages that failed DMARC: rejected under <c>p=reject</c>.</param>
public sealed record DmarcReportSummaryRow(string SourceIp, string HeaderFrom, long Messages, long SpfAlignedPass, long DkimAlignedPass, long DmarcPass, long WouldBeRejected);
