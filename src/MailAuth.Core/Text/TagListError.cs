namespace MailAuth.Text;

/// <summary>A tag-list parse error: its kind and the character offset in the parsed text.</summary>
/// <param name="Kind">What went wrong; <see cref="TagListErrorKind.None"/> for success.</param>
/// <param name="Position">Offset of the offending character in the input text.</param>
internal readonly record struct TagListError(TagListErrorKind Kind, int Position)
{
    /// <summary>No error.</summary>
    public static TagListError None => default;

    /// <summary><see langword="true"/> when this value describes an error.</summary>
    public bool IsError => Kind != TagListErrorKind.None;

    /// <summary>What went wrong, without the position (for callers that report <see cref="Position"/> themselves).</summary>
    public string Description => Kind switch
    {
        TagListErrorKind.None => "no error",
        TagListErrorKind.EmptyTagSpec => "empty tag-spec",
        TagListErrorKind.InvalidTagName => "invalid tag name",
        TagListErrorKind.MissingEquals => "'=' expected after tag name",
        TagListErrorKind.InvalidValueCharacter => "invalid character in tag value",
        TagListErrorKind.InvalidFolding => "line break not followed by whitespace",
        TagListErrorKind.DuplicateTag => "duplicate tag",
        TagListErrorKind.TooManyTags => "too many tags",
        _ => "tag-list error",
    };

    /// <summary>A human-readable description with the offset, for result reasons and logs.</summary>
    public string Message => Kind == TagListErrorKind.None ? Description : $"{Description} at offset {Position}";

    /// <inheritdoc />
    public override string ToString() => Message;
}
