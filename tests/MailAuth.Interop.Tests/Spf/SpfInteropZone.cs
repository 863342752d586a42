using System.Net;
using MailAuth.Dns;
using MailAuth.Interop.Tests.Dns;

namespace MailAuth.Interop.Tests.Spf;

/// <summary>
/// The SPF interop zone (tests/zones/spf-interop.mailauth.test.zone and its reverse zone) and a deterministic set of
/// (ip, sender, helo) cases over it.
/// </summary>
internal static class SpfInteropZone
{
    public const string Zone = "spf-interop.mailauth.test";
    public const string ReverseZone = "100.51.198.in-addr.arpa";

    /// <summary>Names whose look-ups fail: under servfail.mailauth.test, which the CI DNS server answers with SERVFAIL.</summary>
    public static readonly string[] FailingNames = ["x.servfail.mailauth.test"];

    private static readonly string[] Domains =
    [
        "plain", "incl", "inc2", "redir", "redir2", "mixed", "amech", "dual", "mxmech", "mxlimit", "ptrmech", "ptrmech2",
        "exists", "macro", "upper", "helomac", "void1", "void2", "limitok", "limitbad", "loop", "redirnone", "incnone",
        "tmp", "multi", "syntax", "norecord", "neutral", "softfail", "cidr6", "multistr", "alias", "explained", "nothing",
    ];

    private static readonly string[] Addresses =
    [
        "198.51.100.1", "198.51.100.5", "198.51.100.15", "198.51.100.16", "198.51.100.33", "198.51.100.50", "198.51.100.60",
        "198.51.100.61", "198.51.100.70", "198.51.100.71", "198.51.100.72", "198.51.100.200", "203.0.113.9", "203.0.113.100",
        "203.0.113.130", "203.0.113.135", "203.0.113.200", "203.0.113.203", "192.0.2.200", "127.0.0.1",
        "2001:db8:1::5", "2001:db8:1:0:ff::1", "2001:db8:1:0:1ff::1", "2001:db8:2::1", "2001:db8:2::ffff", "2001:db8:2:1::1",
        "2001:db8:3::60", "2001:db8:abcd::1", "::ffff:198.51.100.5", "::ffff:203.0.113.9",
    ];

    private static readonly string[] LocalParts = ["alice", "bob-alice", "alice-x", "a+b", "", "postmaster"];

    private static readonly string[] Helos = ["mail.example.com", "spf-interop.mailauth.test", "helo.example.org"];

    /// <summary>A fixed pseudo-random selection (seeded, so every run checks the same cases).</summary>
    public static IReadOnlyList<(string Ip, string Sender, string Helo)> Cases(int count)
    {
        var random = new Random(7208);
        var cases = new HashSet<(string, string, string)>();
        foreach (string domain in Domains)
        {
            // Every domain at least once with an address it names and once with a foreign one.
            cases.Add((Addresses[cases.Count % Addresses.Length], $"alice@{domain}.{Zone}", Helos[0]));
            cases.Add(("2001:db8:abcd::1", $"bob-alice@{domain}.{Zone}", Helos[1]));
        }

        while (cases.Count < count)
        {
            string local = LocalParts[random.Next(LocalParts.Length)];
            string domain = Domains[random.Next(Domains.Length)];
            string sender = local.Length == 0 ? string.Empty : $"{local}@{domain}.{Zone}";
            string helo = local.Length == 0 ? $"{domain}.{Zone}" : Helos[random.Next(Helos.Length)];
            cases.Add((Addresses[random.Next(Addresses.Length)], sender, helo));
        }

        return cases.ToList();
    }

    public static string ZoneFile => DnsTestServer.ZoneFile(Zone);

    public static string ReverseZoneFile => DnsTestServer.ZoneFile(ReverseZone);

    public static ZoneFileResolver CreateZoneResolver()
    {
        var resolver = new ZoneFileResolver();
        resolver.LoadZoneFile(ZoneFile, Zone);
        resolver.LoadZoneFile(ReverseZoneFile, ReverseZone);
        foreach (string name in FailingNames)
        {
            resolver.SetFault(name, DnsStatus.ServerFailure);
        }

        return resolver;
    }

    public static IPAddress Parse(string ip) => IPAddress.Parse(ip);
}
