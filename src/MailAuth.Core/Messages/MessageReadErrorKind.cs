namespace MailAuth.Messages;

/// <summary>Why <see cref="MessageReader"/> could not read a message.</summary>
public enum MessageReadErrorKind
{
    /// <summary>The message is larger than <see cref="MessageReaderOptions.MaxMessageBytes"/>.</summary>
    MessageTooLarge = 1,

    /// <summary>The header block is larger than <see cref="MessageReaderOptions.MaxHeaderBytes"/>.</summary>
    HeaderBlockTooLarge,

    /// <summary>There are more header fields than <see cref="MessageReaderOptions.MaxHeaderFields"/>.</summary>
    TooManyFields,

    /// <summary>A header line is longer than <see cref="MessageReaderOptions.MaxHeaderLineLength"/>.</summary>
    LineTooLong,

    /// <summary>A header line has no ":" (RFC 5322 §2.2: <c>field-name ":" field-body</c>).</summary>
    MissingColon,

    /// <summary>A field name is empty or has a character outside <c>ftext</c> (RFC 5322 §3.6.8: printable US-ASCII except ":").</summary>
    InvalidFieldName,

    /// <summary>The header block starts with a continuation line (leading whitespace) that belongs to no field.</summary>
    ContinuationWithoutField,
}
