using System.Net;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Interop.Tests.Dns;

/// <summary>ZoneFileResolver loading the zone files the real server serves must answer exactly like the server.</summary>
public class ZoneFileParityTests
{
    public static TheoryData<string, string> Queries => new()
    {
        { "TXT", DnsTestServer.Zone },
        { "TXT", "multi." + DnsTestServer.Zone },
        { "TXT", "escaped." + DnsTestServer.Zone },
        { "TXT", "big." + DnsTestServer.Zone },
        { "TXT", "huge." + DnsTestServer.Zone },
        { "TXT", "aonly." + DnsTestServer.Zone },
        { "TXT", "missing." + DnsTestServer.Zone },
        { "TXT", "ent." + DnsTestServer.Zone },
        { "TXT", "x.ent." + DnsTestServer.Zone },
        { "TXT", "txtalias." + DnsTestServer.Zone },
        { "TXT", "legacy." + DnsTestServer.Zone },
        { "TXT", "x.wild." + DnsTestServer.Zone },
        { "TXT", "a.b.wild." + DnsTestServer.Zone },
        { "TXT", "sub.wild." + DnsTestServer.Zone },
        { "TXT", "a.sub.wild." + DnsTestServer.Zone },
        { "TXT", "wild." + DnsTestServer.Zone },
        { "A", "x.wild." + DnsTestServer.Zone },
        { "MX", "x.wild." + DnsTestServer.Zone },
        { "A", "aonly." + DnsTestServer.Zone },
        { "A", "mail." + DnsTestServer.Zone },
        { "A", "alias." + DnsTestServer.Zone },
        { "A", "missing.deeper." + DnsTestServer.Zone },
        { "AAAA", "aonly." + DnsTestServer.Zone },
        { "AAAA", "mail." + DnsTestServer.Zone },
        { "MX", DnsTestServer.Zone },
        { "MX", "mail." + DnsTestServer.Zone },
        { "PTR", "192.0.2.25" },
        { "PTR", "192.0.2.26" },
        { "PTR", "192.0.2.99" },
    };

    [SkippableTheory]
    [MemberData(nameof(Queries))]
    public async Task ZoneFileResolver_SameZoneFile_AnswersLikeServer(string type, string name)
    {
        await DnsTestServer.RequireAsync();
        IDnsResolver server = DnsTestServer.CreateResolver();
        IDnsResolver zone = DnsTestServer.CreateZoneResolver();

        var (serverStatus, serverTtl, serverRecords) = await QueryAsync(server, type, name);
        var (zoneStatus, zoneTtl, zoneRecords) = await QueryAsync(zone, type, name);

        Assert.Equal(serverStatus, zoneStatus);
        Assert.Equal(serverTtl, zoneTtl);
        Assert.Equal(serverRecords, zoneRecords);
    }

    private static async Task<(DnsStatus Status, TimeSpan Ttl, string[] Records)> QueryAsync(IDnsResolver resolver, string type, string name)
    {
        return type switch
        {
            "TXT" => Shape(await resolver.QueryTxtAsync(name), r => string.Join("|", r.Strings)),
            "A" => Shape(await resolver.QueryAAsync(name), r => r.ToString()),
            "AAAA" => Shape(await resolver.QueryAaaaAsync(name), r => r.ToString()),
            "MX" => Shape(await resolver.QueryMxAsync(name), r => $"{r.Preference} {r.Exchange}"),
            _ => Shape(await resolver.QueryPtrAsync(IPAddress.Parse(name)), r => r),
        };
    }

    private static (DnsStatus, TimeSpan, string[]) Shape<T>(DnsResponse<T> response, Func<T, string> format)
    {
        return (response.Status, response.TimeToLive, response.Records.Select(format).Order(StringComparer.Ordinal).ToArray());
    }
}
