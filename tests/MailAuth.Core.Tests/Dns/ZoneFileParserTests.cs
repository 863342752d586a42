using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.Cli;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Tests.Dns;

public class ZoneFileParserTests
{
    private const string Zone = """
        $ORIGIN example.com.
        $TTL 600
        @        IN SOA ns1 hostmaster ( 2024010101 ; serial
                                         1h 15m 1w
                                         300 )      ; minimum
                 IN NS  ns1
        ns1      IN A   192.0.2.53
        @        3600 IN TXT "v=spf1 " "ip4:192.0.2.0/24 " "-all"
        @        MX 10 mail
                 MX 20 mail.example.net.
        mail     A 192.0.2.25
                 AAAA 2001:db8::25
        quoted   TXT "say \"hi\"" "back\\slash" "\065\066C" plain words
        www      CNAME mail
        a.b.deep TXT "deep"
        25.2.0.192.in-addr.arpa. PTR mail
        legacy   SPF "v=spf1 -all"
        UPPER.Example.COM. TXT "case"
        """;

    [Fact]
    public void Parse_FullZone_ReadsEveryRecord()
    {
        var entries = ZoneFileParser.Parse(Zone, null, "t.zone");

        Assert.Equal(14, entries.Count);
        var soa = Assert.IsType<ZoneSoa>(entries[0].Data);
        Assert.Equal("example.com", entries[0].Name);
        Assert.Equal("ns1.example.com", soa.PrimaryServer);
        Assert.Equal(2024010101u, soa.Serial);
        Assert.Equal(TimeSpan.FromSeconds(300), soa.Minimum);
        Assert.Equal(TimeSpan.FromSeconds(600), entries[0].TimeToLive);
        Assert.Equal(3, entries[0].Line);
        Assert.Equal(("example.com", DnsRecordType.Ns), (entries[1].Name, entries[1].Type));
        Assert.Equal(new TxtRecord("v=spf1 ", "ip4:192.0.2.0/24 ", "-all"), entries[3].Data);
        Assert.Equal(TimeSpan.FromHours(1), entries[3].TimeToLive);
        Assert.Equal(new MxRecord(20, "mail.example.net"), entries[5].Data);
        Assert.Equal("example.com", entries[5].Name);
        Assert.Equal(IPAddress.Parse("2001:db8::25"), entries[7].Data);
        Assert.Equal("mail.example.com", entries[7].Name);
        Assert.Equal(new TxtRecord("say \"hi\"", "back\\slash", "ABC", "plain", "words"), entries[8].Data);
        Assert.Equal(("www.example.com", DnsRecordType.Cname, (object)"mail.example.com"), (entries[9].Name, entries[9].Type, entries[9].Data));
        Assert.Equal("a.b.deep.example.com", entries[10].Name);
        Assert.Equal(("25.2.0.192.in-addr.arpa", DnsRecordType.Ptr), (entries[11].Name, entries[11].Type));
        Assert.Equal(DnsRecordType.Spf, entries[12].Type);
        Assert.Equal("upper.example.com", entries[13].Name);
    }

    [Fact]
    public void Parse_OriginArgument_ResolvesAtAndRelativeNames()
    {
        var entries = ZoneFileParser.Parse("@ 60 TXT x\nsub TXT y\n", "Example.ORG.", null);

        Assert.Equal("example.org", entries[0].Name);
        Assert.Equal("sub.example.org", entries[1].Name);
        Assert.Equal(TimeSpan.FromSeconds(60), entries[1].TimeToLive);
    }

    [Fact]
    public void Parse_NoTtlAnywhere_UsesFallback()
    {
        var entries = ZoneFileParser.Parse("a.example. TXT x\n", null, null);

        Assert.Equal(ZoneFileParser.FallbackTtl, entries[0].TimeToLive);
    }

    [Fact]
    public void Parse_EscapedHighOctets_DecodesUtf8()
    {
        var entries = ZoneFileParser.Parse("a.example. TXT \"caf\\195\\169\" \"é\"\n", null, null);

        Assert.Equal(new TxtRecord("café", "é"), entries[0].Data);
    }

    [Fact]
    public void Parse_CrLfLineEnds_Accepted()
    {
        var entries = ZoneFileParser.Parse("$ORIGIN example.\r\na TXT \"x\"\r\nb A 192.0.2.1\r\n", null, null);

        Assert.Equal(2, entries.Count);
    }

