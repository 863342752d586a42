using System.Net;
using MailAuth.Dns;

namespace MailAuth.Interop.Tests.Dns;

/// <summary>
/// The authoritative test server started by <c>.ci/dns-server start</c> (NSD serving tests/zones/*.zone on
/// 127.0.0.1:5053; override with MAILAUTH_DNS_SERVER=address:port).
/// </summary>
internal static class DnsTestServer
{
    public const string Zone = "dnstest.mailauth.test";

    private static readonly Lazy<Task<string?>> Probe = new(ProbeAsync);

    public static IPEndPoint EndPoint { get; } =
        DnsClientResolverOptions.ParseServer(Environment.GetEnvironmentVariable("MAILAUTH_DNS_SERVER") is { Length: > 0 } s ? s : "127.0.0.1:5053");

    /// <summary>The zone file the server serves, copied next to the tests.</summary>
    public static string ZoneFile(string zone = Zone) => Path.Combine(AppContext.BaseDirectory, "zones", zone + ".zone");

    /// <summary>Skips (or fails under MAILAUTH_INTEROP=required) when the server does not answer.</summary>
    public static async Task RequireAsync()
    {
        string? problem = await Probe.Value;
        Peers.Require(problem is null, $"DNS test server {EndPoint} not answering ({problem}); run .ci/dns-server start (needs nsd)");
    }

    public static DnsClientResolver CreateResolver(int retries = 1, int udpPayloadSize = 1232, bool useTcpFallback = true, bool useTcpOnly = false, IPEndPoint? nextServer = null)
    {
        return new DnsClientResolver(new DnsClientResolverOptions
        {
            Timeout = TimeSpan.FromSeconds(2),
            Retries = retries,
            UdpPayloadSize = udpPayloadSize,
            UseTcpFallback = useTcpFallback,
            UseTcpOnly = useTcpOnly,
            Servers = nextServer is null ? [EndPoint] : [EndPoint, nextServer],
        });
    }

    public static ZoneFileResolver CreateZoneResolver()
    {
        var resolver = new ZoneFileResolver();
        resolver.LoadZoneFile(ZoneFile(), Zone);
        resolver.LoadZoneFile(ZoneFile("2.0.192.in-addr.arpa"), "2.0.192.in-addr.arpa");
        return resolver;
    }

    private static async Task<string?> ProbeAsync()
    {
        var response = await CreateResolver(retries: 0).QueryTxtAsync(Zone);
        return response.Status == DnsStatus.NoError && response.Records.Count > 0
            ? null
            : $"{response.Status}: {response.ErrorMessage}";
    }
}
