namespace MailAuth.Spf;

/// <summary>
/// Why an SPF record (RFC 7208 §4.6, §12) or a macro-string (§7.1) could not be parsed:
/// a message, the zero-based position in the parsed text and the offending term.
/// </summary>
/// <param name="Message">What is wrong.</param>
/// <param name="Offset">Zero-based character offset of the problem in the parsed text.</param>
/// <param name="Term">The offending term (or the text around the problem); empty when the whole input is at fault.</param>
public readonly record struct SpfParseError(string Message, int Offset, string Term)
{
    /// <inheritdoc />
    public override string ToString() => string.IsNullOrEmpty(Term)
        ? $"{Message} at offset {Offset}"
        : $"{Message} in '{Term}' at offset {Offset}";
}
