using System.Net;
using MailAuth.Dns;
using ArDns = ARSoft.Tools.Net.Dns;
using ArNet = ARSoft.Tools.Net;

namespace MailAuth.Benchmarks.Spf;

/// <summary>
/// The records both SPF benchmarks evaluate: example.com includes two policies; the client matches in the second
/// (2 DNS-querying terms, 3 TXT look-ups). Served from memory by <see cref="ZoneFileResolver"/> for MailAuth and by
/// <see cref="ArsoftMemoryResolver"/> for ARSoft.Tools.Net.
/// </summary>
internal static class SpfBenchmarkZone
{
    public static readonly IPAddress Client = IPAddress.Parse("192.0.2.10");

    public const string Domain = "example.com";

    public const string Sender = "alice@example.com";

    public static readonly (string Name, string Text)[] Txt =
    [
        ("example.com", "v=spf1 include:_spf1.example.net include:_spf2.example.org -all"),
        ("_spf1.example.net", "v=spf1 ip4:198.51.100.0/24 ip6:2001:db8:1::/48 ~all"),
        ("_spf2.example.org", "v=spf1 a:mail.example.org ip4:192.0.2.0/24 -all"),
    ];

    public static readonly (string Name, string Address)[] A = [("mail.example.org", "203.0.113.5")];

    public static ZoneFileResolver CreateZone()
    {
        var zone = new ZoneFileResolver();
        foreach (var (name, text) in Txt)
        {
            zone.AddTxt(name, text);
        }

        foreach (var (name, address) in A)
        {
            zone.AddAddress(name, address);
        }

        return zone;
    }

    public static ArsoftMemoryResolver CreateArsoftResolver()
    {
        var records = new List<ArDns.DnsRecordBase>();
        foreach (var (name, text) in Txt)
        {
            records.Add(new ArDns.TxtRecord(ArNet.DomainName.Parse(name), 300, text));
        }

        foreach (var (name, address) in A)
        {
            records.Add(new ArDns.ARecord(ArNet.DomainName.Parse(name), 300, IPAddress.Parse(address)));
        }

        return new ArsoftMemoryResolver(records);
    }
}
