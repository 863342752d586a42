namespace MailAuth.Reports;

/// <summary>The XML format of a DMARC aggregate report.</summary>
public enum DmarcReportFormat
{
    /// <summary>RFC 9990 (namespace <c>urn:ietf:params:xml:ns:dmarc-2.0</c>): <c>np</c>, <c>testing</c>, <c>discovery_method</c>. The default.</summary>
    Rfc9990 = 0,

    /// <summary>RFC 7489 Appendix C (no namespace in practice, <c>http://dmarc.org/dmarc-xml/0.1</c> in the schema): <c>pct</c>, <c>sp</c> and <c>fo</c> required.</summary>
    Rfc7489 = 1,
}
