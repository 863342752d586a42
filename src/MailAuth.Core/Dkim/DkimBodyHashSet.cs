using System.Buffers;
using System.Security.Cryptography;

namespace MailAuth.Dkim;

/// <summary>
/// What a body hash depends on: body canonicalization, hash function and <c>l=</c> (RFC 6376 §3.7). Signatures that
/// agree on all three share one hasher, whatever their header field: rsa-sha256 and ed25519-sha256 share SHA-256, and a
/// DKIM-Signature and an ARC-Message-Signature (RFC 8617 §4.1.2) with the same c= and a= share one pass.
/// </summary>
/// <param name="Canonicalization">The body canonicalization.</param>
/// <param name="Hash">SHA-256 or SHA-1.</param>
/// <param name="Length">The <c>l=</c> value, or <see langword="null"/> for the whole body.</param>
internal readonly record struct DkimBodyHashKey(DkimCanonicalization Canonicalization, HashAlgorithmName Hash, long? Length)
{
    /// <summary>The key of a DKIM-Signature's body hash.</summary>
    /// <param name="signature">The signature.</param>
    /// <returns>The key.</returns>
    public static DkimBodyHashKey Of(DkimSignature signature) =>
        new(signature.BodyCanonicalization, DkimAlgorithms.GetHash(signature.Algorithm), signature.BodyLength);
}

/// <summary>A computed body hash with what <c>l=</c> checks need.</summary>
/// <param name="Hash">The hash (the <c>bh=</c> value, decoded).</param>
/// <param name="CanonicalLength">The length of the whole canonical body, regardless of <c>l=</c>.</param>
/// <param name="HasUnsignedContent">Whether the canonical octets after <c>l=</c> hold more than whitespace (RFC 6376 §8.2).</param>
internal readonly record struct DkimBodyHash(byte[] Hash, long CanonicalLength, bool HasUnsignedContent);

/// <summary>
/// The body hashes of one message: consumers (each DKIM-Signature now, each ARC-Message-Signature later) request the
/// keys they need with <see cref="Add"/>, <see cref="Compute"/> reads the body once, and <see cref="Get"/> serves each
/// distinct (canonicalization, hash, <c>l=</c>) from one <see cref="DkimBodyHasher"/>.
/// </summary>
/// <remarks>
/// Cost: one pass over the body, in slices of at most <see cref="SliceLength"/> octets so that cancellation is
/// noticed however large a segment is; each slice goes to every distinct hasher (canonicalization is linear), so the
/// total is O(body × distinct keys). Not thread-safe.
/// </remarks>
internal sealed class DkimBodyHashSet : IDisposable
{
    /// <summary>Slices of at most this many body octets go to the hashers between checks of the cancellation token.</summary>
    internal const int SliceLength = 64 * 1024;

    private readonly Dictionary<DkimBodyHashKey, DkimBodyHasher> _hashers = [];
    private bool _computed;

    /// <summary>The number of distinct hashers requested.</summary>
    public int Count => _hashers.Count;

    /// <summary>Requests the hash for <paramref name="key"/>; a key already requested shares its hasher.</summary>
    /// <param name="key">What the hash depends on.</param>
    /// <exception cref="InvalidOperationException">The body was already hashed.</exception>
    public void Add(DkimBodyHashKey key)
    {
        if (_computed)
        {
            throw new InvalidOperationException("The body was already hashed.");
        }

        if (!_hashers.ContainsKey(key))
        {
            _hashers[key] = new DkimBodyHasher(key.Canonicalization, key.Hash, key.Length);
        }
    }

    /// <summary>Reads <paramref name="body"/> once and completes every requested hash.</summary>
    /// <param name="body">The raw body.</param>
    /// <param name="cancellationToken">Checked between slices.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public void Compute(in ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        if (_computed)
        {
            throw new InvalidOperationException("The body was already hashed.");
        }

        _computed = true;
        foreach (var segment in body)
        {
            var span = segment.Span;
            while (!span.IsEmpty)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var slice = span[..Math.Min(span.Length, SliceLength)];
                foreach (var hasher in _hashers.Values)
                {
                    hasher.Append(slice);
                }

                span = span[slice.Length..];
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        foreach (var hasher in _hashers.Values)
        {
            hasher.Complete();

            // The result stays readable; the pooled buffer goes back now.
            hasher.Dispose();
        }
    }

    /// <summary>The hash for <paramref name="key"/>.</summary>
    /// <param name="key">A key passed to <see cref="Add"/>.</param>
    /// <returns>The hash.</returns>
    /// <exception cref="InvalidOperationException">The body was not hashed yet.</exception>
    /// <exception cref="KeyNotFoundException"><paramref name="key"/> was not requested.</exception>
    public DkimBodyHash Get(DkimBodyHashKey key)
    {
        var hasher = _hashers[key];
        byte[] hash = hasher.Hash ?? throw new InvalidOperationException("The body was not hashed yet.");
        return new DkimBodyHash(hash, hasher.CanonicalLength, hasher.HasUnsignedContent);
    }

    /// <summary>Returns the pooled buffers of hashers not completed (after a cancellation).</summary>
    public void Dispose()
    {
        foreach (var hasher in _hashers.Values)
        {
            hasher.Dispose();
        }
    }
}
