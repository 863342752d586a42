using MailAuth.Text;

namespace MailAuth.AuthResults;

/// <summary>Why an Authentication-Results field (RFC 8601 §2.2) could not be parsed, and where.</summary>
public sealed class AuthResultsParseError
{
    /// <summary>Creates an error.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="offset">The character offset in the parsed text.</param>
    public AuthResultsParseError(string message, int offset)
        : this(message, offset, 0)
    {
    }

    /// <summary>Creates an error that covers a span of the text (what lenient parsing skipped).</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="offset">The character offset in the parsed text where the span starts.</param>
    /// <param name="length">The length of the span; 0 for a position.</param>
    public AuthResultsParseError(string message, int offset, int length)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Message = ReasonText.Escape(message);
        Offset = offset;
        Length = length;
    }

    /// <summary>What was wrong, e.g. <c>'=' expected after the method</c>.</summary>
    public string Message { get; }

    /// <summary>The character offset in the parsed text where the problem is.</summary>
    public int Offset { get; }

    /// <summary>
    /// The length of the text that lenient parsing skipped from <see cref="Offset"/> (<see cref="AuthResultsParseMode.Lenient"/>);
    /// 0 for a syntax error at a position.
    /// </summary>
    public int Length { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Message} at offset {Offset}";
}
