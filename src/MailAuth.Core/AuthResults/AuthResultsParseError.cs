using MailAuth.Text;

namespace MailAuth.AuthResults;

/// <summary>Why an Authentication-Results field (RFC 8601 §2.2) could not be parsed, and where.</summary>
public sealed class AuthResultsParseError
{
    /// <summary>Creates an error.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="offset">The character offset in the parsed text.</param>
    public AuthResultsParseError(string message, int offset)
    {
        ArgumentNullException.ThrowIfNull(message);
        Message = ReasonText.Escape(message);
        Offset = offset;
    }

    /// <summary>What was wrong, e.g. <c>'=' expected after the method</c>.</summary>
    public string Message { get; }

    /// <summary>The character offset in the parsed text where the problem is.</summary>
    public int Offset { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Message} at offset {Offset}";
}
