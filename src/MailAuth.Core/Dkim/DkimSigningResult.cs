namespace MailAuth.Dkim;

/// <summary>
/// The result of <see cref="DkimMessageSigner"/>'s key-store overloads: the DKIM-Signature fields made, or an explicit
/// <see cref="DkimSigningStatus.NoKey"/> with the reason, so that a message never leaves unsigned without a trace.
/// </summary>
public sealed record DkimSigningResult
{
    internal DkimSigningResult(DkimSigningStatus status, string domain, IReadOnlyList<string> fields, IReadOnlyList<string> selectors, IReadOnlyList<string> missingSelectors, string? reason)
    {
        Status = status;
        Domain = domain;
        Fields = fields;
        Selectors = selectors;
        MissingSelectors = missingSelectors;
        Reason = reason;
    }

    /// <summary>Whether the message was signed.</summary>
    public DkimSigningStatus Status { get; }

    /// <summary><see langword="true"/> when <see cref="Status"/> is <see cref="DkimSigningStatus.Signed"/>.</summary>
    public bool IsSigned => Status == DkimSigningStatus.Signed;

    /// <summary>The signing domain (<c>d=</c>) asked for or taken from From; empty for <see cref="DkimSigningStatus.NoSigningDomain"/>.</summary>
    public string Domain { get; }

    /// <summary>The DKIM-Signature fields, folded, without trailing CRLF, in the order to prepend them; empty for <see cref="DkimSigningStatus.NoKey"/>.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>The selector of each field of <see cref="Fields"/>, in the same order.</summary>
    public IReadOnlyList<string> Selectors { get; }

    /// <summary>Requested selectors the store had no usable key for.</summary>
    public IReadOnlyList<string> MissingSelectors { get; }

    /// <summary>Why nothing was signed (<see cref="DkimSigningStatus.NoKey"/>, <see cref="DkimSigningStatus.NoSigningDomain"/>) or a key is missing (when <see cref="MissingSelectors"/> is not empty); otherwise <see langword="null"/>.</summary>
    public string? Reason { get; }

    /// <summary>The fields, each followed by CRLF: the text to put in front of the message.</summary>
    /// <returns>The header text; empty when nothing was signed.</returns>
    public string ToHeaderText() => string.Concat(Fields.Select(f => f + "\r\n"));

    /// <inheritdoc />
    public override string ToString() => Status switch
    {
        DkimSigningStatus.Signed => $"signed: d={Domain} s={string.Join(",", Selectors)}" + (Reason is null ? string.Empty : $" ({Reason})"),
        DkimSigningStatus.NoSigningDomain => $"nodomain: ({Reason})",
        _ => $"nokey: d={Domain} ({Reason})",
    };
}
