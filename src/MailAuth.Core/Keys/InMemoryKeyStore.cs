using System.Collections.Concurrent;

namespace MailAuth.Keys;

/// <summary>An <see cref="IKeyStore"/> held in memory. Owns the keys added to it and disposes them with itself.</summary>
public sealed class InMemoryKeyStore : IKeyStore, IDisposable
{
    private readonly ConcurrentDictionary<(string Domain, string Selector), Entry> _keys = new(KeyComparer.Instance);

    /// <summary>Adds or replaces the key for (<paramref name="domain"/>, <paramref name="selector"/>).</summary>
    /// <param name="domain">The signing domain.</param>
    /// <param name="selector">The selector.</param>
    /// <param name="key">The key; the store takes ownership.</param>
    /// <param name="active">Whether <see cref="GetActiveKeysAsync"/> returns it (an inactive key is still found by selector).</param>
    public void Add(string domain, string selector, DkimSigningKey key, bool active = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(domain);
        ArgumentException.ThrowIfNullOrEmpty(selector);
        ArgumentNullException.ThrowIfNull(key);
        var entry = new Entry(new DkimKeyEntry(Normalize(domain), selector, key), active);
        _keys.AddOrUpdate((entry.Key.Domain, selector), entry, (_, old) =>
        {
            if (!ReferenceEquals(old.Key.Key, key))
            {
                old.Key.Key.Dispose();
            }

            return entry;
        });
    }

    /// <summary>Removes the key for (<paramref name="domain"/>, <paramref name="selector"/>) and disposes it.</summary>
    /// <param name="domain">The signing domain.</param>
    /// <param name="selector">The selector.</param>
    /// <returns><see langword="true"/> if a key was removed.</returns>
    public bool Remove(string domain, string selector)
    {
        if (_keys.TryRemove((Normalize(domain), selector), out var entry))
        {
            entry.Key.Key.Dispose();
            return true;
        }

        return false;
    }

    /// <inheritdoc />
    public ValueTask<DkimSigningKey?> GetSigningKeyAsync(string domain, string selector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(selector);
        cancellationToken.ThrowIfCancellationRequested();
        return new(_keys.TryGetValue((Normalize(domain), selector), out var entry) ? entry.Key.Key : null);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<DkimKeyEntry>> GetActiveKeysAsync(string domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        cancellationToken.ThrowIfCancellationRequested();
        string d = Normalize(domain);
        IReadOnlyList<DkimKeyEntry> list = _keys.Values
            .Where(e => e.Active && string.Equals(e.Key.Domain, d, StringComparison.OrdinalIgnoreCase))
            .Select(e => e.Key)
            .OrderBy(e => e.Selector, StringComparer.Ordinal)
            .ToArray();
        return new(list);
    }

    /// <summary>Disposes every key in the store.</summary>
    public void Dispose()
    {
        foreach (var entry in _keys.Values)
        {
            entry.Key.Key.Dispose();
        }

        _keys.Clear();
    }

    private static string Normalize(string domain) => domain.TrimEnd('.');

    private sealed record Entry(DkimKeyEntry Key, bool Active);

    private sealed class KeyComparer : IEqualityComparer<(string Domain, string Selector)>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals((string Domain, string Selector) x, (string Domain, string Selector) y) =>
            string.Equals(x.Domain, y.Domain, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Selector, y.Selector, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Domain, string Selector) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Domain), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Selector));
    }
}
