using System.Diagnostics.CodeAnalysis;

namespace MailAuth.MimeKit;

/// <summary>The outcome of reading one ARF message: the report, or why there is none.</summary>
/// <param name="Error">The error, or <see cref="ArfReadError.None"/>.</param>
/// <param name="Reason">A description of the error (attacker text escaped), or <see langword="null"/>.</param>
/// <param name="Report">The report, or <see langword="null"/> on error.</param>
public sealed record ArfReadResult(ArfReadError Error, string? Reason, ArfReport? Report)
{
    /// <summary><see langword="true"/> when <see cref="Report"/> was read.</summary>
    [MemberNotNullWhen(true, nameof(Report))]
    public bool Success => Error == ArfReadError.None && Report is not null;
}
