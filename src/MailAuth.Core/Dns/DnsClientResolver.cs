using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;
using MailAuth.Text;

namespace MailAuth.Dns;

/// <summary>
/// The default <see cref="IDnsResolver"/>: asks recursive resolvers through DnsClient's <see cref="LookupClient"/>,
/// over UDP with TCP fallback for truncated answers. Caching is left to <see cref="CachingDnsResolver"/>.
/// </summary>
/// <remarks>
/// Failures are values: RCODEs map to <see cref="DnsStatus"/>, no answer within
/// <see cref="DnsClientResolverOptions.Timeout"/> (after retries) to <see cref="DnsStatus.Timeout"/>, network errors and
/// malformed or truncated answers to <see cref="DnsStatus.OtherError"/>. Only cancellation of the caller's token throws.
/// TXT character-strings are kept separate and decoded as UTF-8 (bytes that are not UTF-8 become U+FFFD).
/// Negative answers carry the RFC 2308 §5 TTL from the SOA in the authority section (zero without one).
/// Several servers are asked in the configured order: no answer moves on to the next server, SERVFAIL or REFUSED
/// asks the others too, NXDOMAIN and NODATA are final. Thread-safe.
/// </remarks>
public sealed class DnsClientResolver : IDnsResolver, ISpfTypeResolver
{
    private readonly LookupClient _client;
    private readonly NameServer[] _nameServers;

    /// <summary>Creates a resolver.</summary>
    /// <param name="options">Settings; <see langword="null"/> for the system's servers and the defaults. Validated and copied: later changes have no effect.</param>
    /// <exception cref="ArgumentException">An option is invalid; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public DnsClientResolver(DnsClientResolverOptions? options = null)
    {
        options = (options ?? new DnsClientResolverOptions()).Freeze();
        LookupClientOptions settings = options.Servers.Count == 0
            ? new LookupClientOptions()
            : new LookupClientOptions(options.Servers.Select(ToNameServer).ToArray());
        settings.Timeout = options.Timeout;
        settings.Retries = options.Retries;
        settings.UseTcpFallback = options.UseTcpFallback;
        settings.UseTcpOnly = options.UseTcpOnly;
        settings.ExtendedDnsBufferSize = options.UdpPayloadSize;
        settings.Recursion = options.Recursion;
        settings.UseCache = false;
        settings.CacheFailedResults = false;
        settings.ThrowDnsErrors = false;
        // DnsClient's ContinueOnDnsError also moves on after NXDOMAIN, turning a definitive answer into the next
        // server's timeout; NXDOMAIN and NODATA are final here, and SERVFAIL/REFUSED are retried below.
        settings.ContinueOnDnsError = false;
        settings.ContinueOnEmptyResponse = false;
        settings.UseRandomNameServer = false;
        settings.EnableAuditTrail = false;
        _client = new LookupClient(settings);
        _nameServers = _client.NameServers.ToArray();
        Servers = _nameServers.Select(s => new IPEndPoint(IPAddress.Parse(s.Address), s.Port)).ToArray();
    }

    /// <summary>The servers queries go to, after resolving the system's servers when none were configured.</summary>
    public IReadOnlyList<IPEndPoint> Servers { get; }

    /// <inheritdoc />
    public ValueTask<DnsResponse<Dns.TxtRecord>> QueryTxtAsync(string name, CancellationToken cancellationToken = default)
        => QueryAsync(name, QueryType.TXT, static r => new Dns.TxtRecord(((DnsClient.Protocol.TxtRecord)r).Text.ToArray()), cancellationToken);

    /// <inheritdoc />
    public ValueTask<DnsResponse<IPAddress>> QueryAAsync(string name, CancellationToken cancellationToken = default)
        => QueryAsync(name, QueryType.A, static r => ((ARecord)r).Address, cancellationToken);

    /// <inheritdoc />
    public ValueTask<DnsResponse<IPAddress>> QueryAaaaAsync(string name, CancellationToken cancellationToken = default)
        => QueryAsync(name, QueryType.AAAA, static r => ((AaaaRecord)r).Address, cancellationToken);

