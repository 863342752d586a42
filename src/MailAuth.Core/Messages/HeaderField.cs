using System.Text;

namespace MailAuth.Messages;

/// <summary>
/// One header field exactly as it is in the message (RFC 5322 §2.2): the name, and slices of the original bytes.
/// </summary>
/// <remarks>
/// <see cref="Raw"/> includes the terminating CRLF, because DKIM "simple" header canonicalization
/// (RFC 6376 §3.4.1) hashes the field byte for byte including it; the last field of a message that ends without a
/// line break has no CRLF. The memory belongs to the <see cref="RawMessage"/> and is valid until it is disposed.
/// </remarks>
public sealed class HeaderField
{
    internal HeaderField(string name, ReadOnlyMemory<byte> raw, int valueStart, int valueLength, long offset)
    {
        Name = name;
        Raw = raw;
        Value = raw.Slice(valueStart, valueLength);
        Offset = offset;
    }

    /// <summary>
    /// The field name as written (case preserved), without any whitespace between the name and the colon
    /// (RFC 5322 §4.5.3 <c>obs-optional</c> allows such whitespace; the reader accepts it).
    /// </summary>
    public string Name { get; }

    /// <summary>The whole field as in the message: name, colon, value with its folding CRLFs, and the terminating CRLF.</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>The field body: every byte after the colon up to, not including, the terminating CRLF; folding kept.</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>The byte offset of the field in the message.</summary>
    public long Offset { get; }

    /// <summary>Compares <see cref="Name"/> with <paramref name="name"/> ignoring ASCII case (RFC 5322 §1.2.2).</summary>
    /// <param name="name">The name to compare with.</param>
    /// <returns><see langword="true"/> when the names are equal.</returns>
    public bool HasName(ReadOnlySpan<char> name) => Ascii.EqualsIgnoreCase(Name, name);

    /// <summary>
    /// Decodes <see cref="Value"/> as UTF-8 (RFC 6532; US-ASCII is a subset), invalid sequences becoming U+FFFD.
    /// Folding is kept.
    /// </summary>
    /// <returns>The value text.</returns>
    public string GetValueText() => Encoding.UTF8.GetString(Value.Span);

    /// <inheritdoc />
    public override string ToString() => Name + ":" + GetValueText();
}
