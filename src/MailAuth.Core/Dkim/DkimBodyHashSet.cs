using System.Buffers;

namespace MailAuth.Dkim;

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
