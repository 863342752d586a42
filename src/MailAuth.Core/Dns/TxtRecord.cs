namespace MailAuth.Dns;

/// <summary>
/// One TXT resource record. Its character-strings (RFC 1035 §3.3.14) are kept separate;
/// SPF (RFC 7208 §3.3), DKIM (RFC 6376 §3.6.2.2) and DMARC join them with no separator, as <see cref="Text"/> does.
/// </summary>
public sealed class TxtRecord : IEquatable<TxtRecord>
{
    private string? _text;

    /// <summary>Creates a TXT record from its character-strings.</summary>
    /// <param name="strings">The character-strings in wire order (each at most 255 octets on the wire).</param>
    public TxtRecord(IReadOnlyList<string> strings)
    {
        ArgumentNullException.ThrowIfNull(strings);
        Strings = strings;
    }

    /// <summary>Creates a TXT record of one or more character-strings.</summary>
    /// <param name="strings">The character-strings.</param>
    public TxtRecord(params string[] strings) : this((IReadOnlyList<string>)strings)
    {
    }

    /// <summary>The character-strings in wire order.</summary>
    public IReadOnlyList<string> Strings { get; }

    /// <summary>The character-strings concatenated without separators.</summary>
    public string Text => _text ??= Strings.Count == 1 ? Strings[0] : string.Concat(Strings);

    /// <inheritdoc />
    public bool Equals(TxtRecord? other) => other is not null && Strings.SequenceEqual(other.Strings, StringComparer.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TxtRecord);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    /// <inheritdoc />
    public override string ToString() => string.Join(" ", Strings.Select(s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""));
}
