using System.Net;
using MailAuth.Dns;
using MailAuth.Spf;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.Spf;

/// <summary>RFC 7208 §7.4 examples and the other macro rules of §7.</summary>
public class SpfMacroTests
{
    private static readonly IPAddress Ip4 = IPAddress.Parse("192.0.2.3");
    private static readonly IPAddress Ip6 = IPAddress.Parse("2001:db8::cb01");
    private const string Sender = "strong-bad@email.example.com";
    private const string Domain = "email.example.com";

    private static SpfEvaluator Evaluator(ZoneFileResolver? zone = null, SpfOptions? options = null)
        => new(zone ?? new ZoneFileResolver(), options);

    [Theory]
    [InlineData("%{s}", "strong-bad@email.example.com")]
    [InlineData("%{o}", "email.example.com")]
    [InlineData("%{d}", "email.example.com")]
    [InlineData("%{d4}", "email.example.com")]
    [InlineData("%{d3}", "email.example.com")]
    [InlineData("%{d2}", "example.com")]
    [InlineData("%{d1}", "com")]
    [InlineData("%{dr}", "com.example.email")]
    [InlineData("%{d2r}", "example.email")]
    [InlineData("%{l}", "strong-bad")]
    [InlineData("%{l-}", "strong.bad")]
    [InlineData("%{lr}", "strong-bad")]
    [InlineData("%{lr-}", "bad.strong")]
    [InlineData("%{l1r-}", "strong")]
    [InlineData("%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com")]
    [InlineData("%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com")]
    [InlineData("%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", "bad.strong.lp.3.2.0.192.in-addr._spf.example.com")]
    [InlineData("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "3.2.0.192.in-addr.strong.lp._spf.example.com")]
    [InlineData("%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net")]
    [InlineData("%%%_%-", "% %20")]
    public async Task Expand_Rfc7208Section74Examples(string macro, string expected)
    {
        string? expanded = await Evaluator().ExpandAsync(macro, explanation: true, Ip4, Sender, Domain, "mx.example.org");
        Assert.Equal(expected, expanded);
    }

    [Fact]
    public async Task Expand_Ipv6_GivesReversedNibbles()
    {
        string? expanded = await Evaluator().ExpandAsync("%{ir}.%{v}._spf.%{d2}", explanation: false, Ip6, Sender, Domain, null);

        // §7.4 writes the nibbles in lower case; DNS names are case-insensitive and the openspf suite expects upper case.
        Assert.Equal("1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com", expanded, ignoreCase: true);
        Assert.Equal("1.0.B.C.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.B.D.0.1.0.0.2", await Evaluator().ExpandAsync("%{ir}", true, Ip6, Sender, Domain, null));
    }

    [Fact]
    public async Task Expand_UpperCaseLetter_UrlEscapesWithUpperCaseHex()
    {
        string? expanded = await Evaluator().ExpandAsync("%{L}", true, Ip4, "~jack&jill=up a/b3.c@example.com", Domain, null);
        Assert.Equal("~jack%26jill%3Dup%20a%2Fb3.c", expanded);
    }

    [Fact]
    public async Task Expand_ExplanationOnlyLetters()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        SpfEvaluator evaluator = Evaluator(options: new SpfOptions { ReceiverName = "mx.receiver.example", TimeProvider = time });

        Assert.Equal("2001:db8::cb01 mx.receiver.example 1700000000", await evaluator.ExpandAsync("%{c} %{r} %{t}", true, Ip6, Sender, Domain, null));
        Assert.Null(await evaluator.ExpandAsync("%{c}.example.com", false, Ip6, Sender, Domain, null));
    }

    [Fact]
    public async Task Expand_LongResult_TruncatedFromTheLeftTo253()
    {
        string label = new('a', 60);
        string sender = $"x@{label}.{label}.{label}.{label}.example.com";
        string? expanded = await Evaluator().ExpandAsync("%{o}.%{o}", false, Ip4, sender, Domain, null);

        Assert.NotNull(expanded);
        Assert.True(expanded.Length <= 253);
        Assert.EndsWith(".example.com", expanded, StringComparison.Ordinal);
        Assert.StartsWith("a", expanded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expand_ValidatedPtr_PrefersNameBelowDomainAndIsBounded()
    {
        var zone = new ZoneFileResolver();
        zone.AddPtr(Ip4, "other.example.net");
        zone.AddPtr(Ip4, "mx.email.example.com");
        zone.AddPtr(Ip4, "unvalidated.email.example.com");
        zone.AddAddress("other.example.net", Ip4);
        zone.AddAddress("mx.email.example.com", Ip4);
        zone.AddAddress("unvalidated.email.example.com", "192.0.2.99");

        Assert.Equal("mx.email.example.com", await Evaluator(zone).ExpandAsync("%{p}", true, Ip4, Sender, Domain, null));
        Assert.Equal("other.example.net", await Evaluator(zone).ExpandAsync("%{p}", true, Ip4, Sender, "elsewhere.example.org", null));

        var limited = Evaluator(zone, new SpfOptions { MaxPtrNames = 1 });
        Assert.Equal("other.example.net", await limited.ExpandAsync("%{p}", true, Ip4, Sender, Domain, null));
        // The two unbounded runs validated the third name; the run limited to one PTR name never looked it up.
        Assert.Equal(2, zone.GetQueryCount("unvalidated.email.example.com", DnsRecordType.A));
    }

    [Fact]
    public async Task Expand_NoPtr_GivesUnknown()
    {
        Assert.Equal("unknown", await Evaluator().ExpandAsync("%{p}", true, Ip4, Sender, Domain, null));
    }
}
