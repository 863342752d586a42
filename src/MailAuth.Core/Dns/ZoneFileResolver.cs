using System.Diagnostics.CodeAnalysis;
using System.Net;
using MailAuth.Text;

namespace MailAuth.Dns;

/// <summary>
/// An in-memory authoritative <see cref="IDnsResolver"/>: records come from RFC 1035 §5 master files or from the
/// <c>Add...</c> methods, and faults (timeouts, SERVFAIL, other RCODEs, latency) can be injected per name.
/// Meant for tests, the CLI's <c>--zone</c> option and users' own test suites.
/// </summary>
/// <remarks>
/// <para>Answers follow RFC 1034 §4.3.2: a name that owns records of other types, or that has names below it
/// (an empty non-terminal), answers NOERROR with no records (NODATA); any other name answers NXDOMAIN.
/// CNAME chains are followed up to <see cref="ZoneFileResolverOptions.MaxCnameChain"/> links; a loop answers SERVFAIL.
/// Records of the deprecated SPF type (RFC 7208 §3.1) are stored apart and never served as TXT. Wildcard owners
/// (<c>*.example.com</c>) answer for names that do not exist below their parent (RFC 4592 §3.3.1).</para>
/// <para>All members are thread-safe; loading and adding may run while queries run.</para>
/// </remarks>
public sealed class ZoneFileResolver : IDnsResolver, ISpfTypeResolver
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<ZoneEntry>> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _namesBelow = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Name, DnsRecordType? Type), Fault> _faults = [];
    private readonly Dictionary<(string Name, DnsRecordType Type), int> _queryCounts = [];
    private readonly ZoneFileResolverOptions _options;
    private int _queryCount;

    /// <summary>Creates an empty resolver.</summary>
    /// <param name="options">Settings; <see langword="null"/> for the defaults. Validated and copied: later changes have no effect.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public ZoneFileResolver(ZoneFileResolverOptions? options = null)
    {
        _options = (options ?? new ZoneFileResolverOptions()).Freeze();
    }

    /// <summary>The number of queries answered so far (including injected failures).</summary>
    public int QueryCount => Volatile.Read(ref _queryCount);

    /// <summary>Creates a resolver holding the records of one zone file.</summary>
    /// <param name="path">The master file.</param>
    /// <param name="origin">The zone name used as initial <c>$ORIGIN</c>; <see langword="null"/> when the file sets it.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <returns>The resolver.</returns>
    /// <exception cref="ZoneFileFormatException">A line of the file is malformed.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ZoneFileResolver FromFile(string path, string? origin = null, ZoneFileResolverOptions? options = null)
    {
        var resolver = new ZoneFileResolver(options);
        resolver.LoadZoneFile(path, origin);
        return resolver;
    }

    /// <summary>Adds every record of a master file (RFC 1035 §5). Nothing is added when a line is bad.</summary>
    /// <param name="path">The file.</param>
    /// <param name="origin">The zone name used as initial <c>$ORIGIN</c>; <see langword="null"/> when the file sets it.</param>
    /// <exception cref="ZoneFileFormatException">A line is malformed; the exception names the file and the line.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public void LoadZoneFile(string path, string? origin = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text = File.ReadAllText(path);
        Commit(ZoneFileParser.Parse(text, CheckOrigin(origin), Path.GetFileName(path)), Path.GetFileName(path));
    }

    /// <summary>Adds every record of master-file text (RFC 1035 §5). Nothing is added when a line is bad.</summary>
    /// <param name="text">The zone text.</param>
    /// <param name="origin">The zone name used as initial <c>$ORIGIN</c>; <see langword="null"/> when the text sets it.</param>
    /// <exception cref="ZoneFileFormatException">A line is malformed; the exception names the line.</exception>
    public void LoadZone(string text, string? origin = null)
    {
        Commit(ZoneFileParser.Parse(text, CheckOrigin(origin), null), null);
    }

    /// <summary>Adds every record of master-file text, or reports the first bad line without adding anything.</summary>
    /// <param name="text">The zone text.</param>
    /// <param name="origin">The zone name used as initial <c>$ORIGIN</c>; <see langword="null"/> when the text sets it.</param>
    /// <param name="error">The first error, or <see langword="null"/> on success.</param>
    /// <returns><see langword="true"/> when the zone was loaded.</returns>
    public bool TryLoadZone(string text, string? origin, [NotNullWhen(false)] out ZoneFileFormatException? error)
    {
        try
        {
            LoadZone(text, origin);
            error = null;
            return true;
        }
        catch (ZoneFileFormatException e)
        {
            error = e;
            return false;
        }
    }

    /// <summary>Adds a TXT record (RFC 1035 §3.3.14) of one or more character-strings.</summary>
    /// <param name="name">The owner name.</param>
    /// <param name="strings">The character-strings, kept separate.</param>
    public void AddTxt(string name, params string[] strings) => AddTxt(name, new TxtRecord(strings));

    /// <summary>Adds a TXT record.</summary>
    /// <param name="name">The owner name.</param>
    /// <param name="record">The record.</param>
    /// <param name="timeToLive">The TTL; <see langword="null"/> for <see cref="ZoneFileResolverOptions.DefaultTimeToLive"/>.</param>
    public void AddTxt(string name, TxtRecord record, TimeSpan? timeToLive = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        Add(name, DnsRecordType.Txt, record, timeToLive);
    }

    /// <summary>Adds a record of the deprecated SPF type (RFC 7208 §3.1), which is never served as TXT.</summary>
    /// <param name="name">The owner name.</param>
    /// <param name="strings">The character-strings.</param>
    public void AddSpfType(string name, params string[] strings) => Add(name, DnsRecordType.Spf, new TxtRecord(strings), null);

    /// <summary>Adds an A or AAAA record, chosen by the address family.</summary>
    /// <param name="name">The owner name.</param>
    /// <param name="address">The IPv4 or IPv6 address.</param>
    /// <param name="timeToLive">The TTL; <see langword="null"/> for the default.</param>
    public void AddAddress(string name, IPAddress address, TimeSpan? timeToLive = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        Add(name, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? DnsRecordType.A : DnsRecordType.Aaaa, address, timeToLive);
    }

    /// <summary>Adds an A or AAAA record from its text form.</summary>
    /// <param name="name">The owner name.</param>
    /// <param name="address">The address, e.g. <c>192.0.2.1</c> or <c>2001:db8::1</c>.</param>
    public void AddAddress(string name, string address) => AddAddress(name, IPAddress.Parse(address));

    /// <summary>Adds an MX record (RFC 1035 §3.3.9).</summary>
    /// <param name="name">The owner name.</param>
    /// <param name="preference">The preference; lower is preferred.</param>
    /// <param name="exchange">The exchange host name.</param>
    /// <param name="timeToLive">The TTL; <see langword="null"/> for the default.</param>
    public void AddMx(string name, int preference, string exchange, TimeSpan? timeToLive = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(preference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(preference, ushort.MaxValue);
        Add(name, DnsRecordType.Mx, new MxRecord(preference, NormalizeArgument(exchange, nameof(exchange))), timeToLive);
    }

    /// <summary>Adds a PTR record for <paramref name="address"/> under in-addr.arpa or ip6.arpa (RFC 1035 §3.5, RFC 3596 §2.5).</summary>
    /// <param name="address">The address.</param>
    /// <param name="hostName">The host name it points to.</param>
    /// <param name="timeToLive">The TTL; <see langword="null"/> for the default.</param>
    public void AddPtr(IPAddress address, string hostName, TimeSpan? timeToLive = null)
    {
        Add(DnsNames.ToReverseName(address), DnsRecordType.Ptr, NormalizeArgument(hostName, nameof(hostName)), timeToLive);
    }

    /// <summary>Adds a CNAME record (RFC 1035 §3.3.1); the name must own no other record.</summary>
    /// <param name="name">The alias.</param>
    /// <param name="target">The canonical name.</param>
    /// <param name="timeToLive">The TTL; <see langword="null"/> for the default.</param>
    public void AddCname(string name, string target, TimeSpan? timeToLive = null)
    {
        Add(name, DnsRecordType.Cname, NormalizeArgument(target, nameof(target)), timeToLive);
    }

    /// <summary>Removes every record (faults and query counts stay).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _records.Clear();
            _namesBelow.Clear();
        }
    }

    /// <summary>
    /// Makes queries for <paramref name="name"/> fail with <paramref name="status"/>: <see cref="DnsStatus.Timeout"/>,
    /// <see cref="DnsStatus.ServerFailure"/>, <see cref="DnsStatus.Refused"/>, ... The failure applies to the name
    /// itself and when a CNAME chain reaches it.
    /// </summary>
    /// <param name="name">The name.</param>
    /// <param name="status">The failure to answer; <see cref="DnsStatus.NoError"/> is not allowed (remove records instead).</param>
    /// <param name="type">Only this record type; <see langword="null"/> for every type.</param>
    public void SetFault(string name, DnsStatus status, DnsRecordType? type = null)
    {
        if (status == DnsStatus.NoError)
        {
            throw new ArgumentOutOfRangeException(nameof(status), "A fault must be a failure status.");
        }

        UpdateFault(name, type, f => f with { Status = status });
    }

    /// <summary>
    /// Delays every answer for <paramref name="name"/> by <paramref name="latency"/>, measured on
    /// <see cref="ZoneFileResolverOptions.TimeProvider"/>; cancellation ends the wait.
    /// </summary>
    /// <param name="name">The name.</param>
    /// <param name="latency">The delay.</param>
    /// <param name="type">Only this record type; <see langword="null"/> for every type.</param>
    public void SetLatency(string name, TimeSpan latency, DnsRecordType? type = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latency, TimeSpan.Zero);
        UpdateFault(name, type, f => f with { Latency = latency });
    }

    /// <summary>Removes the faults and latency set for <paramref name="name"/> (all types).</summary>
    /// <param name="name">The name.</param>
    public void ClearFault(string name)
    {
        string key = NormalizeArgument(name, nameof(name));
        lock (_gate)
        {
            foreach (var faultKey in _faults.Keys.Where(k => k.Name == key).ToList())
            {
                _faults.Remove(faultKey);
            }
        }
    }

    /// <summary>Removes every fault and latency.</summary>
    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>How many queries of <paramref name="type"/> for <paramref name="name"/> were answered.</summary>
    /// <param name="name">The name as queried (for PTR, the reverse name; see <see cref="GetPtrQueryCount"/>).</param>
    /// <param name="type">The record type.</param>
    /// <returns>The count.</returns>
    public int GetQueryCount(string name, DnsRecordType type)
    {
        string key = NormalizeArgument(name, nameof(name));
        lock (_gate)
        {
            return _queryCounts.GetValueOrDefault((key, type));
        }
    }

    /// <summary>How many PTR queries for <paramref name="address"/> were answered.</summary>
    /// <param name="address">The address.</param>
    /// <returns>The count.</returns>
    public int GetPtrQueryCount(IPAddress address) => GetQueryCount(DnsNames.ToReverseName(address), DnsRecordType.Ptr);

    /// <inheritdoc />
    public ValueTask<DnsResponse<TxtRecord>> QueryTxtAsync(string name, CancellationToken cancellationToken = default)
        => QueryAsync(name, DnsRecordType.Txt, static d => (TxtRecord)d, cancellationToken);

    /// <inheritdoc />
    public ValueTask<DnsResponse<IPAddress>> QueryAAsync(string name, CancellationToken cancellationToken = default)
        => QueryAsync(name, DnsRecordType.A, static d => (IPAddress)d, cancellationToken);

    /// <inheritdoc />
    public ValueTask<DnsResponse<IPAddress>> QueryAaaaAsync(string name, CancellationToken cancellationToken = default)
        => QueryAsync(name, DnsRecordType.Aaaa, static d => (IPAddress)d, cancellationToken);

    /// <inheritdoc />
    public ValueTask<DnsResponse<MxRecord>> QueryMxAsync(string name, CancellationToken cancellationToken = default)
        => QueryAsync(name, DnsRecordType.Mx, static d => (MxRecord)d, cancellationToken);

    /// <inheritdoc />
    public ValueTask<DnsResponse<string>> QueryPtrAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        return QueryAsync(DnsNames.ToReverseName(address), DnsRecordType.Ptr, static d => (string)d, cancellationToken);
    }

    /// <summary>
    /// Looks up records of the deprecated SPF type (RFC 7208 §3.1) — stored apart from TXT for tests that check
    /// they are ignored.
    /// </summary>
    /// <param name="name">The domain name.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The answer.</returns>
    public ValueTask<DnsResponse<TxtRecord>> QuerySpfTypeAsync(string name, CancellationToken cancellationToken = default)
        => QueryAsync(name, DnsRecordType.Spf, static d => (TxtRecord)d, cancellationToken);

    private async ValueTask<DnsResponse<T>> QueryAsync<T>(string name, DnsRecordType type, Func<object, T> select, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _queryCount);
        if (!DomainName.TryCreateQueryName(name, out DomainName queryName, out string? nameError))
        {
            return DnsResponse<T>.Failure(DnsStatus.FormatError, TimeSpan.Zero, nameError);
        }

        string current = queryName.Value;

        lock (_gate)
        {
            var countKey = (current, type);
            _queryCounts[countKey] = _queryCounts.GetValueOrDefault(countKey) + 1;
        }

        TimeSpan chainTtl = TimeSpan.MaxValue;
        for (int link = 0; link <= _options.MaxCnameChain; link++)
        {
            Fault fault = GetFault(current, type);
            if (fault.Latency > TimeSpan.Zero)
            {
                await Task.Delay(fault.Latency, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            if (fault.Status is { } failure)
            {
                return DnsResponse<T>.Failure(failure, TimeSpan.Zero, $"injected {failure} for {current}");
            }

            lock (_gate)
            {
                if (_records.TryGetValue(current, out List<ZoneEntry>? entries) || (!_namesBelow.ContainsKey(current) && TryWildcard(current, out entries)))
                {
                    List<T>? found = null;
                    TimeSpan ttl = chainTtl;
                    string? cname = null;
                    foreach (ZoneEntry entry in entries)
                    {
                        if (entry.Type == type)
                        {
                            (found ??= []).Add(select(entry.Data));
                            ttl = Min(ttl, entry.TimeToLive);
                        }
                        else if (entry.Type == DnsRecordType.Cname)
                        {
                            cname = (string)entry.Data;
                            chainTtl = Min(chainTtl, entry.TimeToLive);
                        }
                    }

                    if (found is not null)
                    {
                        return DnsResponse<T>.Success(found, ttl);
                    }

                    if (cname is not null)
                    {
                        current = cname;
                        continue;
                    }

                    return DnsResponse<T>.Failure(DnsStatus.NoError, Min(chainTtl, NegativeTtl(current)));
                }

                DnsStatus status = _namesBelow.ContainsKey(current) ? DnsStatus.NoError : DnsStatus.NxDomain;
                return DnsResponse<T>.Failure(status, Min(chainTtl, NegativeTtl(current)));
            }
        }

        return DnsResponse<T>.Failure(DnsStatus.ServerFailure, TimeSpan.Zero, $"CNAME chain longer than {_options.MaxCnameChain} or a loop at {name}");
    }

    // RFC 4592 §3.3.1: a name that does not exist is answered from "*.<closest encloser>" when that owns records;
    // the closest encloser is the nearest ancestor that exists (owns records or is an empty non-terminal). Caller holds _gate.
    private bool TryWildcard(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out List<ZoneEntry>? entries)
    {
        for (string? encloser = DomainName.ParentOf(name); encloser is not null; encloser = DomainName.ParentOf(encloser))
        {
            if (_records.ContainsKey(encloser) || _namesBelow.ContainsKey(encloser))
            {
                return _records.TryGetValue("*." + encloser, out entries);
            }
        }

        entries = null;
        return false;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    // RFC 2308 §5: the negative TTL is the smaller of the SOA's own TTL and its MINIMUM field. Caller holds _gate.
    private TimeSpan NegativeTtl(string name)
    {
        for (string? zone = name; zone is not null; zone = DomainName.ParentOf(zone))
        {
            if (_records.TryGetValue(zone, out List<ZoneEntry>? entries))
            {
                foreach (ZoneEntry entry in entries)
                {
                    if (entry.Type == DnsRecordType.Soa)
                    {
                        return Min(entry.TimeToLive, ((ZoneSoa)entry.Data).Minimum);
                    }
                }
            }
        }

        return _options.NegativeTimeToLive;
    }

    private Fault GetFault(string name, DnsRecordType type)
    {
        lock (_gate)
        {
            if (_faults.Count == 0)
            {
                return default;
            }

            Fault any = _faults.GetValueOrDefault((name, null));
            Fault typed = _faults.GetValueOrDefault((name, type));
            return new Fault(typed.Status ?? any.Status, typed.Latency > TimeSpan.Zero ? typed.Latency : any.Latency);
        }
    }

    private void UpdateFault(string name, DnsRecordType? type, Func<Fault, Fault> update)
    {
        string key = NormalizeArgument(name, nameof(name));
        lock (_gate)
        {
            _faults[(key, type)] = update(_faults.GetValueOrDefault((key, type)));
        }
    }

    private void Add(string name, DnsRecordType type, object data, TimeSpan? timeToLive)
    {
        string key = NormalizeArgument(name, nameof(name));
        TimeSpan ttl = timeToLive ?? _options.DefaultTimeToLive;
        ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.Zero, nameof(timeToLive));
        try
        {
            Commit([new ZoneEntry(key, type, ttl, data, 0)], null);
        }
        catch (ZoneFileFormatException e)
        {
            throw new InvalidOperationException(e.Reason, e);
        }
    }

    // Checks the batch against itself and the stored data, then adds all of it or nothing.
    private void Commit(List<ZoneEntry> entries, string? source)
    {
        lock (_gate)
        {
            var added = new Dictionary<string, List<ZoneEntry>>(StringComparer.Ordinal);
            foreach (ZoneEntry entry in entries)
            {
                if (!added.TryGetValue(entry.Name, out List<ZoneEntry>? list))
                {
                    added[entry.Name] = list = [];
                }

                list.Add(entry);
                IEnumerable<ZoneEntry> all = _records.TryGetValue(entry.Name, out List<ZoneEntry>? existing) ? existing.Concat(list) : list;
                int cnames = 0;
                int others = 0;
                foreach (ZoneEntry e in all)
                {
                    if (e.Type == DnsRecordType.Cname)
                    {
                        cnames++;
                    }
                    else
                    {
                        others++;
                    }
                }

                // RFC 1034 §3.6.2 / RFC 2181 §10.1: a CNAME owner has no other data, and only one CNAME.
                if (cnames > 1 || (cnames == 1 && others > 0))
                {
                    throw new ZoneFileFormatException($"{entry.Name} has a CNAME and other records", entry.Line, source);
                }
            }

            foreach (ZoneEntry entry in entries)
            {
                if (!_records.TryGetValue(entry.Name, out List<ZoneEntry>? list))
                {
                    _records[entry.Name] = list = [];
                    for (string? parent = DomainName.ParentOf(entry.Name); parent is not null; parent = DomainName.ParentOf(parent))
                    {
                        _namesBelow[parent] = _namesBelow.GetValueOrDefault(parent) + 1;
                    }
                }

                if (!ContainsSame(list, entry))
                {
                    list.Add(entry);
                }
            }
        }
    }

    // RFC 2181 §5: an RRset holds no duplicate records.
    private static bool ContainsSame(List<ZoneEntry> list, ZoneEntry entry)
    {
        foreach (ZoneEntry e in list)
        {
            if (e.Type == entry.Type && e.Data.Equals(entry.Data))
            {
                return true;
            }
        }

        return false;
    }

    private static string? CheckOrigin(string? origin)
    {
        return origin is null ? null : NormalizeArgument(origin, nameof(origin));
    }

    private static string NormalizeArgument(string name, string parameter)
    {
        ArgumentNullException.ThrowIfNull(name, parameter);
        return DomainName.TryCreateQueryName(name, out DomainName normalized, out string? error)
            ? normalized.Value
            : throw new ArgumentException($"'{name}' is not a valid domain name: {error}", parameter);
    }

    private readonly record struct Fault(DnsStatus? Status, TimeSpan Latency);
}
