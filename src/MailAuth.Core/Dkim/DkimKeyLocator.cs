using MailAuth.Dns;

namespace MailAuth.Dkim;

/// <summary>
/// Finds the public key of a signature at <c>selector._domainkey.domain</c> (RFC 6376 §3.6.2), through a key cache and
/// an <see cref="IDnsResolver"/>, within a time budget: one for all look-ups of a message and one for each look-up on
/// its own. Used by <see cref="DkimMessageVerifier"/>; an ARC verifier (RFC 8617 §5.2) takes its own instance with its own
/// budgets. Immutable and thread-safe; each message gets a <see cref="Session"/>.
/// </summary>
internal sealed class DkimKeyLocator
{
    private readonly IDnsResolver _resolver;
    private readonly IDkimPublicKeyCache? _cache;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _maxKeyLookupTime;
    private readonly TimeProvider _time;

    /// <summary>Creates a locator.</summary>
    /// <param name="resolver">Where key records come from.</param>
    /// <param name="cache">Parsed keys by query name, or <see langword="null"/>.</param>
    /// <param name="timeout">The budget of all look-ups of one message; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="maxKeyLookupTime">The budget of each look-up on its own; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="time">The clock of both budgets.</param>
    public DkimKeyLocator(IDnsResolver resolver, IDkimPublicKeyCache? cache, TimeSpan timeout, TimeSpan maxKeyLookupTime, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(time);
        _resolver = resolver;
        _cache = cache;
        _timeout = timeout;
        _maxKeyLookupTime = maxKeyLookupTime;
        _time = time;
    }

    /// <summary>The query name of a key: <c>selector._domainkey.domain</c>, lower case, no trailing dot (RFC 6376 §3.6.2.1).</summary>
    /// <param name="selector">The <c>s=</c> value.</param>
    /// <param name="domain">The <c>d=</c> value.</param>
    /// <returns>The name.</returns>
    public static string GetQueryName(string selector, string domain) =>
        (selector + "._domainkey." + domain.TrimEnd('.')).ToLowerInvariant();

    /// <summary>Starts the look-ups of one message.</summary>
    /// <param name="keyRelevance">
    /// Once it completes, a pending query whose <c>d=</c> domain it rejects is abandoned (the facade's DMARC alignment
    /// scope); <see langword="null"/> for none.
    /// </param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The session; dispose it when the message is done.</returns>
    public Session Begin(Task<Func<string, bool>>? keyRelevance, CancellationToken cancellationToken) =>
        new(this, keyRelevance, cancellationToken);

    /// <summary>
    /// The look-ups of one message: each query name is queried once; the message's time budget starts with its first
    /// query (cached keys need none). Not thread-safe.
    /// </summary>
    internal sealed class Session : IDisposable
    {
        private readonly DkimKeyLocator _locator;
        private readonly Task<Func<string, bool>>? _keyRelevance;
        private readonly CancellationToken _caller;
        private Dictionary<string, Task<DkimKeyLookup>>? _queries;
        private CancellationTokenSource? _budget;
        private CancellationTokenRegistration _callerRegistration;

        internal Session(DkimKeyLocator locator, Task<Func<string, bool>>? keyRelevance, CancellationToken cancellationToken)
        {
            _locator = locator;
            _keyRelevance = keyRelevance;
            _caller = cancellationToken;
        }

        /// <summary>
        /// The message's time budget joined with the caller's token once a query has started, else the caller's token:
        /// work done alongside the queries (body hashing) observes it.
        /// </summary>
        public CancellationToken Token => _budget?.Token ?? _caller;

        /// <summary>Starts (or joins) the look-up of <paramref name="name"/>.</summary>
        /// <param name="name">The query name (<see cref="GetQueryName"/>).</param>
        /// <param name="domain">The <c>d=</c> domain, for the relevance filter.</param>
        /// <returns>The look-up; it never faults (failures are <see cref="DkimKeyLookup"/> values) unless the caller cancels.</returns>
        public Task<DkimKeyLookup> Start(string name, string domain) => Start(name, domain, out _);

