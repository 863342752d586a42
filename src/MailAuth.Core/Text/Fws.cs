namespace MailAuth.Text;

/// <summary>
/// Folding white space helpers (RFC 5322 §3.2.2, RFC 6376 §2.8): <c>WSP = SP / HTAB</c>,
/// <c>FWS = [*WSP CRLF] 1*WSP</c>.
/// </summary>
internal static class Fws
{
    /// <summary><c>WSP = SP / HTAB</c>.</summary>
    public static bool IsWsp(char c) => c is ' ' or '\t';

    /// <summary><c>WSP = SP / HTAB</c>.</summary>
    public static bool IsWsp(byte b) => b is (byte)' ' or (byte)'\t';

    /// <summary>
    /// Skips FWS starting at <paramref name="index"/>: runs of WSP and CRLF followed by WSP.
    /// Stops before a CR or LF that does not start a fold.
    /// </summary>
    /// <returns>The index of the first character after the FWS.</returns>
    public static int Skip(ReadOnlySpan<char> text, int index)
    {
        while (index < text.Length)
        {
            char c = text[index];
            if (IsWsp(c))
            {
                index++;
            }
            else if (c == '\r' && index + 2 < text.Length && text[index + 1] == '\n' && IsWsp(text[index + 2]))
            {
                index += 3;
            }
            else
            {
                break;
            }
        }

        return index;
    }

    /// <summary>Removes leading and trailing WSP, CR and LF.</summary>
    public static ReadOnlySpan<char> Trim(ReadOnlySpan<char> text) => text.Trim(" \t\r\n");

    /// <summary>Removes leading and trailing WSP, CR and LF.</summary>
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text) => text.Trim(" \t\r\n"u8);

    /// <summary>
    /// Copies <paramref name="text"/> into <paramref name="destination"/> without any WSP, CR or LF — for values
    /// in which whitespace is ignored, such as base64 <c>b=</c>, <c>bh=</c> and <c>p=</c> (RFC 6376 §3.5, §3.6.1).
    /// </summary>
    /// <param name="text">The value.</param>
    /// <param name="destination">At least <c>text.Length</c> characters.</param>
    /// <returns>The number of characters written.</returns>
    public static int Strip(ReadOnlySpan<char> text, Span<char> destination)
    {
        if (destination.Length < text.Length)
        {
            throw new ArgumentException("The destination is shorter than the text.", nameof(destination));
        }

        int written = 0;
        while (!text.IsEmpty)
        {
            int ws = text.IndexOfAny(" \t\r\n");
            if (ws < 0)
            {
                text.CopyTo(destination[written..]);
                return written + text.Length;
            }

            text[..ws].CopyTo(destination[written..]);
            written += ws;
            text = text[(ws + 1)..];
        }

        return written;
    }
}
