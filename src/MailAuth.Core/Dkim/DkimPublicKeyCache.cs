using System.Diagnostics.CodeAnalysis;
using System.Collections.Concurrent;
using MailAuth.Text;

namespace MailAuth.Dkim;

/// <summary>A bounded in-memory <see cref="IDkimPublicKeyCache"/>: entries expire after their DNS TTL (clamped), time from a <see cref="TimeProvider"/>.</summary>
public sealed class DkimPublicKeyCache : IDkimPublicKeyCache
{
    private readonly ConcurrentDictionary<string, (DkimPublicKey Key, long ExpiresAt)> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>Creates a cache.</summary>
    /// <param name="maxEntries">The most keys kept (default 10 000); when full, expired entries are dropped, then the cache is cleared.</param>
    /// <param name="maxTimeToLive">The longest time a key is kept, whatever its TTL (default 1 hour).</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> by default.</param>
    public DkimPublicKeyCache(int maxEntries = 10_000, TimeSpan? maxTimeToLive = null, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        MaxEntries = maxEntries;
        MaxTimeToLive = maxTimeToLive ?? TimeSpan.FromHours(1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTimeToLive, TimeSpan.Zero);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The most keys kept.</summary>
    public int MaxEntries { get; }

    /// <summary>The longest time a key is kept.</summary>
    public TimeSpan MaxTimeToLive { get; }

    /// <summary>The number of entries (expired ones included until they are dropped).</summary>
    public int Count => _entries.Count;

    /// <inheritdoc />
    public bool TryGet(string name, [NotNullWhen(true)] out DkimPublicKey? key)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_entries.TryGetValue(name, out var entry))
        {
            if (entry.ExpiresAt > _time.GetTimestamp())
            {
                key = entry.Key;
                return true;
            }

            _entries.TryRemove(new KeyValuePair<string, (DkimPublicKey, long)>(name, entry));
        }

        key = null;
        return false;
    }

    /// <inheritdoc />
    public void Set(string name, DkimPublicKey key, TimeSpan timeToLive)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(key);
        var ttl = timeToLive > MaxTimeToLive ? MaxTimeToLive : timeToLive;
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        if (_entries.Count >= MaxEntries && !_entries.ContainsKey(name))
        {
            long now = _time.GetTimestamp();
            foreach (var pair in _entries)
            {
                if (pair.Value.ExpiresAt <= now)
                {
                    _entries.TryRemove(pair);
                }
            }

            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }
        }

        // Saturating: MaxTimeToLive may be TimeSpan.MaxValue, which overflows a timestamp (issue 8 item 10).
        long expires = TimeArithmetic.AddSaturating(_time.GetTimestamp(), ttl, _time.TimestampFrequency);
        _entries[name] = (key, expires);
    }
}
