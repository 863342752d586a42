using System.Net;
using StackExchange.Redis;

namespace MailAuth.Dns.Redis;

/// <summary>
/// An <see cref="IDnsResolver"/> decorator that shares definitive answers (records, NODATA, NXDOMAIN) between the
/// members of a fleet through Redis, each for its TTL (RFC 1035 §3.2.1, negative answers RFC 2308 §5) within the
/// configured bounds, so that one member's look-up spares the others theirs.
/// Put the in-process cache in front (<see cref="CreateTwoLevel"/>, or let <see cref="MessageAuthenticator"/> wrap it):
/// it coalesces identical queries and answers hot names without a network round trip.
/// </summary>
/// <remarks>
/// Redis is an optimisation, never a dependency: when it is down, slow (<see cref="RedisDnsResolverOptions.OperationTimeout"/>)
/// or returns a damaged value, the look-up goes to the inner resolver and the answer is the same, only not shared.
/// Timeouts, SERVFAIL and other failures are never shared. Thread-safe.
/// </remarks>
public sealed class RedisDnsResolver : IDnsResolver
{
    private readonly IDnsResolver _inner;
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisDnsResolverOptions _options;
    private long _hits;
    private long _misses;
    private long _errors;

    /// <summary>Creates the resolver.</summary>
    /// <param name="inner">The resolver that asks DNS, e.g. <see cref="DnsClientResolver"/>.</param>
    /// <param name="redis">The Redis connection, shared by the process (connect with <c>abortConnect=false</c> so that start-up does not depend on Redis).</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">An option is out of range; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public RedisDnsResolver(IDnsResolver inner, IConnectionMultiplexer redis, RedisDnsResolverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(redis);
        _inner = inner;
        _redis = redis;
        _options = (options ?? new RedisDnsResolverOptions()).Freeze();
    }

    /// <summary>How many look-ups Redis answered.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>How many look-ups Redis could not answer (not there, expired or damaged) and went to the inner resolver.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>How many Redis operations failed (down, timed out); those look-ups went to the inner resolver.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>
    /// The two-level cache: an in-process <see cref="CachingDnsResolver"/> (bounded, coalescing identical queries) in
    /// front of a <see cref="RedisDnsResolver"/> in front of <paramref name="inner"/>.
    /// </summary>
    /// <param name="inner">The resolver that asks DNS.</param>
    /// <param name="redis">The Redis connection.</param>
    /// <param name="options">The Redis level's settings; <see langword="null"/> for the defaults.</param>
    /// <param name="memory">The memory level's settings; <see langword="null"/> for the defaults.</param>
    /// <returns>The memory level; its inner resolver is the Redis level.</returns>
    public static CachingDnsResolver CreateTwoLevel(IDnsResolver inner, IConnectionMultiplexer redis, RedisDnsResolverOptions? options = null, CachingDnsResolverOptions? memory = null) =>
        new(new RedisDnsResolver(inner, redis, options), memory);

    /// <inheritdoc />
    public ValueTask<DnsResponse<TxtRecord>> QueryTxtAsync(string name, CancellationToken cancellationToken = default) =>
        QueryAsync("txt:", name, DnsAnswerCodec.Txt, static (r, n, t) => r.QueryTxtAsync(n, t), name, cancellationToken);

    /// <inheritdoc />
    public ValueTask<DnsResponse<IPAddress>> QueryAAsync(string name, CancellationToken cancellationToken = default) =>
        QueryAsync("a:", name, DnsAnswerCodec.Address, static (r, n, t) => r.QueryAAsync(n, t), name, cancellationToken);

    /// <inheritdoc />
    public ValueTask<DnsResponse<IPAddress>> QueryAaaaAsync(string name, CancellationToken cancellationToken = default) =>
        QueryAsync("aaaa:", name, DnsAnswerCodec.Address, static (r, n, t) => r.QueryAaaaAsync(n, t), name, cancellationToken);

    /// <inheritdoc />
    public ValueTask<DnsResponse<MxRecord>> QueryMxAsync(string name, CancellationToken cancellationToken = default) =>
        QueryAsync("mx:", name, DnsAnswerCodec.Mx, static (r, n, t) => r.QueryMxAsync(n, t), name, cancellationToken);

    /// <inheritdoc />
    public ValueTask<DnsResponse<string>> QueryPtrAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        return QueryAsync("ptr:", address.ToString(), DnsAnswerCodec.Name, static (r, a, t) => r.QueryPtrAsync(a, t), address, cancellationToken);
    }

    private async ValueTask<DnsResponse<T>> QueryAsync<T, TArg>(
        string type,
        string name,
        DnsAnswerCodec.Codec<T> codec,
        Func<IDnsResolver, TArg, CancellationToken, ValueTask<DnsResponse<T>>> fetch,
        TArg argument,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        cancellationToken.ThrowIfCancellationRequested();
        string? key = Key(type, name);
        if (key is null)
        {
            // Not a name DNS could hold: not shared; the inner resolver reports it.
            return await fetch(_inner, argument, cancellationToken).ConfigureAwait(false);
        }

        IDatabase? database = Database();
        if (database is not null)
        {
            RedisValue value = await ReadAsync(database, key, cancellationToken).ConfigureAwait(false);
            if (value.HasValue
                && DnsAnswerCodec.TryDecode(codec, (ReadOnlyMemory<byte>)value, out DnsStatus status, out T[] records, out DateTimeOffset expires)
                && expires - _options.TimeProvider.GetUtcNow() is { } remaining
                && remaining > TimeSpan.Zero)
            {
                Interlocked.Increment(ref _hits);
                return new DnsResponse<T>(status, records, remaining);
            }

            Interlocked.Increment(ref _misses);
        }

        DnsResponse<T> response = await fetch(_inner, argument, cancellationToken).ConfigureAwait(false);
        if (database is not null)
        {
            Store(database, key, codec, response);
        }

        return response;
    }

    // Null when Redis is known to be down: no time is spent on it until the multiplexer reconnects by itself.
    private IDatabase? Database()
    {
        if (_redis.IsConnected)
        {
            return _redis.GetDatabase(_options.Database);
        }

        Interlocked.Increment(ref _errors);
        return null;
    }

    private async ValueTask<RedisValue> ReadAsync(IDatabase database, string key, CancellationToken cancellationToken)
    {
        try
        {
            return await database.StringGetAsync(key).WaitAsync(_options.OperationTimeout, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _errors);
            return RedisValue.Null;
        }
    }

    private void Store<T>(IDatabase database, string key, DnsAnswerCodec.Codec<T> codec, DnsResponse<T> response)
    {
        // Only definitive answers are shared; failures stay local (RFC 2308 §7.1 allows caching them briefly, but one
        // member's network trouble must not become the fleet's).
        TimeSpan keep = response.Status switch
        {
            DnsStatus.NoError when response.Records.Count > 0 => Clamp(response.TimeToLive, _options.MinTimeToLive, _options.MaxTimeToLive),
            DnsStatus.NoError or DnsStatus.NxDomain => Clamp(response.TimeToLive, _options.MinTimeToLive, _options.MaxNegativeTimeToLive),
            _ => TimeSpan.Zero,
        };
        if (keep <= TimeSpan.Zero)
        {
            return;
        }

        byte[] value = DnsAnswerCodec.Encode(codec, response, _options.TimeProvider.GetUtcNow() + keep);
        if (value.Length > _options.MaxValueBytes)
        {
            return;
        }

        try
        {
            // Fire and forget: the answer is already here; writing it for the others must not delay this check.
            database.StringSet(key, value, keep, flags: CommandFlags.FireAndForget);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _errors);
        }
    }

    // Names are compared case-insensitively (RFC 4343 §3) and absolute with or without the trailing dot. A name longer
    // than 253 octets (RFC 1035 §2.3.4) or with characters no label can hold in text form is not shared.
    private string? Key(string type, string name)
    {
        string trimmed = name.EndsWith('.') ? name[..^1] : name;
        if (trimmed.Length is 0 or > 253)
        {
            return null;
        }

        foreach (char c in trimmed)
        {
            if (c is <= ' ' or >= '\x7f')
            {
                return null;
            }
        }

        return _options.KeyPrefix + type + trimmed.ToLowerInvariant();
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;
}
