using System.Net;

namespace MailAuth.Dns;

/// <summary>Settings of a <see cref="DnsClientResolver"/>. Validated on assignment and copied by the resolver's constructor.</summary>
public sealed class DnsClientResolverOptions
{
    private TimeSpan _timeout = TimeSpan.FromSeconds(5);
    private int _retries = 2;
    private int _udpPayloadSize = 1232;

    /// <summary>
    /// The recursive resolvers to ask, with their ports; empty to use the system's (e.g. /etc/resolv.conf).
    /// Port 0 means 53. See <see cref="AddServer(string)"/> for the text form.
    /// </summary>
    public IList<IPEndPoint> Servers { get; } = [];

    /// <summary>How long to wait for one answer before retrying or giving up.</summary>
    /// <value>5 seconds (RFC 1536 §1 warns against aggressive retransmission; DnsClient's default).</value>
    public TimeSpan Timeout
    {
        get => _timeout;
        set => _timeout = value > TimeSpan.Zero && value <= TimeSpan.FromMinutes(5)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), "Must be more than zero and at most 5 minutes.");
    }

    /// <summary>How many times a query that timed out is sent again (per server).</summary>
    /// <value>2.</value>
    public int Retries
    {
        get => _retries;
        set => _retries = value is >= 0 and <= 10 ? value : throw new ArgumentOutOfRangeException(nameof(value), "Must be 0 to 10.");
    }

    /// <summary>Whether a truncated UDP answer (TC bit, RFC 1035 §4.2.1) is asked again over TCP (RFC 7766 §5).</summary>
    /// <value><see langword="true"/>. Without it, a truncated answer is reported as <see cref="DnsStatus.OtherError"/>, never as partial data.</value>
    public bool UseTcpFallback { get; set; } = true;

    /// <summary>Whether every query goes over TCP.</summary>
    /// <value><see langword="false"/>.</value>
    public bool UseTcpOnly { get; set; }

    /// <summary>The EDNS(0) UDP payload size offered to the server (RFC 6891 §6.2.5); 512 turns EDNS off.</summary>
    /// <value>1232 octets (DNS Flag Day 2020 recommendation, safe against IP fragmentation).</value>
    public int UdpPayloadSize
    {
        get => _udpPayloadSize;
        set => _udpPayloadSize = value is >= 512 and <= 4096 ? value : throw new ArgumentOutOfRangeException(nameof(value), "Must be 512 to 4096.");
    }

    /// <summary>Whether queries ask for recursion (RD bit). Turn off only when querying an authoritative server directly.</summary>
    /// <value><see langword="true"/>.</value>
    public bool Recursion { get; set; } = true;

    /// <summary>Adds a server from its text form: <c>192.0.2.53</c>, <c>127.0.0.1:5053</c>, <c>2001:db8::53</c> or <c>[::1]:5053</c>.</summary>
    /// <param name="server">The address, with an optional port.</param>
    /// <returns>These options.</returns>
    /// <exception cref="FormatException">The text is not an address with an optional port.</exception>
    public DnsClientResolverOptions AddServer(string server)
    {
        Servers.Add(ParseServer(server));
        return this;
    }

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