    [Theory]
    [InlineData("a.example. TXT \"unterminated\n", 1, "unterminated quoted string")]
    [InlineData("$ORIGIN example.\n\na A 300.1.1.1\n", 3, "not an IPv4 address")]
    [InlineData("$ORIGIN example.\na A 192.0.2.1\nb AAAA 192.0.2.1\n", 3, "not an IPv6 address")]
    [InlineData("$ORIGIN example.\na MX mail\n", 2, "MX needs")]
    [InlineData("$ORIGIN example.\na MX 70000 mail\n", 2, "MX preference")]
    [InlineData("$ORIGIN example.\na HINFO x y\n", 2, "unsupported record type 'HINFO'")]
    [InlineData("a TXT x\n", 1, "relative name 'a' used before any $ORIGIN")]
    [InlineData("@ TXT x\n", 1, "'@' used before any $ORIGIN")]
    [InlineData(" TXT x\n", 1, "blank owner")]
    [InlineData("$ORIGIN example.\na TXT ( x\n y\n", 2, "'(' is never closed")]
    [InlineData("$ORIGIN example.\na TXT x )\n", 2, "')' without")]
    [InlineData("$ORIGIN example.\na TXT \"\\256\"\n", 2, "above 255")]
    [InlineData("$ORIGIN example.\na TXT \"\\25\"\n", 2, "three digits")]
    [InlineData("$INCLUDE other.zone\n", 1, "$INCLUDE is not supported")]
    [InlineData("$FOO bar\n", 1, "unknown directive")]
    [InlineData("$TTL 1x\n", 1, "not a TTL")]
    [InlineData("$TTL 99999999999\n", 1, "larger than")]
    [InlineData("a..example. A 192.0.2.1\n", 1, "empty label")]
    [InlineData("a.example. CH TXT x\n", 1, "class CH is not supported")]
    [InlineData("a.example. TXT\n", 1, "at least one character-string")]
    [InlineData("a.example. IN 300\n", 1, "record type missing")]
    [InlineData("a.example. SOA ns. host. 1 2 3 4\n", 1, "SOA needs")]
    public void Parse_BadLine_ThrowsWithLineNumber(string text, int line, string reason)
    {
        var e = Assert.Throws<ZoneFileFormatException>(() => ZoneFileParser.Parse(text, null, "bad.zone"));

        Assert.Equal(line, e.LineNumber);
        Assert.Contains(reason, e.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"bad.zone({line}): ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CharacterStringOver255Octets_Throws()
    {
        string text = "a.example. TXT \"" + new string('x', 256) + "\"\n";

        var e = Assert.Throws<ZoneFileFormatException>(() => ZoneFileParser.Parse(text, null, null));

        Assert.Contains("256 octets", e.Reason, StringComparison.Ordinal);
    }

    [Property(MaxTest = 2000)]
    public void Parse_ArbitraryText_ThrowsOnlyZoneFileFormatException(string text)
    {
        AssertOnlyFormatErrors(text ?? string.Empty);
    }

    [Property(MaxTest = 2000)]
    public Property Parse_ZoneLikeText_ThrowsOnlyZoneFileFormatException()
    {
        string[] pieces = ["$ORIGIN", "$TTL", "example.", "@", " ", "\t", "\n", "\r\n", "(", ")", ";c", "\"", "\\", "\\1", "\\065", "\\999",
            "IN", "TXT", "A", "AAAA", "MX", "SOA", "CNAME", "PTR", "SPF", "NS", "10", "1h", "192.0.2.1", "::1", "a", "a.b", "..", "é", "\ud800"];
        Gen<string> gen = Gen.ArrayOf(Gen.Elements(pieces)).Select(a => string.Concat(a));
        return Prop.ForAll(gen.ToArbitrary(), text => AssertOnlyFormatErrors(text));
    }

    [Property(MaxTest = 1000)]
    public Property Parse_TxtPresentation_RoundTrips()
    {
        // Printable ASCII, the characters that need escaping, control characters and non-ASCII text (no lone surrogates).
        Gen<char> chars = Gen.OneOf(
            Gen.Choose(0x20, 0x7E).Select(i => (char)i),
            Gen.Elements('"', '\\', ';', '(', ')', '\t', '\n', '\0', '\x7f'),
            Gen.Choose(0xA0, 0xD7FF).Select(i => (char)i));
        Gen<string> text = Gen.ArrayOf(chars).Select(a => new string(a.Take(80).ToArray()));
        Gen<string[]> strings = Gen.NonEmptyListOf(text).Select(l => l.Take(8).ToArray());
        return Prop.ForAll(strings.ToArbitrary(), original =>
        {
            // The CLI's zone-file presentation of TXT must read back to the same strings.
            string zone = "a.example. TXT " + DnsPresentation.Txt(new TxtRecord(original)) + "\n";

            var record = Assert.IsType<TxtRecord>(Assert.Single(ZoneFileParser.Parse(zone, null, null)).Data);

            Assert.Equal(original, record.Strings);
        });
    }

    private static void AssertOnlyFormatErrors(string text)
    {
        foreach (string? origin in new[] { "example.org", null })
        {
            try
            {
                ZoneFileParser.Parse(text, origin, null);
            }
            catch (ZoneFileFormatException e)
            {
                Assert.True(e.LineNumber >= 1, e.Message);
            }
        }
    }
}
