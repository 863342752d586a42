namespace MailAuth.Dkim;

/// <summary>Why a DKIM-Signature or DKIM key record did not parse.</summary>
/// <param name="Problem">The kind of problem.</param>
/// <param name="Message">A human-readable reason (for Authentication-Results comments and logs).</param>
/// <param name="Offset">Character offset in the parsed text where the problem was found, or -1 when it concerns the whole text.</param>
public readonly record struct DkimParseError(DkimProblem Problem, string Message, int Offset)
{
    /// <summary>No error.</summary>
    public static DkimParseError None => new(DkimProblem.None, string.Empty, -1);

    /// <summary><see langword="true"/> when this value describes an error.</summary>
    public bool IsError => Problem != DkimProblem.None;

    /// <inheritdoc />
    public override string ToString() => Offset >= 0 ? $"{Message} at offset {Offset}" : Message;
}
