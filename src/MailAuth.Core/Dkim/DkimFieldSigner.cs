using System.Text;
using MailAuth.Keys;
using MailAuth.Messages;

namespace MailAuth.Dkim;

/// <summary>
/// Signs a prepared signature field whose <c>b=</c> value is empty: hashes the fields named in <c>h=</c> and the
/// field itself with the <c>b=</c> value deleted (RFC 6376 §3.7, §5.4–§5.6), signs the hash and inserts the base64
/// <c>b=</c> value, folded at a column. The field text is otherwise kept byte for byte, so any tag layout can be
/// signed. Shared by <see cref="DkimMessageSigner"/>'s generated and template fields; ARC-Message-Signature and ARC-Seal
/// (RFC 8617 §5.1) use the same step.
/// </summary>
internal static class DkimFieldSigner
{
    /// <summary>Signs <paramref name="field"/> and returns it with the <c>b=</c> value filled in.</summary>
    /// <param name="field">The whole field (name, colon, value), without a trailing CRLF, <c>b=</c> value empty.</param>
    /// <param name="signatureValue">The character range of the (empty, possibly FWS) <c>b=</c> value in <paramref name="field"/>.</param>
    /// <param name="headers">The message's header fields, top first.</param>
    /// <param name="signedNames">The <c>h=</c> names in order.</param>
    /// <param name="canonicalization">The header canonicalization.</param>
    /// <param name="key">The private key.</param>
    /// <param name="lineLength">The column at which the base64 value is folded.</param>
    /// <returns>The signed field.</returns>
    public static string Sign(
        string field,
        Range signatureValue,
        IReadOnlyList<HeaderField> headers,
        IReadOnlyList<string> signedNames,
        DkimCanonicalization canonicalization,
        DkimSigningKey key,
        int lineLength)
    {
        var (start, length) = signatureValue.GetOffsetAndLength(field.Length);
        byte[] fieldBytes = Encoding.UTF8.GetBytes(field);
        int byteStart = Encoding.UTF8.GetByteCount(field.AsSpan(0, start));
        int byteLength = Encoding.UTF8.GetByteCount(field.AsSpan(start, length));
        byte[] hash = DkimHeaderHasher.ComputeHash(
            headers, signedNames, canonicalization, DkimAlgorithms.GetHash(key.Algorithm), fieldBytes, new Range(byteStart, byteStart + byteLength));
        string b = Convert.ToBase64String(key.SignHash(hash));
        return Insert(field, start, length, b, lineLength);
    }

    /// <summary>
    /// Replaces <paramref name="length"/> characters at <paramref name="start"/> with a base64 value, folding it with
    /// CRLF SP where it reaches <paramref name="lineLength"/> (base64 data may be broken by FWS, RFC 6376 §3.5).
    /// </summary>
    /// <param name="field">The field text.</param>
    /// <param name="start">Where the value goes.</param>
    /// <param name="length">How many characters (an empty value's FWS) it replaces.</param>
    /// <param name="base64">The base64 text.</param>
    /// <param name="lineLength">The folding column.</param>
    /// <returns>The new field text.</returns>
    public static string Insert(string field, int start, int length, string base64, int lineLength)
    {
        var text = new StringBuilder(field.Length + base64.Length + 16);
        text.Append(field, 0, start);
        int lineStart = field.AsSpan(0, start).LastIndexOf("\r\n");
        int column = lineStart < 0 ? start : start - (lineStart + 2);
        int i = 0;
        while (i < base64.Length)
        {
            int room = lineLength - column;
            if (room <= 0)
            {
                text.Append("\r\n ");
                column = 1;
                continue;
            }

            int take = Math.Min(room, base64.Length - i);
            text.Append(base64, i, take);
            column += take;
            i += take;
        }

        text.Append(field, start + length, field.Length - start - length);
        return text.ToString();
    }
}
