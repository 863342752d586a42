using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.Srs;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.Srs;

public sealed class SrsRewriterTests
{
    // 2026-12-02: day 20789, 20789 mod 1024 = 309 = "JV" in base32. Known answers below were written by Mail::SRS 0.31.
    internal static readonly DateTimeOffset Day = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    internal static SrsRewriter Create(FakeTimeProvider? time = null, int maxAge = 21, int hashLength = 4, params string[] secrets)
        => new(new SrsOptions
        {
            Secrets = secrets.Length == 0 ? ["tops3cret"] : secrets,
            TimeProvider = time ?? new FakeTimeProvider(Day),
            MaxAgeDays = maxAge,
            HashLength = hashLength,
        });

    [Fact]
    public void Forward_OrdinaryAddress_MatchesMailSrsKnownAnswer()
    {
        SrsResult result = Create().Forward("alice@example.com", "fwd.example");
        Assert.True(result.Success);
        Assert.True(result.Rewritten);
        Assert.Equal(SrsAddressKind.Srs0, result.Kind);
        Assert.Equal("SRS0=MD8V=JV=example.com=alice@fwd.example", result.Address);
    }

    [Fact]
    public void Forward_Srs0Address_GivesMailSrsSrs1KnownAnswer()
    {
        SrsResult result = Create().Forward("SRS0=MD8V=JV=example.com=alice@fwd.example", "two.example");
        Assert.Equal(SrsAddressKind.Srs1, result.Kind);
        Assert.Equal("SRS1=TpeB=fwd.example==MD8V=JV=example.com=alice@two.example", result.Address);
    }

    [Fact]
    public void Forward_Srs1Address_RehashesAndKeepsFirstHop()
    {
        SrsRewriter srs = Create();
        SrsResult result = srs.Forward("SRS1=XXXX=fwd.example==MD8V=JV=example.com=alice@two.example", "three.example");
        Assert.Equal("SRS1=TpeB=fwd.example==MD8V=JV=example.com=alice@three.example", result.Address);
        Assert.Equal("SRS0=MD8V=JV=example.com=alice@fwd.example", srs.Reverse(result.Address).Address);
    }

