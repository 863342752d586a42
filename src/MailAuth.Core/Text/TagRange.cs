namespace MailAuth.Text;

/// <summary>
/// One tag-spec of a tag-list, as offsets into the parsed text: the tag-name and the tag-value with surrounding
/// FWS removed (FWS inside the value is kept, RFC 6376 §3.2). Allocation-free; slice the text with
/// <see cref="Name"/> and <see cref="Value"/>.
/// </summary>
internal readonly struct TagRange
{
    /// <summary>Creates a range.</summary>
    public TagRange(int nameStart, int nameLength, int valueStart, int valueLength)
    {
        NameStart = nameStart;
        NameLength = nameLength;
        ValueStart = valueStart;
        ValueLength = valueLength;
    }

    /// <summary>Offset of the tag-name.</summary>
    public int NameStart { get; }

    /// <summary>Length of the tag-name.</summary>
    public int NameLength { get; }

    /// <summary>Offset of the tag-value (after leading FWS).</summary>
    public int ValueStart { get; }

    /// <summary>Length of the tag-value (without trailing FWS); 0 for an empty value.</summary>
    public int ValueLength { get; }

    /// <summary>The tag-name as a range of the text.</summary>
    public Range Name => new(NameStart, NameStart + NameLength);

    /// <summary>The tag-value as a range of the text.</summary>
    public Range Value => new(ValueStart, ValueStart + ValueLength);
}
