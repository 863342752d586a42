using System.Net;
using MailAuth.Dns;

namespace MailAuth.Audit;

/// <summary>One DNS query the audit really sent, with its outcome and how long the answer took.</summary>
internal sealed record AuditDnsQuery(string Name, DnsRecordType Type, DnsStatus Status, TimeSpan Elapsed, TimeSpan TimeToLive, string? Error);

/// <summary>
/// The resolver every check of one audit goes through (the SPF and DMARC engines too): each (name, type) is asked once
/// and its answer reused; at most <see cref="DomainAuditorOptions.MaxDnsQueries"/> queries are sent; the time budget
/// bounds every wait; each real query is recorded for the DNS-operations checks (guide 4.3.2). Failures are answers,
/// never exceptions (only cancellation throws). Not for concurrent use: one per audit, used sequentially.
/// </summary>
internal sealed class AuditDns : IDnsResolver
{
    private readonly IDnsResolver _inner;
    private readonly DomainAuditorOptions _options;
    private readonly CancellationToken _cancellationToken;
    private readonly long _started;
    private readonly Dictionary<(string Name, DnsRecordType Type), object> _answers = [];

    public AuditDns(IDnsResolver inner, DomainAuditorOptions options, CancellationToken cancellationToken)
    {
        _inner = inner;
        _options = options;
        _cancellationToken = cancellationToken;
        _started = options.TimeProvider.GetTimestamp();
    }

    /// <summary>The queries sent to the inner resolver, in order.</summary>
    public List<AuditDnsQuery> Sent { get; } = [];

    /// <summary>Set when a query was refused because <see cref="DomainAuditorOptions.MaxDnsQueries"/> were spent.</summary>
    public bool QueryBudgetSpent { get; private set; }

    /// <summary>Set when the time budget ran out.</summary>
    public bool TimeBudgetSpent { get; private set; }

    public bool IsOutOfTime => _options.Timeout != Timeout.InfiniteTimeSpan && _options.TimeProvider.GetElapsedTime(_started) >= _options.Timeout;

    public bool CanSpfType => _inner is ISpfTypeResolver;

    public ValueTask<DnsResponse<TxtRecord>> QueryTxtAsync(string name, CancellationToken cancellationToken = default)
        => QueryAsync(name, DnsRecordType.Txt, ct => _inner.QueryTxtAsync(name, ct));

    public ValueTask<DnsResponse<IPAddress>> QueryAAsync(string name, CancellationToken cancellationToken = default)
        => QueryAsync(name, DnsRecordType.A, ct => _inner.QueryAAsync(name, ct));

    public ValueTask<DnsResponse<IPAddress>> QueryAaaaAsync(string name, CancellationToken cancellationToken = default)
        => QueryAsync(name, DnsRecordType.Aaaa, ct => _inner.QueryAaaaAsync(name, ct));

    public ValueTask<DnsResponse<MxRecord>> QueryMxAsync(string name, CancellationToken cancellationToken = default)
        => QueryAsync(name, DnsRecordType.Mx, ct => _inner.QueryMxAsync(name, ct));

    public ValueTask<DnsResponse<string>> QueryPtrAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        return QueryAsync(DnsNames.ToReverseName(address), DnsRecordType.Ptr, ct => _inner.QueryPtrAsync(address, ct));
    }

    /// <summary>Type-99 records; only when the inner resolver can ask for them (<see cref="CanSpfType"/>).</summary>
    public ValueTask<DnsResponse<TxtRecord>> QuerySpfTypeAsync(string name)
        => _inner is ISpfTypeResolver spf
            ? QueryAsync(name, DnsRecordType.Spf, ct => spf.QuerySpfTypeAsync(name, ct))
            : new(DnsResponse<TxtRecord>.Failure(DnsStatus.OtherError, TimeSpan.Zero, "the resolver cannot ask for type SPF"));

    /// <summary>The answer already received for (<paramref name="name"/>, <paramref name="type"/>), if any.</summary>
    public DnsResponse<T>? Known<T>(string name, DnsRecordType type)
        => _answers.TryGetValue((Key(name), type), out object? answer) ? answer as DnsResponse<T> : null;

    private static string Key(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();

    private async ValueTask<DnsResponse<T>> QueryAsync<T>(string name, DnsRecordType type, Func<CancellationToken, ValueTask<DnsResponse<T>>> ask)
    {
        ArgumentNullException.ThrowIfNull(name);
        _cancellationToken.ThrowIfCancellationRequested();
        var key = (Key(name), type);
        if (_answers.TryGetValue(key, out object? known) && known is DnsResponse<T> cached)
        {
            return cached;
        }

        if (IsOutOfTime)
        {
            TimeBudgetSpent = true;
            return DnsResponse<T>.Failure(DnsStatus.Timeout, TimeSpan.Zero, "the audit's time budget ran out");
        }

        if (Sent.Count >= _options.MaxDnsQueries)
        {
            QueryBudgetSpent = true;
            return DnsResponse<T>.Failure(DnsStatus.Refused, TimeSpan.Zero, $"the audit's budget of {_options.MaxDnsQueries} DNS queries is spent");
        }

        long start = _options.TimeProvider.GetTimestamp();
        DnsResponse<T> response = await AskAsync(ask).ConfigureAwait(false);
        Sent.Add(new AuditDnsQuery(key.Item1, type, response.Status, _options.TimeProvider.GetElapsedTime(start), response.TimeToLive, response.ErrorMessage));
        _answers[key] = response;
        return response;
    }

    private async ValueTask<DnsResponse<T>> AskAsync<T>(Func<CancellationToken, ValueTask<DnsResponse<T>>> ask)
    {
        try
        {
            ValueTask<DnsResponse<T>> pending = ask(_cancellationToken);
            if (pending.IsCompletedSuccessfully || _options.Timeout == Timeout.InfiniteTimeSpan)
            {
                return await pending.ConfigureAwait(false);
            }

            TimeSpan left = _options.Timeout - _options.TimeProvider.GetElapsedTime(_started);
            return await pending.AsTask().WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, _options.TimeProvider, _cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            TimeBudgetSpent = true;
            return DnsResponse<T>.Failure(DnsStatus.Timeout, TimeSpan.Zero, "no answer within the audit's time budget");
        }
        catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A misbehaving resolver must not break the audit: its exception is an answer too.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return DnsResponse<T>.Failure(DnsStatus.OtherError, TimeSpan.Zero, ex.Message);
        }
    }
}
