using System.Net;
using MailAuth.Text;

namespace MailAuth.Dns;

/// <summary>
/// Settings of a <see cref="DnsClientResolver"/>. Validated once into a frozen copy when the resolver is built
/// (docs/options.md); later changes to this object do not affect it.
/// </summary>
public sealed class DnsClientResolverOptions
{
    /// <summary>
    /// The recursive resolvers to ask, in order, with their ports; empty to use the system's (e.g. /etc/resolv.conf).
    /// Port 0 means 53. <see cref="ParseServer(string)"/> reads the text form, e.g.
    /// <c>Servers = [DnsClientResolverOptions.ParseServer("127.0.0.1:5053")]</c>.
    /// </summary>
    /// <value>Empty: the system's resolvers.</value>
    public IReadOnlyList<IPEndPoint> Servers { get; init; } = [];

    /// <summary>How long to wait for one answer before retrying or giving up.</summary>
    /// <value>5 seconds (RFC 1536 §1 warns against aggressive retransmission; DnsClient's default); more than zero, at most 5 minutes.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many times a query that timed out is sent again (per server).</summary>
    /// <value>2; 0 to 10.</value>
    public int Retries { get; init; } = 2;

    /// <summary>Whether a truncated UDP answer (TC bit, RFC 1035 §4.2.1) is asked again over TCP (RFC 7766 §5).</summary>
    /// <value><see langword="true"/>. Without it, a truncated answer is reported as <see cref="DnsStatus.OtherError"/>, never as partial data.</value>
    public bool UseTcpFallback { get; init; } = true;

    /// <summary>Whether every query goes over TCP.</summary>
    /// <value><see langword="false"/>.</value>
    public bool UseTcpOnly { get; init; }

    /// <summary>The EDNS(0) UDP payload size offered to the server (RFC 6891 §6.2.5); 512 turns EDNS off.</summary>
    /// <value>1232 octets (DNS Flag Day 2020 recommendation, safe against IP fragmentation); 512 to 4096.</value>
    public int UdpPayloadSize { get; init; } = 1232;

    /// <summary>Whether queries ask for recursion (RD bit). Turn off only when querying an authoritative server directly.</summary>
    /// <value><see langword="true"/>.</value>
    public bool Recursion { get; init; } = true;

    /// <summary>Checks every value and returns a private copy (docs/options.md).</summary>
    /// <returns>The frozen copy.</returns>
    internal DnsClientResolverOptions Freeze() => new()
    {
        Servers = Array.AsReadOnly(OptionChecks.Copy(Servers, nameof(Servers))),
        Timeout = OptionChecks.InRange(Timeout, TimeSpan.FromTicks(1), TimeSpan.FromMinutes(5), nameof(Timeout)),
        Retries = OptionChecks.InRange(Retries, 0, 10, nameof(Retries)),
        UseTcpFallback = UseTcpFallback,
        UseTcpOnly = UseTcpOnly,
        UdpPayloadSize = OptionChecks.InRange(UdpPayloadSize, 512, 4096, nameof(UdpPayloadSize)),
        Recursion = Recursion,
    };

    /// <summary>Parses <c>address</c>, <c>address:port</c> or <c>[ipv6]:port</c>; port 53 when omitted.</summary>
    /// <param name="server">The text.</param>
    /// <returns>The end point.</returns>
    /// <exception cref="FormatException">The text is not an address with an optional port.</exception>
    public static IPEndPoint ParseServer(string server)
    {
        ArgumentNullException.ThrowIfNull(server);
        // IPAddress.TryParse also accepts "[v6]:port" (dropping the port), so brackets go to IPEndPoint.
        if (!server.StartsWith('[') && IPAddress.TryParse(server, out IPAddress? address))
        {
            return new IPEndPoint(address, 53);
        }

        if (IPEndPoint.TryParse(server, out IPEndPoint? endPoint))
        {
            return endPoint.Port == 0 ? new IPEndPoint(endPoint.Address, 53) : endPoint;
        }

        throw new FormatException($"'{server}' is not a DNS server address (address, address:port or [ipv6]:port).");
    }
}
