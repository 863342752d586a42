using MimeKit;

namespace MailAuth.MimeKit;

/// <summary>Options of <see cref="DmarcFailureReportComposer"/>.</summary>
public sealed record DmarcFailureReportComposerOptions
{
    /// <summary>The report's <c>From</c> address (the reporting mailbox, e.g. <c>dmarc-noreply@mx.example.net</c>); required.</summary>
    /// <value>No default.</value>
    public string From { get; init; } = string.Empty;

    /// <summary>The <c>User-Agent</c> field (RFC 5965 §3.1: an HTTP product list).</summary>
    /// <value>Default <c>MailAuth/1</c>.</value>
    public string UserAgent { get; init; } = "MailAuth/1";

    /// <summary>The <c>Reporting-MTA</c> host name, or <see langword="null"/> to omit it.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public string? ReportingMta { get; init; }

    /// <summary>The whole message or only its header block.</summary>
    /// <value>Default <see cref="DmarcFailureReportContent.HeadersOnly"/> (RFC 9991 §7: minimise the data exposed).</value>
    public DmarcFailureReportContent Content { get; init; } = DmarcFailureReportContent.HeadersOnly;

    /// <summary>How local parts of addresses are redacted in the copy of the message and in the report fields.</summary>
    /// <value>Default <see cref="DmarcFailureReportRedaction.None"/>.</value>
    public DmarcFailureReportRedaction Redaction { get; init; }

    /// <summary>The replacement for redacted local parts with <see cref="DmarcFailureReportRedaction.Token"/>.</summary>
    /// <value>Default <c>redacted</c>; a dot-atom of 1–64 letters, digits, '-', '_' or '.'.</value>
    public string RedactionToken { get; init; } = "redacted";

    /// <summary>The secret key for <see cref="DmarcFailureReportRedaction.KeyedHash"/> (at least 16 bytes); keep it stable to correlate reports.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public byte[]? RedactionKey { get; init; }

    /// <summary>The largest original message copied whole; larger ones are reported with their header block only.</summary>
    /// <value>Default 10 MiB (RFC 7489 §8: reports up to ten megabytes); from 1 KiB to 1 GiB.</value>
    public int MaxOriginalBytes { get; init; } = 10 << 20;

    /// <summary>The clock for the report's <c>Date</c>.</summary>
    /// <value>Default <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal MailboxAddress Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(UserAgent);
        if (!MailboxAddress.TryParse(From, out MailboxAddress? from) || from.Address.Any(c => c <= ' ' || c >= 0x7F) || from.Domain.Length == 0)
        {
            throw new ArgumentException("From must be one ASCII mail address.", nameof(From));
        }

        if (UserAgent.Length == 0 || UserAgent.Any(c => c < ' ' || c >= 0x7F))
        {
            throw new ArgumentException("The User-Agent must be printable ASCII.", nameof(UserAgent));
        }

        if (ReportingMta is { } mta && (mta.Length == 0 || mta.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-'))))
        {
            throw new ArgumentException("The Reporting-MTA must be a host name.", nameof(ReportingMta));
        }

        if (RedactionToken.Length is 0 or > 64 || RedactionToken.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) || RedactionToken[0] == '.' || RedactionToken[^1] == '.')
        {
            throw new ArgumentException("The redaction token must be a dot-atom of letters, digits, '-', '_' and '.'.", nameof(RedactionToken));
        }

        if (Redaction == DmarcFailureReportRedaction.KeyedHash && (RedactionKey is null || RedactionKey.Length < 16))
        {
            throw new ArgumentException("KeyedHash redaction needs a RedactionKey of at least 16 bytes.", nameof(RedactionKey));
        }

        if (!Enum.IsDefined(Content) || !Enum.IsDefined(Redaction))
        {
            throw new ArgumentOutOfRangeException(nameof(Content));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOriginalBytes, 1024);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxOriginalBytes, 1 << 30);
        return from;
    }
}
