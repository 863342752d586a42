using System.Net;
using MailAuth.Interop.Tests.Dns;
using MailAuth.Spf;
using Xunit;

namespace MailAuth.Interop.Tests.Spf;

/// <summary>
/// SPF through <see cref="MailAuth.Dns.DnsClientResolver"/> against the real DNS server (.ci/dns-server, nsd on 127.0.0.1):
/// one or two tests of every section of the openspf RFC 7208 suite (tests/zones/spf-suite.mailauth.test.zone holds
/// their records, renamed), and the interop zone giving the same results over the wire as from the zone file.
/// </summary>
public class SpfRealDnsTests
{
    private const string S = "spf-suite.mailauth.test";

    /// <summary>(section, suite test, host, mailfrom, helo, expected result, expected explanation).</summary>
    public static TheoryData<string, string, string, string, string, string, string?> SuiteCases() => new()
    {
        { "Initial processing", "nolocalpart", "1.2.3.4", $"@s01.{S}", "mail.example.net", "fail", "postmaster" },
        { "Record lookup", "txtonly", "1.2.3.4", $"foo@txtonly.s02.{S}", "mail.example.net", "fail", null },
        { "Selecting records", "nospace1", "1.2.3.4", $"foo@example2.s03.{S}", "mail.example1.com", "none", null },
        { "Record evaluation", "modifier-charset-good", "1.2.3.4", $"foo@t2.s04.{S}", "mail.example.com", "pass", null },
        { "ALL mechanism syntax", "all-double", "1.2.3.4", $"foo@e5.s05.{S}", "mail.example.com", "pass", null },
        { "PTR mechanism syntax", "ptr-match-target", "1.2.3.4", $"foo@e2.s06.{S}", "mail.example.com", "pass", null },
        { "PTR mechanism syntax", "ptr-match-implicit", "1.2.3.4", $"foo@e3.s06.{S}", "mail.example.com", "pass", null },
        { "A mechanism syntax", "a-dual-cidr-ip4-match", "1.2.3.4", $"foo@e8.s07.{S}", "mail.example.com", "pass", null },
        { "A mechanism syntax", "a-dual-cidr-ip6-match", "2001:db8:1234::cafe:babe", $"foo@e8.s07.{S}", "mail.example.com", "pass", null },
        { "Include mechanism semantics and syntax", "include-fail", "1.2.3.4", $"foo@e1.s08.{S}", "mail.example.com", "softfail", null },
        { "Include mechanism semantics and syntax", "include-temperror", "1.2.3.4", $"foo@e4.s08.{S}", "mail.example.com", "temperror", null },
        { "MX mechanism syntax", "mx-multi-ip1", "1.2.3.4", $"foo@e10.s09.{S}", "mail.example.com", "pass", null },
        { "EXISTS mechanism syntax", "exists-ip6", "CAFE:BABE::3", $"foo@e4.s10.{S}", "mail.example.com", "pass", null },
        { "IP4 mechanism syntax", "cidr4-0", "1.2.3.4", $"foo@e1.s11.{S}", "mail.example.com", "pass", null },
        { "IP6 mechanism syntax", "cidr6-33", "CAFE:BABE:8000::", $"foo@e5.s12.{S}", "mail.example.com", "pass", null },
        { "Semantics of exp and other modifiers", "redirect-cancels-prior-exp", "1.2.3.4", $"foo@e3.s13.{S}", "mail.example.com", "fail", "See me." },
        { "Macro expansion rules", "v-macro-ip4", "192.168.218.40", $"test@e4.s14.{S}", "msgbas2x.cos.example.com", "fail", "192.168.218.40 is queried as 40.218.168.192.in-addr.arpa" },
        { "Processing limits", "mech-over-limit", "1.2.3.4", $"foo@e7.s15.{S}", "mail.example.com", "permerror", null },
        { "Test cases from implementation bugs", "cname-aliasing", "192.0.2.27", $"test@mail.s16.{S}", "mail.example.org", "fail", null },
    };

    [SkippableTheory]
    [MemberData(nameof(SuiteCases))]
    public async Task CheckHost_SuiteScenarioOverRealDns_MatchesSuite(string section, string test, string host, string mailFrom, string helo, string expected, string? explanation)
    {
        await DnsTestServer.RequireAsync();
        var evaluator = new SpfEvaluator(DnsTestServer.CreateResolver(), new SpfOptions { DefaultExplanation = "DEFAULT" });

        SpfResult result = await evaluator.CheckMailFromAsync(IPAddress.Parse(host), mailFrom, helo);

        Assert.True(result.Keyword == expected, $"{section}/{test}: expected {expected}, got {result}");
        if (explanation is not null)
        {
            Assert.Equal(explanation, result.Explanation);
        }
    }

    [SkippableFact]
    public async Task CheckHost_InteropZoneOverRealDns_SameAsZoneFile()
    {
        await DnsTestServer.RequireAsync();
        var overWire = new SpfEvaluator(DnsTestServer.CreateResolver(), new SpfOptions { DefaultExplanation = "DEFAULT" });
        var fromFile = new SpfEvaluator(SpfInteropZone.CreateZoneResolver(), new SpfOptions { DefaultExplanation = "DEFAULT" });
        var differences = new List<string>();

        foreach (var (ip, sender, helo) in SpfInteropZone.Cases(200))
        {
            SpfResult wire = await overWire.CheckMailFromAsync(IPAddress.Parse(ip), sender, helo);
            SpfResult file = await fromFile.CheckMailFromAsync(IPAddress.Parse(ip), sender, helo);
            if (wire.Keyword != file.Keyword || wire.Explanation != file.Explanation || wire.DnsLookups != file.DnsLookups)
            {
                differences.Add($"{ip} {sender}: wire {wire} / file {file}");
            }
        }

        Assert.True(differences.Count == 0, string.Join('\n', differences));
    }
}
