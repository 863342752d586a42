namespace MailAuth.Text;

/// <summary>
/// Why a text did not parse, and where: the shape every parse error of this library has (<see cref="Message"/>,
/// <see cref="Offset"/>, and <see cref="ToString"/> = "message at offset N").
/// </summary>
/// <param name="Message">What is wrong, without the offset.</param>
/// <param name="Offset">The zero-based character offset in the parsed text where the problem was found, or -1 when it concerns the whole text.</param>
public sealed record ParseError(string Message, int Offset)
{
    /// <inheritdoc />
    public override string ToString() => Offset >= 0 ? $"{Message} at offset {Offset}" : Message;
}
