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

    /// <summary>A human-readable description, for result reasons and logs.</summary>
    public string Message => Kind switch
    {
        TagListErrorKind.None => "no error",
        TagListErrorKind.EmptyTagSpec => $"empty tag-spec at offset {Position}",
        TagListErrorKind.InvalidTagName => $"invalid tag name at offset {Position}",
        TagListErrorKind.MissingEquals => $"'=' expected after tag name at offset {Position}",
        TagListErrorKind.InvalidValueCharacter => $"invalid character in tag value at offset {Position}",
        TagListErrorKind.InvalidFolding => $"line break not followed by whitespace at offset {Position}",
        TagListErrorKind.DuplicateTag => $"duplicate tag at offset {Position}",
        TagListErrorKind.TooManyTags => $"too many tags at offset {Position}",
        _ => $"tag-list error at offset {Position}",
    };

    /// <inheritdoc />
    public override string ToString() => Message;
}
