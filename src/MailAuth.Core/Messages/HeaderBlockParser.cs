namespace MailAuth.Messages;

/// <summary>Splits a header block (RFC 5322 §2.2, §3.6) into fields in place; one string per field name, nothing per byte.</summary>
internal static class HeaderBlockParser
{
    /// <summary>Parses <paramref name="block"/> (all fields with their CRLFs, no blank line) into <paramref name="fields"/>.</summary>
    /// <returns>The error, or <see langword="null"/> on success.</returns>
    public static MessageReadError? Parse(ReadOnlyMemory<byte> block, int maxFields, int maxLineLength, List<HeaderField> fields)
    {
        ReadOnlySpan<byte> span = block.Span;
        int pos = 0;
        while (pos < span.Length)
        {
            int fieldStart = pos;
            if (IsWsp(span[pos]))
            {
                return new MessageReadError(MessageReadErrorKind.ContinuationWithoutField, $"the header block starts with a continuation line (offset {pos})", pos);
            }

            // field = first line *( CRLF WSP continuation ) CRLF
            int firstLineEnd = -1;
            int lineStart = pos;
            int lineEnd;
            int next;
            while (true)
            {
                int rel = span[lineStart..].IndexOf("\r\n"u8);
                lineEnd = rel < 0 ? span.Length : lineStart + rel;
                if (lineEnd - lineStart > maxLineLength)
                {
                    return new MessageReadError(MessageReadErrorKind.LineTooLong, $"header line longer than {maxLineLength} bytes at offset {lineStart}", lineStart);
                }

                if (firstLineEnd < 0)
                {
                    firstLineEnd = lineEnd;
                }

                next = rel < 0 ? span.Length : lineEnd + 2;
                if (next < span.Length && IsWsp(span[next]))
                {
                    lineStart = next;
                    continue;
                }

                break;
            }

            // field-name = 1*ftext ; obs-optional: field-name *WSP ":"
            int colon = span[fieldStart..firstLineEnd].IndexOf((byte)':');
            if (colon < 0)
            {
                return new MessageReadError(MessageReadErrorKind.MissingColon, $"header line without ':' at offset {fieldStart}", fieldStart);
            }

            colon += fieldStart;
            int nameEnd = colon;
            while (nameEnd > fieldStart && IsWsp(span[nameEnd - 1]))
            {
                nameEnd--;
            }

            ReadOnlySpan<byte> name = span[fieldStart..nameEnd];
            int bad = name.IndexOfAnyExceptInRange((byte)33, (byte)126);
            if (name.IsEmpty || bad >= 0)
            {
                int at = name.IsEmpty ? fieldStart : fieldStart + bad;
                return new MessageReadError(MessageReadErrorKind.InvalidFieldName, $"invalid header field name at offset {at}", at);
            }

            if (fields.Count == maxFields)
            {
                return new MessageReadError(MessageReadErrorKind.TooManyFields, $"more than {maxFields} header fields (offset {fieldStart})", fieldStart);
            }

            fields.Add(new HeaderField(
                HeaderNames.GetString(name),
                block[fieldStart..next],
                colon + 1 - fieldStart,
                lineEnd - colon - 1,
                fieldStart));
            pos = next;
        }

        return null;
    }

    private static bool IsWsp(byte b) => b is (byte)' ' or (byte)'\t';
}