    /// <inheritdoc />
    public ValueTask<DnsResponse<Dns.MxRecord>> QueryMxAsync(string name, CancellationToken cancellationToken = default)
        => QueryAsync(name, QueryType.MX, static r => new Dns.MxRecord(((DnsClient.Protocol.MxRecord)r).Preference, HostName(((DnsClient.Protocol.MxRecord)r).Exchange)), cancellationToken);

    /// <inheritdoc />
    public ValueTask<DnsResponse<string>> QueryPtrAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        return QueryAsync(DnsNames.ToReverseName(address), QueryType.PTR, static r => HostName(((PtrRecord)r).PtrDomainName), cancellationToken);
    }

    /// <inheritdoc />
    ValueTask<DnsResponse<Dns.TxtRecord>> ISpfTypeResolver.QuerySpfTypeAsync(string name, CancellationToken cancellationToken)
        => QueryAsync(name, QueryType.SPF, static r => new Dns.TxtRecord(((DnsClient.Protocol.TxtRecord)r).Text.ToArray()), cancellationToken);

    private async ValueTask<DnsResponse<T>> QueryAsync<T>(string name, QueryType type, Func<DnsResourceRecord, T> select, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        cancellationToken.ThrowIfCancellationRequested();
        if (!DomainName.TryCreateQueryName(name, out DomainName queryName, out string? nameError))
        {
            return DnsResponse<T>.Failure(DnsStatus.FormatError, TimeSpan.Zero, nameError);
        }

        string normalized = queryName.Value;

        try
        {
            // WaitAsync: DnsClient turns a cancelled token into a timeout answer; the caller must see the cancellation.
            var question = new DnsQuestion(normalized + ".", type, QueryClass.IN);
            IDnsQueryResponse response = await _client.QueryAsync(question, cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (IsServerProblem(response) && _nameServers.Length > 1)
            {
                response = await AskOtherServersAsync(question, response, cancellationToken).ConfigureAwait(false);
            }

            return ToResponse(response, type, normalized, select);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (DnsResponseException e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DnsStatus failed = Map(e.Code);

            return DnsResponse<T>.Failure(failed, TimeSpan.Zero, Describe(e, failed, type, normalized));
        }
        catch (OperationCanceledException)
        {
            return DnsResponse<T>.Failure(DnsStatus.Timeout, TimeSpan.Zero, Describe(DnsStatus.Timeout, type, normalized));
        }
        catch (SocketException e)
        {
            DnsStatus failed = e.SocketErrorCode == SocketError.TimedOut ? DnsStatus.Timeout : DnsStatus.OtherError;
            return DnsResponse<T>.Failure(failed, TimeSpan.Zero, failed == DnsStatus.Timeout ? Describe(failed, type, normalized) : $"network error querying {type} {normalized}");
        }
#pragma warning disable CA1031 // Resolvers never throw for DNS failures: any other failure of the client library is an answer too.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return DnsResponse<T>.Failure(DnsStatus.OtherError, TimeSpan.Zero, Describe(e, DnsStatus.OtherError, type, normalized));
        }
    }

    // With TCP fallback off, DnsClient reports a truncated UDP answer as an exception: say so, in our own words.
    private static string Describe(Exception e, DnsStatus status, QueryType type, string name) =>
        status == DnsStatus.OtherError && e.Message.Contains("truncat", StringComparison.OrdinalIgnoreCase)
            ? $"truncated answer querying {type} {name} (TCP fallback is off)"
            : Describe(status, type, name);

    private static bool IsServerProblem(IDnsQueryResponse response) =>
        response.Header.ResponseCode is DnsHeaderResponseCode.ServerFailure or DnsHeaderResponseCode.Refused;

    // SERVFAIL or REFUSED from one server says nothing about the others (RFC 1035 §7.2): ask each in turn.
    private async Task<IDnsQueryResponse> AskOtherServersAsync(DnsQuestion question, IDnsQueryResponse first, CancellationToken cancellationToken)
    {
        foreach (NameServer server in _nameServers)
        {
            if (server.Equals(first.NameServer))
            {
                continue;
            }

            try
            {
                IDnsQueryResponse other = await _client.QueryServerAsync([server], question, cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
                if (!IsServerProblem(other))
                {
                    return other;
                }
            }
#pragma warning disable CA1031 // Whatever went wrong with this server, the first server's answer is still the answer.
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                // This server did not answer either; the first server's answer stands unless another one does.
            }
        }

        return first;
    }

    private static DnsResponse<T> ToResponse<T>(IDnsQueryResponse response, QueryType type, string name, Func<DnsResourceRecord, T> select)
    {
        DnsStatus status = Map(response.Header.ResponseCode);
        if (status != DnsStatus.NoError)
        {
            return DnsResponse<T>.Failure(status, status == DnsStatus.NxDomain ? NegativeTtl(response) : TimeSpan.Zero, Describe(status, type, name));
        }

        if (response.Header.ResultTruncated)
        {
            return DnsResponse<T>.Failure(DnsStatus.OtherError, TimeSpan.Zero, $"truncated answer querying {type} {name} (TCP fallback is off)");
        }

        // DnsClient's TimeToLive is the TTL minus the whole seconds elapsed since the record was parsed (for its own
        // cache), so a slow continuation turns 300 into 299. InitialTimeToLive is the TTL as the server sent it; ages
        // are our caches' business (CachingDnsResolver, with its TimeProvider).
        List<T>? records = null;
        int ttl = int.MaxValue;
        foreach (DnsResourceRecord record in response.Answers)
        {
            if (record.RecordType == (ResourceRecordType)type)
            {
                (records ??= []).Add(select(record));
                ttl = Math.Min(ttl, record.InitialTimeToLive);
            }
            else if (record.RecordType == ResourceRecordType.CNAME)
            {
                ttl = Math.Min(ttl, record.InitialTimeToLive);
            }
        }

        return records is null
            ? new DnsResponse<T>(DnsStatus.NoError, null, NegativeTtl(response))
            : DnsResponse<T>.Success(records, TimeSpan.FromSeconds(Math.Max(0, ttl)));
    }

    // Error texts end up in result reasons and Authentication-Results comments: they name the failure, the type and the
    // name only — never the client library's message (query id, server address and port vary from run to run).
    private static string Describe(DnsStatus status, QueryType type, string name) => status switch
    {
        DnsStatus.Timeout => $"timeout querying {type} {name}",
        DnsStatus.ServerFailure => $"SERVFAIL querying {type} {name}",
        DnsStatus.Refused => $"REFUSED querying {type} {name}",
        DnsStatus.FormatError => $"FORMERR querying {type} {name}",
        DnsStatus.NxDomain => $"NXDOMAIN querying {type} {name}",
        _ => $"error querying {type} {name}",
    };

    // RFC 2308 §5: negative answers are cached for min(SOA TTL, SOA MINIMUM).
    private static TimeSpan NegativeTtl(IDnsQueryResponse response)
    {
        foreach (DnsResourceRecord record in response.Authorities)
        {
            if (record is SoaRecord soa)
            {
                return TimeSpan.FromSeconds(Math.Min((long)Math.Max(0, soa.InitialTimeToLive), soa.Minimum));
            }
        }

        return TimeSpan.Zero;
    }

    private static DnsStatus Map(DnsResponseCode code) => code switch
    {
        DnsResponseCode.NoError => DnsStatus.NoError,
        DnsResponseCode.NotExistentDomain => DnsStatus.NxDomain,
        DnsResponseCode.ServerFailure => DnsStatus.ServerFailure,
        DnsResponseCode.Refused => DnsStatus.Refused,
        DnsResponseCode.FormatError => DnsStatus.FormatError,
        DnsResponseCode.ConnectionTimeout => DnsStatus.Timeout,
        _ => DnsStatus.OtherError,
    };

    private static DnsStatus Map(DnsHeaderResponseCode code) => Map((DnsResponseCode)(int)code);

    private static string HostName(DnsString name)
    {
        string value = name.Value;
        return value.Length > 1 && value.EndsWith('.') ? value[..^1] : value;
    }

    private static NameServer ToNameServer(IPEndPoint endPoint) => new(endPoint.Address, endPoint.Port == 0 ? 53 : endPoint.Port);
}
