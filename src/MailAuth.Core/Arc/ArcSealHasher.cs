using System.Buffers;
using System.Security.Cryptography;
using MailAuth.Dkim;
using MailAuth.Messages;

namespace MailAuth.Arc;

/// <summary>
/// The header hashes of every ARC-Seal of a chain (RFC 8617 §5.1.1): the seal of instance i covers the ARC Sets 1..i in
/// increasing instance order (AAR, AMS, AS within a set), relaxed header canonicalization (§4.1.3), each field with its
/// CRLF, and last the seal itself with its <c>b=</c> value deleted and without its CRLF (RFC 6376 §3.7).
/// </summary>
/// <remarks>
/// Cost: each field is canonicalized once and fed once to a running hash per hash algorithm; the running hash is
/// cloned for each seal and finished with that seal. So the work is linear in the ARC header bytes, where hashing
/// each seal's sets from scratch is quadratic in the number of sets. (.NET 8 has no <c>IncrementalHash.Clone</c>:
/// there each seal hashes its canonical prefix again, still canonicalized only once.)
/// </remarks>
internal static class ArcSealHasher
{
    /// <summary>Computes the hash to verify for each seal.</summary>
    /// <param name="scope">The 3N fields of the ARC Sets 1..N: AAR, AMS and AS of set 1, then of set 2, ...</param>
    /// <param name="seals">The parsed seals, <c>seals[i]</c> for instance i (index 0 unused).</param>
    /// <param name="hashes">Receives <c>hashes[i]</c> for instance i (index 0 untouched).</param>
    public static void ComputeHashes(ReadOnlySpan<HeaderField> scope, ReadOnlySpan<ArcSignature> seals, Span<byte[]> hashes)
    {
        int n = scope.Length / 3;
        int total = 0;
        int largestSeal = 0;
        for (int k = 0; k < scope.Length; k++)
        {
            total += DkimHeaderCanonicalizer.GetMaxLength(scope[k].Raw.Length);
            if (k % 3 == 2)
            {
                largestSeal = Math.Max(largestSeal, scope[k].Raw.Length);
            }
        }

        // [0, total): the canonical sets; then a seal with b= deleted, raw; then the same canonicalized.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(total + largestSeal + DkimHeaderCanonicalizer.GetMaxLength(largestSeal));
        IncrementalHash? sha256 = null;
        IncrementalHash? sha1 = null;
        try
        {
            int written = 0;
#if NET9_0_OR_GREATER
            int fed = 0;
#endif
            for (int i = 1; i <= n; i++)
            {
                int set = 3 * (i - 1);
                if (i > 1)
                {
                    written += Canonicalize(scope[set - 1].Raw.Span, buffer.AsSpan(written), terminate: true);
                }

                written += Canonicalize(scope[set].Raw.Span, buffer.AsSpan(written), terminate: true);
                written += Canonicalize(scope[set + 1].Raw.Span, buffer.AsSpan(written), terminate: true);

                var seal = seals[i];
                var field = scope[set + 2].Raw.Span;
                var (offset, length) = ArcChainValidator.ValueRange(scope[set + 2], seal).GetOffsetAndLength(field.Length);
                var stripped = buffer.AsSpan(total, field.Length - length);
                field[..offset].CopyTo(stripped);
                field[(offset + length)..].CopyTo(stripped[offset..]);
                var own = buffer.AsSpan(total + largestSeal);
                own = own[..Canonicalize(stripped, own, terminate: false)];

                var algorithm = DkimAlgorithms.GetHash(seal.Algorithm);
#if NET9_0_OR_GREATER
                // The running hashes take the sets up to AMS i, once; a clone adds seal i.
                var running = algorithm == HashAlgorithmName.SHA1 ? sha1 ??= Start(algorithm, buffer.AsSpan(0, fed)) : sha256 ??= Start(algorithm, buffer.AsSpan(0, fed));
                var update = buffer.AsSpan(fed, written - fed);
                sha256?.AppendData(update);
                sha1?.AppendData(update);
                fed = written;
                if (i == n)
                {
                    // The newest seal: nothing follows, so no clone.
                    running.AppendData(own);
                    hashes[i] = running.GetHashAndReset();
                    break;
                }

                using var copy = running.Clone();
                copy.AppendData(own);
                hashes[i] = copy.GetHashAndReset();
#else
                var running = algorithm == HashAlgorithmName.SHA1 ? sha1 ??= IncrementalHash.CreateHash(algorithm) : sha256 ??= IncrementalHash.CreateHash(algorithm);
                running.AppendData(buffer.AsSpan(0, written));
                running.AppendData(own);
                hashes[i] = running.GetHashAndReset();
#endif
            }
        }
        finally
        {
            sha256?.Dispose();
            sha1?.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Canonicalize(ReadOnlySpan<byte> field, Span<byte> destination, bool terminate) =>
        DkimHeaderCanonicalizer.Canonicalize(DkimCanonicalization.Relaxed, field, destination, terminate);

#if NET9_0_OR_GREATER
    // A running hash created late (the first seal of its algorithm) takes what the others were fed so far.
    private static IncrementalHash Start(HashAlgorithmName algorithm, ReadOnlySpan<byte> fedSoFar)
    {
        var hash = IncrementalHash.CreateHash(algorithm);
        hash.AppendData(fedSoFar);
        return hash;
    }
#endif
}
