using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.Dns;
using MailAuth.Spf;
using Xunit;

namespace MailAuth.Tests.Spf;

public class SpfRecordTests
{
    [Fact]
    public void Parse_TypicalRecord_GivesTermsInOrder()
    {
        SpfRecord record = SpfRecord.Parse("v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a mx:mail.example.com/24//64 include:_spf.example.net ~all exp=why.%{d} redirect=other.example");

        Assert.Equal(6, record.Mechanisms.Count);
        Assert.Equal(SpfMechanismKind.Ip4, record.Mechanisms[0].Kind);
        Assert.Equal(24, record.Mechanisms[0].Ip4PrefixLength);
        Assert.Equal(32, record.Mechanisms[1].Ip6PrefixLength);
        Assert.Equal("mail.example.com", record.Mechanisms[3].DomainSpec);
        Assert.False(record.Mechanisms[3].DomainSpecHasMacros);
        Assert.Equal(24, record.Mechanisms[3].Ip4PrefixLength);
        Assert.Equal(64, record.Mechanisms[3].Ip6PrefixLength);
        Assert.Equal(SpfQualifier.SoftFail, record.Mechanisms[5].Qualifier);
        Assert.True(record.Explanation!.ValueHasMacros);
        Assert.Equal("why.%{d}", record.Explanation.Value);
        Assert.Equal("other.example", record.Redirect!.Value);
        Assert.False(record.Redirect.ValueHasMacros);
    }

    [Theory]
    [InlineData("V=SPF1 +A:Example.COM -ALL", "v=spf1 a:Example.COM -all")]
    [InlineData("v=spf1   mx  ", "v=spf1 mx")]
    [InlineData("v=spf1", "v=spf1")]
    [InlineData("v=spf1 a:%{L2r-+}.x.%{i}._spf.%{d2} Foo=bar%%%_%-", "v=spf1 a:%{L2r-+}.x.%{i}._spf.%{d2} Foo=bar%%%_%-")]
    [InlineData("v=spf1 EXP=e.example.com REDIRECT=r.example.com", "v=spf1 exp=e.example.com redirect=r.example.com")]
    public void ToString_Canonical(string input, string expected)
    {
        Assert.Equal(expected, SpfRecord.Parse(input).ToString());
    }

    [Theory]
    [InlineData("v=spf1 -all.", 11, "-all.")]
    [InlineData("v=spf1 a:foo.example.com moo", 25, "moo")]
    [InlineData("v=spf1 ip4:1.2.3.4/33", 18, "ip4:1.2.3.4/33")]
    [InlineData("v=spf1 ip4:1.2.3", 11, "ip4:1.2.3")]
    [InlineData("v=spf1 a/24/64", 8, "a/24/64")]
    [InlineData("v=spf1 ptr/0", 10, "ptr/0")]
    [InlineData("v=spf1 exists:%(ir).sbl.example.com", 14, "exists:%(ir).sbl.example.com")]
    [InlineData("v=spf1 a:%{a}.example.com", 9, "a:%{a}.example.com")]
    [InlineData("v=spf1 1up=foo", 7, "1up=foo")]
    [InlineData("v=spf1 =all", 7, "=all")]
    [InlineData("v=spf1 exp=a.example.com exp=b.example.com", 25, "exp=b.example.com")]
    [InlineData("v=spf1 redirect=a.example.com redirect=b.example.com", 30, "redirect=b.example.com")]
    [InlineData("v=spf1 a:museum", 9, "a:museum")]
    [InlineData("v=spf1 a:example.-com", 9, "a:example.-com")]
    [InlineData("v=spf1 exp=%{r}.example.com", 11, "exp=%{r}.example.com")]
    [InlineData("v=spf1 include:", 15, "include:")]
    [InlineData("v=spf1 a:ctrl.example.com\rptr -all", 25, "a:ctrl.example.com\rptr")]
    [InlineData("v=spf1 ip6::CAFE::BABE", 11, "ip6::CAFE::BABE")]
    [InlineData("v=spf1 foo=%abc", 11, "foo=%abc")]
    [InlineData("v=spf1 a:%{d0}.example.com", 9, "a:%{d0}.example.com")]
    public void TryParse_BadRecord_ReportsTermAndPosition(string input, int position, string term)
    {
        bool ok = SpfRecord.TryParse(input, out SpfRecord? record, out SpfParseError error);

        Assert.False(ok);
        Assert.Null(record);
        Assert.Equal(position, error.Offset);
        Assert.Equal(term, error.Term);
        Assert.False(string.IsNullOrEmpty(error.Message));
    }

