namespace MailAuth.Dns.Redis;

/// <summary>
/// Settings of a <see cref="RedisDnsResolver"/>. Validated once into a frozen copy when the resolver is built; later
/// changes to this object do not affect it. A bad value throws <see cref="ArgumentException"/> whose
/// <see cref="ArgumentException.ParamName"/> names the option.
/// </summary>
public sealed class RedisDnsResolverOptions
{
    /// <summary>The prefix of every Redis key; keys are <c>prefix + type + ":" + name</c>, e.g. <c>mailauth:dns:txt:example.com</c>.</summary>
    /// <value><c>mailauth:dns:</c>; at most 100 characters.</value>
    public string KeyPrefix { get; init; } = "mailauth:dns:";

    /// <summary>The Redis database number.</summary>
    /// <value>-1: the connection's default database.</value>
    public int Database { get; init; } = -1;

    /// <summary>The shortest time a definitive answer is kept, even when its TTL is lower.</summary>
    /// <value>Zero (RFC 1035 §3.2.1: TTL 0 means "do not cache"); zero or more.</value>
    public TimeSpan MinTimeToLive { get; init; } = TimeSpan.Zero;

    /// <summary>The longest time a positive answer is kept (RFC 2181 §8 allows TTLs up to 68 years).</summary>
    /// <value>1 day; more than zero.</value>
    public TimeSpan MaxTimeToLive { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The longest time an NXDOMAIN or NODATA answer is kept.</summary>
    /// <value>3 hours (RFC 2308 §5: "values of one to three hours have been found to work well"); zero or more.</value>
    public TimeSpan MaxNegativeTimeToLive { get; init; } = TimeSpan.FromHours(3);

    /// <summary>How long one Redis read may take before the look-up goes to DNS instead.</summary>
    /// <value>250 milliseconds; more than zero, at most 30 seconds.</value>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The largest serialized answer stored in Redis; larger answers are answered but not shared, which bounds what one name can take of the shared cache.</summary>
    /// <value>16,384 bytes; 64 to 1,048,576.</value>
    public int MaxValueBytes { get; init; } = 16_384;

    /// <summary>The clock for expiry; a fake clock makes tests deterministic.</summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal RedisDnsResolverOptions Freeze() => new()
    {
        KeyPrefix = KeyPrefix is { Length: <= 100 } prefix ? prefix : throw new ArgumentException("KeyPrefix must be set and at most 100 characters long.", nameof(KeyPrefix)),
        Database = Database >= -1 ? Database : throw new ArgumentOutOfRangeException(nameof(Database), Database, "Database must be -1 or more."),
        MinTimeToLive = AtLeast(MinTimeToLive, TimeSpan.Zero, nameof(MinTimeToLive)),
        MaxTimeToLive = AtLeast(MaxTimeToLive, TimeSpan.FromTicks(1), nameof(MaxTimeToLive)),
        MaxNegativeTimeToLive = AtLeast(MaxNegativeTimeToLive, TimeSpan.Zero, nameof(MaxNegativeTimeToLive)),
        OperationTimeout = OperationTimeout > TimeSpan.Zero && OperationTimeout <= TimeSpan.FromSeconds(30)
            ? OperationTimeout
            : throw new ArgumentOutOfRangeException(nameof(OperationTimeout), OperationTimeout, "OperationTimeout must be more than zero and at most 30 seconds."),
        MaxValueBytes = MaxValueBytes is >= 64 and <= 1_048_576
            ? MaxValueBytes
            : throw new ArgumentOutOfRangeException(nameof(MaxValueBytes), MaxValueBytes, "MaxValueBytes must be between 64 and 1048576."),
        TimeProvider = TimeProvider ?? throw new ArgumentNullException(nameof(TimeProvider), "TimeProvider must not be null."),
    };

    private static TimeSpan AtLeast(TimeSpan value, TimeSpan min, string name) =>
        value >= min ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {min}.");
}
