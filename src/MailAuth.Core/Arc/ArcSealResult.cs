namespace MailAuth.Arc;

/// <summary>
/// The outcome of sealing (RFC 8617 §5.1): the three header fields of the new ARC Set, or why none was added.
/// Prepend <see cref="Fields"/> in order (ARC-Seal on top), each followed by CRLF: <see cref="ToHeaderBlock"/>.
/// </summary>
public sealed record ArcSealResult
{
    /// <summary>What the sealer did.</summary>
    public ArcSealOutcome Outcome { get; internal init; }

    /// <summary>Whether an ARC Set was made.</summary>
    public bool IsSealed => Outcome == ArcSealOutcome.Sealed;

    /// <summary>The instance of the new set (N + 1), or of the set that would have been added.</summary>
    public int Instance { get; internal init; }

    /// <summary>The <c>cv=</c> written in the new ARC-Seal: the chain's status before sealing (RFC 8617 §5.1 step 4.C).</summary>
    public ArcStatus ChainValidation { get; internal init; }

    /// <summary>The ARC-Seal field (name included, folded, no trailing CRLF), or <see langword="null"/>.</summary>
    public string? Seal { get; internal init; }

    /// <summary>The ARC-Message-Signature field, or <see langword="null"/>.</summary>
    public string? MessageSignature { get; internal init; }

    /// <summary>The ARC-Authentication-Results field, or <see langword="null"/>.</summary>
    public string? AuthenticationResults { get; internal init; }

    /// <summary>Why no set was added, or <see langword="null"/>.</summary>
    public string? Reason { get; internal init; }

    /// <summary>The fields to prepend, top first (AS, AMS, AAR); empty when nothing was sealed.</summary>
    public IReadOnlyList<string> Fields => IsSealed ? [Seal!, MessageSignature!, AuthenticationResults!] : [];

    /// <summary>The fields joined, each ending in CRLF, ready to prepend to the message; empty when nothing was sealed.</summary>
    /// <returns>The header block text.</returns>
    public string ToHeaderBlock() => string.Concat(Fields.Select(f => f + "\r\n"));
}
