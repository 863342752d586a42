namespace MailAuth.Dns;

/// <summary>
/// The answer to one DNS query: a <see cref="DnsStatus"/>, the records of the asked type (possibly none)
/// and the time they may be cached. Resolvers return failures as values of this type, never as exceptions.
/// </summary>
/// <typeparam name="T">The record type (<see cref="TxtRecord"/>, <see cref="System.Net.IPAddress"/>, <see cref="MxRecord"/>, or <see cref="string"/> for PTR).</typeparam>
public sealed class DnsResponse<T>
{
    private static readonly IReadOnlyList<T> NoRecords = Array.Empty<T>();

    /// <summary>Creates a response.</summary>
    /// <param name="status">The query outcome.</param>
    /// <param name="records">The records; <see langword="null"/> for none.</param>
    /// <param name="timeToLive">How long the answer may be cached (the smallest record TTL, or the negative-caching TTL).</param>
    /// <param name="errorMessage">Human-readable detail for a failure.</param>
    public DnsResponse(DnsStatus status, IReadOnlyList<T>? records, TimeSpan timeToLive, string? errorMessage = null)
    {
        Status = status;
        Records = records ?? NoRecords;
        TimeToLive = timeToLive < TimeSpan.Zero ? TimeSpan.Zero : timeToLive;
        ErrorMessage = Text.ReasonText.Escape(errorMessage);
    }

    /// <summary>The query outcome.</summary>
    public DnsStatus Status { get; }

    /// <summary>The records of the asked type; empty for NXDOMAIN, NODATA and failures.</summary>
    public IReadOnlyList<T> Records { get; }

    /// <summary>How long this answer may be cached.</summary>
    public TimeSpan TimeToLive { get; }

    /// <summary>Detail for a failure (for logs and result reasons), or <see langword="null"/>.</summary>
    public string? ErrorMessage { get; }

    /// <summary><see langword="true"/> when the server answered authoritatively: <see cref="DnsStatus.NoError"/> or <see cref="DnsStatus.NxDomain"/>.</summary>
    public bool IsDefinitive => Status is DnsStatus.NoError or DnsStatus.NxDomain;

    /// <summary>
    /// <see langword="true"/> for a "void" answer in the sense of RFC 7208 §4.6.4: NXDOMAIN, or NOERROR with no records (NODATA).
    /// </summary>
    public bool IsEmpty => Status == DnsStatus.NxDomain || (Status == DnsStatus.NoError && Records.Count == 0);

    /// <summary>A successful answer.</summary>
    /// <param name="records">The records.</param>
    /// <param name="timeToLive">How long the answer may be cached.</param>
    /// <returns>The response.</returns>
    public static DnsResponse<T> Success(IReadOnlyList<T> records, TimeSpan timeToLive) => new(DnsStatus.NoError, records, timeToLive);

    /// <summary>A failed or negative answer with no records.</summary>
    /// <param name="status">The outcome.</param>
    /// <param name="timeToLive">Negative-caching time (zero for transient failures).</param>
    /// <param name="errorMessage">Detail.</param>
    /// <returns>The response.</returns>
    public static DnsResponse<T> Failure(DnsStatus status, TimeSpan timeToLive = default, string? errorMessage = null) => new(status, null, timeToLive, errorMessage);

    /// <inheritdoc />
    public override string ToString() => $"{Status} ({Records.Count} record(s), TTL {TimeToLive.TotalSeconds:0}s)";
}
