using MailAuth.Text;

namespace MailAuth.Audit;

/// <summary>
/// One result of a <see cref="DomainAuditor"/> check. Every text that comes from DNS or the caller is escaped (control,
/// line-break and bidirectional characters shown as <c>\n</c>, <c>\uXXXX</c>), so it is safe to print.
/// </summary>
public sealed record AuditFinding
{
    internal AuditFinding(AuditSeverity severity, string code, string message, string? name = null, string? record = null, int? position = null)
    {
        Severity = severity;
        Code = code;
        Message = ReasonText.Escape(message);
        Name = ReasonText.Escape(name);
        Record = ReasonText.Escape(record);
        Position = record is not null && position is { } p && p >= 0 && p < record.Length ? p : null;
    }

    /// <summary>How much the finding matters.</summary>
    public AuditSeverity Severity { get; }

    /// <summary>The stable code (one of <see cref="AuditCodes"/>, listed in docs/audit.md).</summary>
    public string Code { get; }

    /// <summary>What was found and what to do, in one or two sentences.</summary>
    public string Message { get; }

    /// <summary>The DNS name the record was read from (e.g. <c>_dmarc.example.com</c>), or <see langword="null"/>.</summary>
    public string? Name { get; }

    /// <summary>The record text as published (TXT strings joined), escaped; <see langword="null"/> when the finding is about no record.</summary>
    public string? Record { get; }

    /// <summary>
    /// The zero-based offset in the published record text (before escaping) of the term or tag the finding is about,
    /// or <see langword="null"/>. Always less than the published text's length, so also within <see cref="Record"/>.
    /// </summary>
    public int? Position { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Severity.ToString().ToLowerInvariant()} {Code}: {Message}";
}