    [Fact]
    public void Forward_HashLength8_MatchesMailSrsHashCreate()
    {
        Assert.Equal("SRS0=MD8VZ4Ew=JV=Example.COM=Alice@fwd.example", Create(hashLength: 8).Forward("Alice@Example.COM", "fwd.example").Address);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<>")]
    [InlineData(null)]
    public void Forward_NullReversePath_IsLeftNull(string? sender)
    {
        SrsResult result = Create().Forward(sender, "fwd.example");
        Assert.True(result.Success);
        Assert.False(result.Rewritten);
        Assert.Equal(string.Empty, result.Address);
    }

    [Fact]
    public void Forward_SenderInAliasDomain_IsLeftAsItIs()
    {
        SrsResult result = Create().Forward("bob@FWD.example", "postmaster@fwd.example");
        Assert.False(result.Rewritten);
        Assert.Equal("bob@FWD.example", result.Address);
    }

    [Fact]
    public void Forward_AlwaysRewrite_RewritesOwnDomain()
    {
        var srs = new SrsRewriter(new SrsOptions { Secrets = ["s"], AlwaysRewrite = true, TimeProvider = new FakeTimeProvider(Day) });
        Assert.True(srs.Forward("bob@fwd.example", "fwd.example").Rewritten);
    }

    [Fact]
    public void Forward_PlusSeparator_WritesItAfterTheTagOnly()
    {
        var srs = new SrsRewriter(new SrsOptions { Secrets = ["tops3cret"], Separator = '+', TimeProvider = new FakeTimeProvider(Day) });
        SrsResult result = srs.Forward("alice@example.com", "fwd.example");
        Assert.Equal("SRS0+MD8V=JV=example.com=alice@fwd.example", result.Address);
        Assert.Equal("alice@example.com", srs.Reverse(result.Address).Address);
    }

    [Theory]
    [InlineData("no-at-sign")]
    [InlineData("@example.com")]
    [InlineData("alice@")]
    [InlineData("al ice@example.com")]
    [InlineData("\"al ice\"@example.com")]
    [InlineData("alice\r\nBcc: x@example.com@example.com")]
    [InlineData("alice@exa mple.com")]
    [InlineData("alice@example.com\r\nX: y")]
    [InlineData("alicé@example.com")]
    public void Forward_MalformedSender_GivesMalformedNotException(string sender)
    {
        SrsResult result = Create().Forward(sender, "fwd.example");
        Assert.Equal(SrsError.Malformed, result.Error);
        Assert.Null(result.Address);
        Assert.DoesNotContain('\n', result.Reason);
        Assert.DoesNotContain('\r', result.Reason);
    }

    [Fact]
    public void Forward_BadAlias_GivesMalformed()
        => Assert.Equal(SrsError.Malformed, Create().Forward("alice@example.com", "fwd\r\n.example").Error);

    [Fact]
    public void Forward_OverlongSender_GivesTooLong()
        => Assert.Equal(SrsError.TooLong, Create().Forward(new string('a', 600) + "@example.com", "fwd.example").Error);

    [Fact]
    public void Forward_ResultOverLimit_GivesTooLong()
        => Assert.Equal(SrsError.TooLong, Create().Forward(new string('a', 490) + "@example.com", "fwd.example").Error);

    [Fact]
    public void Reverse_MailSrsAddress_DecodesOriginal()
    {
        SrsResult result = Create().Reverse("SRS0=MD8V=JV=example.com=alice@fwd.example");
        Assert.True(result.Success);
        Assert.Equal("alice@example.com", result.Address);
        Assert.Equal(SrsAddressKind.Srs0, result.Kind);
        Assert.False(result.HashCaseFolded);
    }

    [Fact]
    public void Reverse_CaseSmashed_DecodesWithCaseFoldedFlag()
    {
        SrsResult result = Create().Reverse("srs0=md8v=jv=EXAMPLE.com=ALICE@FWD.EXAMPLE");
        Assert.True(result.Success);
        Assert.True(result.HashCaseFolded);
        Assert.Equal("ALICE@EXAMPLE.com", result.Address);
    }

    [Fact]
    public void Reverse_Srs1_DecodesToFirstHopSrs0()
    {
        SrsResult result = Create().Reverse("SRS1=TpeB=fwd.example==MD8V=JV=example.com=alice@two.example");
        Assert.Equal("SRS0=MD8V=JV=example.com=alice@fwd.example", result.Address);
        Assert.Equal(SrsAddressKind.Srs1, result.Kind);
    }

    [Fact]
    public void Reverse_OldSecretSecond_VerifiesAndReportsIndex()
    {
        SrsResult result = Create(secrets: ["new-secret", "tops3cret"]).Reverse("SRS0=MD8V=JV=example.com=alice@fwd.example");
        Assert.True(result.Success);
        Assert.Equal(1, result.SecretIndex);
    }

    [Fact]
    public void Forward_SeveralSecrets_SignsWithFirst()
    {
        SrsResult written = Create(secrets: ["new-secret", "tops3cret"]).Forward("alice@example.com", "fwd.example");
        Assert.Equal(0, Create(secrets: ["new-secret"]).Reverse(written.Address).SecretIndex);
        Assert.Equal(SrsError.BadHash, Create(secrets: ["tops3cret"]).Reverse(written.Address).Error);
    }

    [Theory]
    [InlineData("SRS0=MD8W=JV=example.com=alice@fwd.example")] // one hash character changed
    [InlineData("SRS0=MD8V=JV=example.com=mallory@fwd.example")] // local part changed
    [InlineData("SRS0=MD8V=JV=evil.example=alice@fwd.example")] // domain changed
    [InlineData("SRS0=MD8V=JU=example.com=alice@fwd.example")] // timestamp changed
    [InlineData("SRS1=TpeC=fwd.example==MD8V=JV=example.com=alice@two.example")]
    [InlineData("SRS1=TpeB=evil.example==MD8V=JV=example.com=alice@two.example")]
    public void Reverse_ForgedHash_GivesBadHash(string address)
        => Assert.Equal(SrsError.BadHash, Create().Reverse(address).Error);

    [Fact]
    public void Reverse_WrongSecret_GivesBadHash()
        => Assert.Equal(SrsError.BadHash, Create(secrets: ["other"]).Reverse("SRS0=MD8V=JV=example.com=alice@fwd.example").Error);

    [Fact]
    public void Reverse_ShortHash_GivesHashTooShort()
        => Assert.Equal(SrsError.HashTooShort, Create().Reverse("SRS0=MD8=JV=example.com=alice@fwd.example").Error);

    [Fact]
    public void Reverse_NonBase64Hash_GivesHashTooShort()
        => Assert.Equal(SrsError.HashTooShort, Create().Reverse("SRS0=MD8!=JV=example.com=alice@fwd.example").Error);

    [Theory]
    [InlineData(0, true)]
    [InlineData(21, true)]
    [InlineData(22, false)]
    [InlineData(500, false)]
    [InlineData(1023, false)] // the day before it was stamped, one cycle on: "from the future"
    [InlineData(1024, true)] // the 10-bit day counter wraps: the same stamp is fresh again
    public void Reverse_AgeInDays_ExpiresAfterMaxAge(int days, bool fresh)
    {
        var time = new FakeTimeProvider(Day);
        SrsRewriter srs = Create(time);
        string address = srs.Forward("alice@example.com", "fwd.example").Address!;
        time.Advance(TimeSpan.FromDays(days));
        SrsResult result = srs.Reverse(address);
        Assert.Equal(fresh ? SrsError.None : SrsError.Expired, result.Error);
    }

    [Fact]
    public void Reverse_StampAcrossWrap_StaysFresh()
    {
        // Day 20479 is slot 1023 ("77"); two days later the counter has wrapped to slot 1.
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(20479L * 86400));
        SrsRewriter srs = Create(time);
        string address = srs.Forward("alice@example.com", "fwd.example").Address!;
        Assert.Contains("=77=", address, StringComparison.Ordinal);
        time.Advance(TimeSpan.FromDays(2));
        Assert.True(srs.Reverse(address).Success);
    }

