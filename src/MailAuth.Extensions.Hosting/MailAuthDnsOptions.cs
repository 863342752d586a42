using MailAuth.Dns;

namespace MailAuth.Extensions.Hosting;

/// <summary>The DNS resolver: a <see cref="DnsClientResolver"/> over <see cref="Servers"/>, or a <see cref="ZoneFileResolver"/> over <see cref="ZoneFiles"/>.</summary>
public sealed class MailAuthDnsOptions
{
    /// <summary>
    /// The recursive resolvers to ask, in order, as <c>address</c>, <c>address:port</c> or <c>[ipv6]:port</c>
    /// (see <see cref="DnsClientResolverOptions.ParseServer(string)"/>).
    /// </summary>
    /// <value>Empty: the system's resolvers (e.g. /etc/resolv.conf).</value>
    public List<string> Servers { get; set; } = [];

    /// <summary>
    /// RFC 1035 master files to answer from instead of the network (offline tests and samples, like the CLI's
    /// <c>--zone</c>); not together with <see cref="Servers"/>.
    /// </summary>
    /// <value>Empty: ask DNS servers.</value>
    public List<string> ZoneFiles { get; set; } = [];

    /// <summary>How long to wait for one answer; see <see cref="DnsClientResolverOptions.Timeout"/>.</summary>
    /// <value>5 seconds; more than zero, at most 5 minutes.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many times a query that timed out is sent again; see <see cref="DnsClientResolverOptions.Retries"/>.</summary>
    /// <value>2; 0 to 10.</value>
    public int Retries { get; set; } = 2;

    /// <summary>Whether a truncated UDP answer is asked again over TCP (RFC 7766 §5).</summary>
    /// <value><see langword="true"/>.</value>
    public bool UseTcpFallback { get; set; } = true;

    /// <summary>Whether every query goes over TCP.</summary>
    /// <value><see langword="false"/>.</value>
    public bool UseTcpOnly { get; set; }

    /// <summary>The EDNS(0) UDP payload size (RFC 6891 §6.2.5); see <see cref="DnsClientResolverOptions.UdpPayloadSize"/>.</summary>
    /// <value>1232; 512 to 4096.</value>
    public int UdpPayloadSize { get; set; } = 1232;

    /// <summary>Whether queries ask for recursion (RD bit).</summary>
    /// <value><see langword="true"/>.</value>
    public bool Recursion { get; set; } = true;

    /// <summary>
    /// The name whose TXT record the DNS health check asks for. Any definitive answer (records, NODATA or NXDOMAIN)
    /// counts as reachable; RFC 6761 §6.3 lets resolvers answer <c>localhost</c> themselves, so the default causes no
    /// traffic beyond the configured resolver.
    /// </summary>
    /// <value><c>localhost</c>.</value>
    public string HealthProbeName { get; set; } = "localhost";
}
