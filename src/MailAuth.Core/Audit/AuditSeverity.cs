namespace MailAuth.Audit;

/// <summary>How much an <see cref="AuditFinding"/> matters; it decides the <see cref="AuditSignal"/> (docs/audit.md).</summary>
public enum AuditSeverity
{
    /// <summary>Information or good practice noted; no action needed.</summary>
    Info = 0,

    /// <summary>Works, but weak or risky (monitoring only, a 1024-bit key, a long TTL): the signal is at least yellow.</summary>
    Warning = 1,

    /// <summary>Broken, or mail from the profile would fail: the signal is red.</summary>
    Error = 2,
}
