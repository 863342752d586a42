namespace MailAuth.Text;

/// <summary>
/// Whole-list operations on RFC 6376 §3.2 tag-lists: parse into a caller-provided buffer with duplicate detection,
/// and look-up by name. The primitive is <see cref="TagListReader"/>.
/// </summary>
internal static class TagList
{
    /// <summary>A tag buffer size that fits every tag-list the protocols define, with room for unknown tags.</summary>
    public const int DefaultMaxTags = 64;

    /// <summary>
    /// Parses <paramref name="text"/> into <paramref name="destination"/>, failing on syntax errors, on duplicate tag
    /// names (case-sensitive, RFC 6376 §3.2: "the entire tag-list is invalid") and when there are more tags than
    /// <paramref name="destination"/> holds.
    /// </summary>
    /// <param name="text">The tag-list.</param>
    /// <param name="destination">Receives the tags in order; e.g. <c>stackalloc TagRange[TagList.DefaultMaxTags]</c>.</param>
    /// <param name="count">The number of tags written.</param>
    /// <param name="error">The error, or <see cref="TagListError.None"/>.</param>
    /// <param name="allowEmptyTagSpecs">Skip empty tag-specs (";;") instead of failing.</param>
    /// <returns><see langword="true"/> when the whole list is valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, Span<TagRange> destination, out int count, out TagListError error, bool allowEmptyTagSpecs = false)
    {
        var reader = new TagListReader(text, allowEmptyTagSpecs);
        count = 0;
        while (reader.MoveNext())
        {
            TagRange tag = reader.Current;
            if (count == destination.Length)
            {
                error = new TagListError(TagListErrorKind.TooManyTags, tag.NameStart);
                return false;
            }

            if (IndexOf(text, destination[..count], text[tag.Name]) >= 0)
            {
                error = new TagListError(TagListErrorKind.DuplicateTag, tag.NameStart);
                return false;
            }

            destination[count++] = tag;
        }

        error = reader.Error;
        return !error.IsError;
    }

    /// <summary>Finds the tag named <paramref name="name"/> (case-sensitive, RFC 6376 §3.2).</summary>
    /// <returns>The index in <paramref name="tags"/>, or -1.</returns>
    public static int IndexOf(ReadOnlySpan<char> text, ReadOnlySpan<TagRange> tags, ReadOnlySpan<char> name)
    {
        for (int i = 0; i < tags.Length; i++)
        {
            if (text[tags[i].Name].SequenceEqual(name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Gets the value of the tag named <paramref name="name"/>.</summary>
    /// <returns><see langword="true"/> when the tag is present (its value may be empty).</returns>
    public static bool TryGetValue(ReadOnlySpan<char> text, ReadOnlySpan<TagRange> tags, ReadOnlySpan<char> name, out ReadOnlySpan<char> value)
    {
        int i = IndexOf(text, tags, name);
        value = i >= 0 ? text[tags[i].Value] : default;
        return i >= 0;
    }

    /// <summary>Finds the first tag whose name occurred earlier in <paramref name="tags"/>.</summary>
    /// <returns>The index of the second occurrence, or -1 when all names are distinct.</returns>
    public static int FindDuplicate(ReadOnlySpan<char> text, ReadOnlySpan<TagRange> tags)
    {
        for (int i = 1; i < tags.Length; i++)
        {
            if (IndexOf(text, tags[..i], text[tags[i].Name]) >= 0)
            {
                return i;
            }
        }

        return -1;
    }
}