    [Theory]
    [InlineData("SRS0=MD8V=J=example.com=alice@fwd.example")]
    [InlineData("SRS0=MD8V=JVV=example.com=alice@fwd.example")]
    [InlineData("SRS0=MD8V=J1=example.com=alice@fwd.example")]
    public void Reverse_BadTimestamp_GivesBadTimestamp(string address)
        => Assert.Equal(SrsError.BadTimestamp, Create().Reverse(address).Error);

    [Theory]
    [InlineData("alice@example.com", SrsError.NotSrs)]
    [InlineData("SRS2=MD8V=JV=example.com=alice@fwd.example", SrsError.NotSrs)]
    [InlineData("SRS0=MD8V=JV=example.com@fwd.example", SrsError.Malformed)]
    [InlineData("SRS0=MD8V=JV=example.com=@fwd.example", SrsError.Malformed)]
    [InlineData("SRS0=MD8V=JV==alice@fwd.example", SrsError.Malformed)]
    [InlineData("SRS0=MD8V=JV=exa\r\nmple.com=alice@fwd.example", SrsError.Malformed)]
    [InlineData("SRS1=a.b=fwd.example==MD8V=JV=example.com=alice@fwd.example", SrsError.UnsafeSrs1)]
    [InlineData("SRS1=TpeB=fwd.example@two.example", SrsError.Malformed)]
    [InlineData("", SrsError.Malformed)]
    [InlineData("@", SrsError.Malformed)]
    public void Reverse_BadAddress_GivesTypedError(string address, SrsError expected)
        => Assert.Equal(expected, Create().Reverse(address).Error);

    [Fact]
    public void Reverse_OverlongAddress_GivesTooLong()
        => Assert.Equal(SrsError.TooLong, Create().Reverse("SRS0=MD8V=JV=example.com=" + new string('a', 5000) + "@fwd.example").Error);

