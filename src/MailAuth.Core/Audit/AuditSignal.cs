namespace MailAuth.Audit;

/// <summary>
/// The overall state of a domain's set-up, as the ESP page of the guides shows it: red when mail from the sending
/// profile would fail DMARC or a record is broken, yellow for monitoring only or weak keys, green otherwise.
/// </summary>
public enum AuditSignal
{
    /// <summary>No error and no warning.</summary>
    Green = 0,

    /// <summary>At least one <see cref="AuditSeverity.Warning"/> and no error.</summary>
    Yellow = 1,

    /// <summary>At least one <see cref="AuditSeverity.Error"/>.</summary>
    Red = 2,
}
