using System.Diagnostics.CodeAnalysis;

namespace MailAuth.Messages;

/// <summary>The outcome of <see cref="MessageReader"/>: a <see cref="RawMessage"/> or a <see cref="MessageReadError"/>.</summary>
public sealed record MessageReadResult
{
    private MessageReadResult(RawMessage? message, MessageReadError? error)
    {
        Message = message;
        Error = error;
    }

    /// <summary>The message, when <see cref="IsSuccess"/>. The caller owns it and disposes it.</summary>
    public RawMessage? Message { get; }

    /// <summary>The error, when not <see cref="IsSuccess"/>.</summary>
    public MessageReadError? Error { get; }

    /// <summary><see langword="true"/> when the message was read.</summary>
    [MemberNotNullWhen(true, nameof(Message))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Message is not null;

    /// <summary>A successful result.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The result.</returns>
    public static MessageReadResult Success(RawMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new MessageReadResult(message, null);
    }

    /// <summary>A failed result.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The result.</returns>
    public static MessageReadResult Failure(MessageReadError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new MessageReadResult(null, error);
    }

    /// <inheritdoc />
    public override string ToString() => IsSuccess ? $"{Message.Headers.Count} field(s), body {Message.Body.Length} byte(s)" : Error.ToString();
}