    [Fact]
    public void Reverse_CrLfInLocalPart_NeverReachesTheResult()
    {
        // A forged bounce address trying to smuggle a header line through the decoded recipient.
        SrsResult result = Create().Reverse("SRS0=MD8V=JV=example.com=alice\r\nBcc: victim@example.org@fwd.example");
        Assert.False(result.Success);
        Assert.Null(result.Address);
        Assert.DoesNotContain("\n", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(28)]
    public void Constructor_HashLengthOutOfRange_NamesOption(int length)
        => Assert.Equal("HashLength", Assert.ThrowsAny<ArgumentException>(() => new SrsRewriter(new SrsOptions { Secrets = ["s"], HashLength = length })).ParamName);

    [Fact]
    public void Constructor_NoSecret_NamesOption()
        => Assert.StartsWith("Secrets", Assert.ThrowsAny<ArgumentException>(() => new SrsRewriter(new SrsOptions())).ParamName, StringComparison.Ordinal);

    [Fact]
    public void Constructor_EmptySecret_NamesOption()
        => Assert.Equal("Secrets", Assert.ThrowsAny<ArgumentException>(() => new SrsRewriter(new SrsOptions { Secrets = [""] })).ParamName);

    [Fact]
    public void Constructor_BadSeparator_NamesOption()
        => Assert.Equal("Separator", Assert.ThrowsAny<ArgumentException>(() => new SrsRewriter(new SrsOptions { Secrets = ["s"], Separator = '#' })).ParamName);

    [Fact]
    public void Constructor_MinHashLongerThanHash_NamesOption()
        => Assert.Equal("MinHashLength", Assert.ThrowsAny<ArgumentException>(() => new SrsRewriter(new SrsOptions { Secrets = ["s"], MinHashLength = 5 })).ParamName);

    [Fact]
    public void Reverse_MinHashLengthLower_AcceptsShorterHash()
    {
        var srs = new SrsRewriter(new SrsOptions { Secrets = ["tops3cret"], HashLength = 8, MinHashLength = 4, TimeProvider = new FakeTimeProvider(Day) });
        Assert.True(srs.Reverse("SRS0=MD8V=JV=example.com=alice@fwd.example").Success);
    }

    [Theory]
    [InlineData("SRS0=x@y", SrsAddressKind.Srs0)]
    [InlineData("srs1-x@y", SrsAddressKind.Srs1)]
    [InlineData("SRS0x@y", SrsAddressKind.None)]
    [InlineData(null, SrsAddressKind.None)]
    public void GetKind_Prefix_GivesForm(string? address, SrsAddressKind kind)
        => Assert.Equal(kind, SrsRewriter.GetKind(address));

    private static readonly Gen<string> LocalPart =
        Gen.Elements("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.".ToCharArray())
            .ArrayOf().Where(a => a.Length is > 0 and < 60).Select(a => new string(a));

    private static readonly Gen<string> Host =
        Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray()).ArrayOf().Where(a => a.Length is > 0 and < 20)
            .Select(a => new string(a) + ".example");

    [Property(MaxTest = 1000)]
    public Property ForwardThenReverse_AnyAddress_RoundTrips()
        => Prop.ForAll(LocalPart.ToArbitrary(), Host.ToArbitrary(), (local, host) =>
        {
            SrsRewriter srs = Create();
            SrsResult forward = srs.Forward(local + "@" + host, "fwd.test");
            SrsResult back = srs.Reverse(forward.Address);
            return forward.Rewritten && back.Success && back.Address == local + "@" + host;
        });

    [Property(MaxTest = 500)]
    public Property ForwardTwice_AnyAddress_ChainsBackThroughSrs1()
        => Prop.ForAll(LocalPart.ToArbitrary(), Host.ToArbitrary(), (local, host) =>
        {
            SrsRewriter first = Create(secrets: "first-hop");
            SrsRewriter second = Create(secrets: "second-hop");
            string srs0 = first.Forward(local + "@" + host, "one.test").Address!;
            SrsResult srs1 = second.Forward(srs0, "two.test");
            SrsResult toFirst = second.Reverse(srs1.Address);
            SrsResult original = first.Reverse(toFirst.Address);
            return srs1.Kind == SrsAddressKind.Srs1 && toFirst.Address == srs0 && original.Address == local + "@" + host;
        });

    [Property(MaxTest = 3000)]
    public Property Reverse_ArbitraryString_NeverThrows()
        => Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            SrsRewriter srs = Create();
            SrsResult a = srs.Reverse(text);
            SrsResult b = srs.Reverse("SRS0=" + text + "@fwd.example");
            SrsResult c = srs.Reverse("SRS1=" + text + "@fwd.example");
            SrsResult d = srs.Forward(text, "fwd.example");
            return (a.Success || a.Address is null) && b.Error != SrsError.None | b.Address is not null && c is not null && d is not null;
        });
}
