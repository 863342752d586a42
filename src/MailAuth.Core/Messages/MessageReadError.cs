namespace MailAuth.Messages;

/// <summary>Why a message could not be read, and where (RFC 5322 syntax or a configured limit).</summary>
public sealed class MessageReadError
{
    /// <summary>Creates an error.</summary>
    /// <param name="kind">What went wrong.</param>
    /// <param name="message">A human-readable description.</param>
    /// <param name="offset">The byte offset in the message (after line-ending normalisation) where the problem is.</param>
    public MessageReadError(MessageReadErrorKind kind, string message, long offset)
    {
        ArgumentNullException.ThrowIfNull(message);
        Kind = kind;
        Message = message;
        Offset = offset;
    }

    /// <summary>What went wrong.</summary>
    public MessageReadErrorKind Kind { get; }

    /// <summary>A human-readable description, including the offset.</summary>
    public string Message { get; }

    /// <summary>
    /// The byte offset in the message where the problem is. When <see cref="MessageReaderOptions.NormalizeLineEndings"/>
    /// changed the message, the offset counts the normalised bytes.
    /// </summary>
    public long Offset { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Kind}: {Message}";
}