        /// <summary>As <see cref="Start(string, string)"/>; <paramref name="queried"/> tells whether this call sent the DNS query.</summary>
        /// <param name="name">The query name (<see cref="GetQueryName"/>).</param>
        /// <param name="domain">The <c>d=</c> domain, for the relevance filter.</param>
        /// <param name="queried"><see langword="true"/> when this call started a DNS query (not cached, not already asked in this session).</param>
        /// <returns>The look-up.</returns>
        public Task<DkimKeyLookup> Start(string name, string domain, out bool queried)
        {
            queried = false;
            if (_locator._cache is { } cache && cache.TryGet(name, out var cached) && cached is not null)
            {
                return Task.FromResult(new DkimKeyLookup(cached, DkimProblem.None, null));
            }

            _queries ??= new Dictionary<string, Task<DkimKeyLookup>>(StringComparer.OrdinalIgnoreCase);
            if (!_queries.TryGetValue(name, out var query))
            {
                if (_budget is null)
                {
                    _budget = _locator._timeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(_locator._timeout, _locator._time);
                    _callerRegistration = _caller.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _budget);
                }

                query = _locator.FetchAsync(name, domain, _budget.Token, _caller, _keyRelevance);
                _queries[name] = query;
                queried = true;
            }

            return query;
        }

        /// <summary>Releases the budget's timer.</summary>
        public void Dispose()
        {
            _callerRegistration.Dispose();
            _budget?.Dispose();
        }
    }

    // Each look-up has its own budget (MaxKeyLookupTime) inside the message's (Timeout), and is abandoned early when the
    // caller's relevance filter says DMARC cannot depend on its d= domain.
    private async Task<DkimKeyLookup> FetchAsync(string name, string domain, CancellationToken budget, CancellationToken caller, Task<Func<string, bool>>? keyRelevance)
    {
        TimeSpan perKey = _maxKeyLookupTime;
        using var keyTimer = perKey == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(perKey, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(budget, keyTimer?.Token ?? CancellationToken.None);
        CancellationToken token = linked.Token;
        DnsResponse<TxtRecord> response;
        try
        {
            ValueTask<DnsResponse<TxtRecord>> pending = _resolver.QueryTxtAsync(name, token);
            if (keyRelevance is not null && !pending.IsCompleted)
            {
                Task<DnsResponse<TxtRecord>> query = pending.AsTask();
                await Task.WhenAny(query, keyRelevance).ConfigureAwait(false);
                if (!query.IsCompleted && keyRelevance.IsCompletedSuccessfully && !(await keyRelevance.ConfigureAwait(false))(domain))
                {
                    linked.Cancel();
                    return DkimKeyLookup.Failure(DkimProblem.DnsFailure, $"key query for {name} abandoned: d={domain} cannot align with the From domain");
                }

                pending = new ValueTask<DnsResponse<TxtRecord>>(query);
            }

            response = await pending.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            return keyTimer is { IsCancellationRequested: true } && !budget.IsCancellationRequested
                ? DkimKeyLookup.Failure(DkimProblem.DnsFailure, $"key query for {name} exceeded its own time budget of {perKey.TotalSeconds:0.###} s")
                : DkimKeyLookup.Failure(DkimProblem.DnsFailure, $"key query for {name} exceeded the time budget");
        }

        // RFC 6376 §6.1.2 step 3: NXDOMAIN or no record is "no key"; any other failure is temporary.
        switch (response.Status)
        {
            case DnsStatus.NoError when response.Records.Count > 0:
                break;
            case DnsStatus.NoError or DnsStatus.NxDomain:
                return DkimKeyLookup.Failure(DkimProblem.KeyNotFound, $"no key for signature at {name}");
            default:
                return DkimKeyLookup.Failure(DkimProblem.DnsFailure, $"key query for {name} failed: {response.ErrorMessage ?? response.Status.ToString()}");
        }

        // Several records are undefined behaviour (RFC 6376 §3.6.2.2); use the first one that parses.
        DkimParseError firstError = default;
        foreach (var record in response.Records)
        {
            if (DkimPublicKey.TryParse(record.Text, out var key, out var error))
            {
                _cache?.Set(name, key, response.TimeToLive);
                return new DkimKeyLookup(key, DkimProblem.None, null);
            }

            if (!firstError.IsError)
            {
                firstError = error;
            }
        }

        return DkimKeyLookup.Failure(firstError.Problem, firstError.ToString());
    }
}
