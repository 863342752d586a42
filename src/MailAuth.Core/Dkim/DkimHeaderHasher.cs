using System.Buffers;
using System.Security.Cryptography;
using MailAuth.Messages;

namespace MailAuth.Dkim;

/// <summary>
/// Hashes the header part of a DKIM (or ARC, RFC 8617 §5.1.1) signature: the fields named in <c>h=</c>, selected
/// bottom-up (RFC 6376 §5.4.2), then the signature field itself with its <c>b=</c> value deleted and without its
/// trailing CRLF (§3.7). Shared by <see cref="DkimVerifier"/>, <see cref="DkimSigner"/> and ARC.
/// </summary>
internal static class DkimHeaderHasher
{
    /// <summary>Computes the header hash.</summary>
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
        using var hash = IncrementalHash.CreateHash(hashAlgorithm);
        AppendSignedHeaders(hash, headers, signedNames, canonicalization);
        AppendSignatureField(hash, signatureField, signatureValue, canonicalization);
        return hash.GetHashAndReset();
    }

    /// <summary>
    /// Appends the canonicalized fields named in <paramref name="signedNames"/>: for each name the lowest field of that
    /// name not yet used; a name with no field left (over-signing) contributes nothing (RFC 6376 §5.4.2).
    /// </summary>
    /// <param name="hash">The header hash.</param>
    /// <param name="headers">The message's header fields, top first.</param>
    /// <param name="signedNames">The <c>h=</c> names.</param>
    /// <param name="canonicalization">The header canonicalization.</param>
    public static void AppendSignedHeaders(IncrementalHash hash, IReadOnlyList<HeaderField> headers, IReadOnlyList<string> signedNames, DkimCanonicalization canonicalization)
    {
        var next = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in signedNames)
        {
            int start = next.TryGetValue(name, out int s) ? s : headers.Count - 1;
            int found = -1;
            for (int i = start; i >= 0; i--)
            {
                if (headers[i].HasName(name))
                {
                    found = i;
                    break;
                }
            }

            next[name] = found - 1;
            if (found >= 0)
            {
                DkimHeaderCanonicalizer.AppendTo(hash, canonicalization, headers[found].Raw.Span, terminate: true);
            }
        }
    }

    /// <summary>Appends the signature field with the <c>b=</c> value deleted and no trailing CRLF (RFC 6376 §3.7).</summary>
    /// <param name="hash">The header hash.</param>
    /// <param name="signatureField">The raw field.</param>
    /// <param name="signatureValue">The <c>b=</c> value range within the field.</param>
    /// <param name="canonicalization">The header canonicalization.</param>
    public static void AppendSignatureField(IncrementalHash hash, ReadOnlySpan<byte> signatureField, Range signatureValue, DkimCanonicalization canonicalization)
    {
        var (offset, length) = signatureValue.GetOffsetAndLength(signatureField.Length);
        byte[] rented = ArrayPool<byte>.Shared.Rent(signatureField.Length);
        try
        {
            signatureField[..offset].CopyTo(rented);
            var tail = signatureField[(offset + length)..];
            tail.CopyTo(rented.AsSpan(offset));
            DkimHeaderCanonicalizer.AppendTo(hash, canonicalization, rented.AsSpan(0, offset + tail.Length), terminate: false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
