namespace MailAuth.Reports;

/// <summary>The disposition a receiver applied to the messages of one report row (RFC 9990 <c>ActionDispositionType</c>).</summary>
public enum DmarcReportDisposition
{
    /// <summary><c>none</c>: no action taken.</summary>
    None = 0,

    /// <summary><c>pass</c>: no action, the messages passed DMARC under an enforcing policy (RFC 9990 only; written as <c>none</c> in RFC 7489 reports).</summary>
    Pass = 1,

    /// <summary><c>quarantine</c>: the messages were quarantined.</summary>
    Quarantine = 2,

    /// <summary><c>reject</c>: the messages were rejected.</summary>
    Reject = 3,
}
