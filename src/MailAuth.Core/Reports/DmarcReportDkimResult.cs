namespace MailAuth.Reports;

/// <summary>One DKIM result of a report row (RFC 9990 <c>DKIMAuthResultType</c>): uninterpreted with respect to DMARC.</summary>
/// <param name="Domain">The signature's <c>d=</c>.</param>
/// <param name="Selector">The signature's <c>s=</c>, or <see langword="null"/> (optional in RFC 7489).</param>
/// <param name="Result">The RFC 8601 §2.7.1 word in lower case: <c>none</c>, <c>pass</c>, <c>fail</c>, <c>policy</c>, <c>neutral</c>, <c>temperror</c>, <c>permerror</c>.</param>
/// <param name="HumanResult">Extra text, or <see langword="null"/>.</param>
public sealed record DmarcReportDkimResult(string Domain, string? Selector, string Result, string? HumanResult = null);