    [Theory]
    [InlineData("v=spf1 moo.cow-far_out=man:dog/cat ip4:1.2.3.4 -all")]
    [InlineData("v=spf1 a:foo:bar/baz.example.com")]
    [InlineData("v=spf1 a:foo.example.xn--zckzah -all")]
    [InlineData("v=spf1 a:macro%%percent%_%_space%-url-space.example.com -all")]
    [InlineData("v=spf1 default=+")]
    [InlineData("v=spf1 ip6:::1.1.1.1/0 ip4:0.0.0.0/0")]
    [InlineData("v=spf1 -all ")]
    public void TryParse_ValidEdgeCases_Succeeds(string input)
    {
        Assert.True(SpfRecord.TryParse(input, out _, out SpfParseError error), error.ToString());
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatException()
    {
        FormatException ex = Assert.Throws<FormatException>(() => SpfRecord.Parse("v=spf1 bogus"));
        Assert.Contains("bogus", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v=spf1 -all", true)]
    [InlineData("V=SpF1", true)]
    [InlineData("v=spf10", false)]
    [InlineData("v=spf1mx", false)]
    [InlineData("spf2.0/pra -all", false)]
    public void IsSpfVersion1_ChecksVersionAndSeparator(string text, bool expected)
    {
        Assert.Equal(expected, SpfRecord.IsSpfVersion1(text));
    }

    [Fact]
    public void Select_JoinsStringsAndRequiresExactlyOne()
    {
        var none = new[] { new TxtRecord("v=spf1", "mx"), new TxtRecord("google-site-verification=x") };
        Assert.Equal(0, SpfRecord.Select(none, out string? text0));
        Assert.Null(text0);

        var one = new[] { new TxtRecord("v=spf1 ip4:", "192.0.2.5 -all"), new TxtRecord(Array.Empty<string>()) };
        Assert.Equal(1, SpfRecord.Select(one, out string? text1));
        Assert.Equal("v=spf1 ip4:192.0.2.5 -all", text1);

        var two = new[] { new TxtRecord("v=spf1 -all"), new TxtRecord("V=spf1 +all") };
        Assert.Equal(2, SpfRecord.Select(two, out string? text2));
        Assert.Null(text2);
    }

    private static readonly string[] TermPieces =
    [
        "all", "-all", "~all", "?all", "+all", "a", "a/24", "a//64", "a/0//0", "mx:example.com", "mx:%{d}/30",
        "ptr", "ptr:%{d2}", "include:_spf.example.net", "exists:%{ir}.%{l1r+-}._spf.%{d}", "ip4:192.0.2.1",
        "ip4:10.0.0.0/8", "ip6:2001:db8::/32", "ip6:::1", "redirect=%{o}.example.", "exp=explain.%{D3}",
        "foo=bar", "x-y.z=%%%_%-%{h}", "a:%{l}.example.com", "%{s}", "ip4:1.2.3.4/33", "a:", "=x", "%", "\u00e9",
        "a:b.c%-", "mx:x.y/1//", "ip6:::/129", "v=spf1", "exists:%{p}.org.",
    ];

    private static Arbitrary<string> RecordTexts()
    {
        Gen<string> term = Gen.Elements(TermPieces);
        Gen<string> spaces = Gen.Elements(" ", "  ", " ");
        return Gen.ListOf(Gen.Zip(spaces, term).Select(p => p.Item1 + p.Item2))
            .Select(parts => "v=spf1" + string.Concat(parts))
            .ToArbitrary();
    }

    [Property(MaxTest = 2000)]
    public Property Parse_FormatRoundTrip_IsIdentity()
    {
        return Prop.ForAll(RecordTexts(), text =>
        {
            if (!SpfRecord.TryParse(text, out SpfRecord? record, out _))
            {
                return true;
            }

            SpfRecord again = SpfRecord.Parse(record.ToString());
            return again.Equals(record) && again.ToString() == record.ToString();
        });
    }

    [Property(MaxTest = 2000)]
    public bool TryParse_ArbitraryText_NeverThrows(string? text)
    {
        _ = SpfRecord.TryParse(text ?? string.Empty, out _, out _);
        _ = SpfRecord.TryParse("v=spf1 " + text, out _, out _);
        _ = SpfMacroString.TryParseExplanation(text ?? string.Empty, out _, out _);
        return true;
    }
}
