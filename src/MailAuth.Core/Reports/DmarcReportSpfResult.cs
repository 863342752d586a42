namespace MailAuth.Reports;

/// <summary>One SPF result of a report row (RFC 9990 <c>SPFAuthResultType</c>): uninterpreted with respect to DMARC.</summary>
/// <param name="Domain">The checked domain.</param>
/// <param name="Scope"><c>mfrom</c> or <c>helo</c> (RFC 7489; RFC 9990 only <c>mfrom</c>), or <see langword="null"/>.</param>
/// <param name="Result">The RFC 8601 §2.7.2 word in lower case: <c>none</c>, <c>neutral</c>, <c>pass</c>, <c>fail</c>, <c>softfail</c>, <c>temperror</c>, <c>permerror</c> (and <c>policy</c> in RFC 9990).</param>
/// <param name="HumanResult">Extra text, or <see langword="null"/>.</param>
public sealed record DmarcReportSpfResult(string Domain, string? Scope, string Result, string? HumanResult = null);
