using System.Net;
using MailAuth.Dns;

namespace MailAuth.Tests.Spf;

/// <summary>
/// Serves one suite scenario from a <see cref="ZoneFileResolver"/>. Two names of the suite cannot be held by a zone:
/// owner names with spaces (a DNS label may hold any octet; the zone takes them in RFC 1035 §5.1 escaped form <c>\032</c>)
/// and an MX whose exchange is the root (""), which this decorator appends to the MX answer.
/// </summary>
internal sealed class SpfSuiteResolver : IDnsResolver
{
    private readonly HashSet<string> _nullMx = new(StringComparer.OrdinalIgnoreCase);

    public SpfSuiteResolver(SpfSuiteScenario scenario)
    {
        scenario.LoadInto(Zone, MapName, _nullMx);
    }

    public ZoneFileResolver Zone { get; } = new();

    public static string MapName(string name) => name.Replace(" ", "\\032", StringComparison.Ordinal);

    public ValueTask<DnsResponse<TxtRecord>> QueryTxtAsync(string name, CancellationToken cancellationToken = default)
        => Zone.QueryTxtAsync(MapName(name), cancellationToken);

    public ValueTask<DnsResponse<IPAddress>> QueryAAsync(string name, CancellationToken cancellationToken = default)
        => Zone.QueryAAsync(MapName(name), cancellationToken);

    public ValueTask<DnsResponse<IPAddress>> QueryAaaaAsync(string name, CancellationToken cancellationToken = default)
        => Zone.QueryAaaaAsync(MapName(name), cancellationToken);

    public async ValueTask<DnsResponse<MxRecord>> QueryMxAsync(string name, CancellationToken cancellationToken = default)
    {
        DnsResponse<MxRecord> response = await Zone.QueryMxAsync(MapName(name), cancellationToken);
        if (!_nullMx.Contains(MapName(name).TrimEnd('.')) || response.Status is not (DnsStatus.NoError or DnsStatus.NxDomain))
        {
            return response;
        }

        return DnsResponse<MxRecord>.Success([.. response.Records, new MxRecord(0, string.Empty)], response.TimeToLive);
    }

    public ValueTask<DnsResponse<string>> QueryPtrAsync(IPAddress address, CancellationToken cancellationToken = default)
        => Zone.QueryPtrAsync(address, cancellationToken);
}
