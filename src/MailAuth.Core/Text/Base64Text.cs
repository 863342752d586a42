using System.Buffers;

namespace MailAuth.Text;

/// <summary>
/// Base64 (RFC 2045 §6.8) decoding of tag values in which whitespace is ignored: DKIM <c>b=</c>, <c>bh=</c>
/// (RFC 6376 §3.5) and key <c>p=</c> (RFC 6376 §3.6.1). SP, HTAB, CR and LF anywhere are skipped; padding is required.
/// </summary>
internal static class Base64Text
{
    /// <summary>Buffers up to this size may be taken from the stack by callers.</summary>
    public const int MaxStackBytes = 512;

    /// <summary>An upper bound of the decoded length of <paramref name="textLength"/> characters.</summary>
    public static int GetMaxDecodedLength(int textLength) => (textLength / 4 * 3) + 3;

    /// <summary>Decodes into <paramref name="destination"/> (see <see cref="GetMaxDecodedLength"/>).</summary>
    /// <returns><see langword="false"/> for invalid base64 or a too small destination.</returns>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int written)
        => Convert.TryFromBase64Chars(text, destination, out written);

    /// <summary>Decodes into a pooled buffer that the caller disposes.</summary>
    /// <param name="text">The base64 text, FWS allowed.</param>
    /// <param name="bytes">The decoded bytes; dispose to return the buffer (also on failure, where it is empty).</param>
    /// <returns><see langword="false"/> for invalid base64.</returns>
    public static bool TryDecodePooled(ReadOnlySpan<char> text, out PooledBytes bytes)
    {
        byte[] array = ArrayPool<byte>.Shared.Rent(Math.Max(1, GetMaxDecodedLength(text.Length)));
        if (Convert.TryFromBase64Chars(text, array, out int written))
        {
            bytes = new PooledBytes(array, written);
            return true;
        }

        ArrayPool<byte>.Shared.Return(array);
        bytes = default;
        return false;
    }
}
