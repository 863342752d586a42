using System.Globalization;
using System.Net;
using MailAuth.Dns;

namespace MailAuth.Cli;

/// <summary>Options every command accepts, and the resolver they select.</summary>
internal static class GlobalOptions
{
    public static readonly OptionSpec Zone = new("zone", "FILE", "answer DNS from this RFC 1035 zone file instead of the network (repeatable)", Repeatable: true);
    public static readonly OptionSpec DnsServer = new("dns-server", "ADDR[:PORT]", "ask this DNS server instead of the system's (repeatable; [v6]:port for IPv6)", Repeatable: true);
    public static readonly OptionSpec DnsTimeout = new("dns-timeout", "SECONDS", "time to wait for one DNS answer (default 5)");
    public static readonly OptionSpec Json = new("json", null, "write the result (or the error) as one JSON document on stdout");

    /// <summary>The options every command accepts (System.CommandLine adds <c>--help</c>, <c>-h</c>, <c>-?</c> and <c>--version</c>).</summary>
    public static IReadOnlyList<OptionSpec> All { get; } = [Zone, DnsServer, DnsTimeout, Json];

    /// <summary>Builds the resolver factory from the global options; zone files are loaded at once so errors surface early.</summary>
    /// <exception cref="UsageException">A malformed <c>--dns-server</c> or <c>--dns-timeout</c>, or both <c>--zone</c> and <c>--dns-server</c>.</exception>
    /// <exception cref="ZoneFileFormatException">A zone file has a bad line.</exception>
    /// <exception cref="IOException">A zone file cannot be read.</exception>
    public static Func<IDnsResolver> CreateResolverFactory(ParsedArguments arguments)
    {
        IReadOnlyList<string> zones = arguments.GetAll(Zone.Name);
        IReadOnlyList<string> servers = arguments.GetAll(DnsServer.Name);
        if (zones.Count > 0 && servers.Count > 0)
        {
            throw new UsageException("--zone and --dns-server exclude each other");
        }

        if (zones.Count > 0)
        {
            var zoneResolver = new ZoneFileResolver();
            foreach (string zone in zones)
            {
                zoneResolver.LoadZoneFile(zone);
            }

            return () => zoneResolver;
        }

        var endPoints = new List<IPEndPoint>();
        foreach (string server in servers)
        {
            try
            {
                endPoints.Add(DnsClientResolverOptions.ParseServer(server));
            }
            catch (FormatException e)
            {
                throw new UsageException(e.Message);
            }
        }

        var options = new DnsClientResolverOptions { Servers = endPoints };
        if (arguments.Get(DnsTimeout.Name) is { } timeout)
        {
            if (!double.TryParse(timeout, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds) || seconds <= 0 || seconds > 300)
            {
                throw new UsageException($"--dns-timeout '{timeout}' is not a number of seconds from 0 to 300");
            }

            options = new DnsClientResolverOptions { Servers = endPoints, Timeout = TimeSpan.FromSeconds(seconds) };
        }

        return () => new CachingDnsResolver(new DnsClientResolver(options));
    }
}
