using System.Buffers;
using System.Security.Cryptography;
using MailAuth.Messages;

namespace MailAuth.Dkim;

/// <summary>
/// Hashes the header part of a DKIM (or ARC, RFC 8617 §5.1.1) signature: an ordered list of header fields, then the
/// signature field itself with its <c>b=</c> value deleted and without its trailing CRLF (RFC 6376 §3.7). For a
/// DKIM-Signature or an ARC-Message-Signature the list is the <c>h=</c> selection (<see cref="SelectFields"/>,
/// RFC 6376 §5.4.2); for an ARC-Seal it is the ARC sets (RFC 8617 §5.1.1). Shared by <see cref="DkimMessageVerifier"/>,
/// <see cref="DkimMessageSigner"/> and ARC.
/// </summary>
internal static class DkimHeaderHasher
{
    /// <summary>Computes the header hash over the fields <c>h=</c> selects.</summary>
    /// <param name="headers">The message's header fields, top first.</param>
    /// <param name="signedNames">The <c>h=</c> names in order.</param>
    /// <param name="canonicalization">The header canonicalization.</param>
    /// <param name="hashAlgorithm">SHA-256 or SHA-1.</param>
    /// <param name="signatureField">The raw signature field (name, colon, value, optional CRLF).</param>
    /// <param name="signatureValue">The range of the <c>b=</c> value inside <paramref name="signatureField"/> to delete.</param>
    /// <returns>The hash to sign or verify.</returns>
    public static byte[] ComputeHash(
        IReadOnlyList<HeaderField> headers,
        IReadOnlyList<string> signedNames,
        DkimCanonicalization canonicalization,
        HashAlgorithmName hashAlgorithm,
        ReadOnlySpan<byte> signatureField,
        Range signatureValue)
    {
        HeaderField[] selected = ArrayPool<HeaderField>.Shared.Rent(Math.Max(1, signedNames.Count));
        try
        {
            int count = SelectFields(headers, signedNames, selected);
            return ComputeHash(selected.AsSpan(0, count), canonicalization, hashAlgorithm, signatureField, signatureValue);
        }
        finally
        {
            ArrayPool<HeaderField>.Shared.Return(selected, clearArray: true);
        }
    }

    /// <summary>Computes the header hash over a caller-given list of fields.</summary>
    /// <param name="fields">The fields to hash, in hashing order (each is hashed as given, with its CRLF).</param>
    /// <param name="canonicalization">The header canonicalization.</param>
    /// <param name="hashAlgorithm">SHA-256 or SHA-1.</param>
    /// <param name="signatureField">The raw signature field (name, colon, value, optional CRLF).</param>
    /// <param name="signatureValue">The range of the <c>b=</c> value inside <paramref name="signatureField"/> to delete.</param>
    /// <returns>The hash to sign or verify.</returns>
    public static byte[] ComputeHash(
        ReadOnlySpan<HeaderField> fields,
        DkimCanonicalization canonicalization,
        HashAlgorithmName hashAlgorithm,
        ReadOnlySpan<byte> signatureField,
        Range signatureValue)
    {
        // Everything is canonicalized into one pooled buffer and hashed in one call: a one-shot hash costs far less
        // than an IncrementalHash and one AppendData per field for the few hundred octets a header block has.
        byte[]? buffer = null;
        try
        {
            int total = DkimHeaderCanonicalizer.GetMaxLength(signatureField.Length);
            foreach (var header in fields)
            {
                total += DkimHeaderCanonicalizer.GetMaxLength(header.Raw.Length);
            }

            // The field with the b= value deleted is assembled after the output area, then canonicalized into it.
            buffer = ArrayPool<byte>.Shared.Rent(total + signatureField.Length);
            int n = 0;
            foreach (var header in fields)
            {
                n += DkimHeaderCanonicalizer.Canonicalize(canonicalization, header.Raw.Span, buffer.AsSpan(n), terminate: true);
            }

            var (offset, length) = signatureValue.GetOffsetAndLength(signatureField.Length);
            var field = buffer.AsSpan(total, signatureField.Length - length);
            signatureField[..offset].CopyTo(field);
            signatureField[(offset + length)..].CopyTo(field[offset..]);
            n += DkimHeaderCanonicalizer.Canonicalize(canonicalization, field, buffer.AsSpan(n, total - n), terminate: false);
            return DkimAlgorithms.HashData(hashAlgorithm, buffer.AsSpan(0, n));
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Picks the fields named in <paramref name="signedNames"/>: for each name the lowest field of that name not yet
    /// used; a name with no field left (over-signing) contributes nothing (RFC 6376 §5.4.2).
    /// </summary>
    /// <param name="headers">The message's header fields, top first.</param>
    /// <param name="signedNames">The <c>h=</c> names.</param>
    /// <param name="selected">Receives the chosen fields, in hashing order; at least as long as <paramref name="signedNames"/>.</param>
    /// <returns>How many fields were chosen.</returns>
    internal static int SelectFields(IReadOnlyList<HeaderField> headers, IReadOnlyList<string> signedNames, Span<HeaderField> selected)
    {
        // Where the search for each name resumes. A usual h= list (up to SmallList names) finds the last use of the
        // same name by looking back over the list: at most SmallList² name comparisons and no allocation. A longer
        // list uses a dictionary: one look-up per name.
        const int SmallList = 32;
        var next = signedNames.Count > SmallList ? new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) : null;
        Span<int> resumeAt = stackalloc int[next is null ? signedNames.Count : 0];
        int count = 0;
        for (int j = 0; j < signedNames.Count; j++)
        {
            string name = signedNames[j];
            int start = headers.Count - 1;
            if (next is not null)
            {
                start = next.TryGetValue(name, out int s) ? s : start;
            }
            else
            {
                for (int k = j - 1; k >= 0; k--)
                {
                    if (string.Equals(signedNames[k], name, StringComparison.OrdinalIgnoreCase))
                    {
                        start = resumeAt[k];
                        break;
                    }
                }
            }

            int found = -1;
            for (int i = start; i >= 0; i--)
            {
                if (headers[i].HasName(name))
                {
                    found = i;
                    break;
                }
            }

            if (next is not null)
            {
                next[name] = found - 1;
            }
            else
            {
                resumeAt[j] = found - 1;
            }

            if (found >= 0)
            {
                selected[count++] = headers[found];
            }
        }

        return count;
    }
}
