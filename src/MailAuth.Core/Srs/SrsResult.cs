using MailAuth.Text;

namespace MailAuth.Srs;

/// <summary>
/// The outcome of <see cref="SrsRewriter.Forward"/> or <see cref="SrsRewriter.Reverse"/>: the address, or why there is none.
/// A record, so a copy with changes is made with <c>with</c>.
/// </summary>
public sealed record SrsResult
{
    private readonly string _reason = string.Empty;

    /// <summary><see langword="true"/> when <see cref="Address"/> holds the result.</summary>
    public bool Success => Error == SrsError.None;

    /// <summary>
    /// Forward: the rewritten address (or the sender unchanged when <see cref="Rewritten"/> is <see langword="false"/>).
    /// Reverse: the decoded address (for an SRS1 address, the SRS0 address at the first forwarder). <see langword="null"/> on error.
    /// </summary>
    public string? Address { get; init; }

    /// <summary>What went wrong; <see cref="SrsError.None"/> on success.</summary>
    public SrsError Error { get; init; }

    /// <summary>A human-readable explanation. Control characters are shown as escapes.</summary>
    public string Reason { get => _reason; init => _reason = ReasonText.Escape(value) ?? string.Empty; }

    /// <summary>Forward: the form written. Reverse: the form of the input.</summary>
    public SrsAddressKind Kind { get; init; }

    /// <summary>Forward: <see langword="false"/> when the sender was left as it was (null reverse-path, or its domain is the alias domain).</summary>
    public bool Rewritten { get; init; }

    /// <summary>Reverse: <see langword="true"/> when the hash matched only ignoring case (a relay changed the local part's case).</summary>
    public bool HashCaseFolded { get; init; }

    /// <summary>Reverse: the index in <see cref="SrsOptions.Secrets"/> of the secret whose hash matched; -1 otherwise.</summary>
    public int SecretIndex { get; init; } = -1;

    internal static SrsResult Fail(SrsError error, string reason, SrsAddressKind kind = SrsAddressKind.None)
        => new() { Error = error, Reason = reason, Kind = kind };

    /// <inheritdoc />
    public override string ToString() => Success ? Address ?? string.Empty : $"{Error}: {Reason}";
}
