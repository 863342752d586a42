using FsCheck.Xunit;
using MailAuth.Dkim;
using MailAuth.Keys;
using Xunit;

namespace MailAuth.Tests.Dkim;

public sealed class DkimSignatureTests
{
    private const string Valid = "v=1; a=rsa-sha256; c=relaxed/simple; d=example.com; s=sel;\r\n t=1000; x=2000; i=user@mail.example.com; l=42; q=dns/txt; z=From:a;\r\n h=From : To:subject; bh=AAAA; b=AA\r\n  BB; foo=bar";

    [Fact]
    public void TryParse_AllTags_ParsesEach()
    {
        Assert.True(DkimSignature.TryParse(Valid, out var s, out var error), error.ToString());

        Assert.Equal(DkimAlgorithm.RsaSha256, s!.Algorithm);
        Assert.Equal(DkimCanonicalization.Relaxed, s.HeaderCanonicalization);
        Assert.Equal(DkimCanonicalization.Simple, s.BodyCanonicalization);
        Assert.Equal("example.com", s.Domain);
        Assert.Equal("sel", s.Selector);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1000), s.Timestamp);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(2000), s.Expiration);
        Assert.Equal("user@mail.example.com", s.Identity);
        Assert.Equal("mail.example.com", s.IdentityDomain);
        Assert.Equal(42, s.BodyLength);
        Assert.Equal(["From", "To", "subject"], s.SignedHeaders);
        Assert.Equal("AABB", s.SignatureBase64);
        Assert.Equal(3, s.Signature.Length);
        Assert.Equal("From:a", s.CopiedHeaders);
        Assert.Equal("AA\r\n  BB", Valid[s.SignatureValueRange].Trim());
    }

    [Fact]
    public void TryParse_Defaults_SimpleSimpleAndIdentityAtDomain()
    {
        Assert.True(DkimSignature.TryParse("v=1; a=ed25519-sha256; d=Example.COM; s=s1; h=from; bh=AAAA; b=AAAA", out var s, out _));

        Assert.Equal(DkimCanonicalization.Simple, s!.HeaderCanonicalization);
        Assert.Equal(DkimCanonicalization.Simple, s.BodyCanonicalization);
        Assert.Equal("@Example.COM", s.Identity);
        Assert.False(s.HasIdentity);
        Assert.Null(s.BodyLength);
        Assert.Null(s.Timestamp);
    }

    [Fact]
    public void TryParse_CanonicalizationWithoutBody_BodyIsSimple()
    {
        Assert.True(DkimSignature.TryParse("v=1; a=rsa-sha256; c=relaxed; d=e.com; s=s; h=from; bh=AAAA; b=AAAA", out var s, out _));
        Assert.Equal(DkimCanonicalization.Relaxed, s!.HeaderCanonicalization);
        Assert.Equal(DkimCanonicalization.Simple, s.BodyCanonicalization);
    }

    [Theory]
    [InlineData("a=rsa-sha256; d=e.com; s=s; h=from; bh=AAAA; b=AAAA", DkimProblem.MissingRequiredTag)]
    [InlineData("v=1; d=e.com; s=s; h=from; bh=AAAA; b=AAAA", DkimProblem.MissingRequiredTag)]
    [InlineData("v=1; a=rsa-sha256; s=s; h=from; bh=AAAA; b=AAAA", DkimProblem.MissingRequiredTag)]
    [InlineData("v=1; a=rsa-sha256; d=e.com; h=from; bh=AAAA; b=AAAA", DkimProblem.MissingRequiredTag)]
    [InlineData("v=1; a=rsa-sha256; d=e.com; s=s; bh=AAAA; b=AAAA", DkimProblem.MissingRequiredTag)]
    [InlineData("v=1; a=rsa-sha256; d=e.com; s=s; h=from; b=AAAA", DkimProblem.MissingRequiredTag)]
    [InlineData("v=1; a=rsa-sha256; d=e.com; s=s; h=from; bh=AAAA", DkimProblem.MissingRequiredTag)]
    [InlineData("v=2; a=rsa-sha256; d=e.com; s=s; h=from; bh=AAAA; b=AAAA", DkimProblem.IncompatibleVersion)]
    [InlineData("v=1; a=rsa-sha512; d=e.com; s=s; h=from; bh=AAAA; b=AAAA", DkimProblem.UnsupportedAlgorithm)]
    [InlineData("v=1; a=rsa-sha256; c=loose/simple; d=e.com; s=s; h=from; bh=AAAA; b=AAAA", DkimProblem.UnsupportedCanonicalization)]
    [InlineData("v=1; a=rsa-sha256; q=http; d=e.com; s=s; h=from; bh=AAAA; b=AAAA", DkimProblem.UnsupportedQueryMethod)]
    [InlineData("v=1; a=rsa-sha256; d=e.com; s=s; h=to:subject; bh=AAAA; b=AAAA", DkimProblem.FromNotSigned)]
    [InlineData("v=1; a=rsa-sha256; d=e.com; s=s; i=u@other.com; h=from; bh=AAAA; b=AAAA", DkimProblem.DomainMismatch)]
    [InlineData("v=1; a=rsa-sha256; d=e.com; s=s; i=u@xe.com; h=from; bh=AAAA; b=AAAA", DkimProblem.DomainMismatch)]
    [InlineData("v=1; a=rsa-sha256; d=e.com; s=s; t=200; x=100; h=from; bh=AAAA; b=AAAA", DkimProblem.InvalidExpiration)]
    [InlineData("v=1; a=rsa-sha256; d=e.com; s=s; h=from; bh=AA!A; b=AAAA", DkimProblem.MalformedBase64)]
    [InlineData("v=1; a=rsa-sha256; d=e.com; s=s; h=from; bh=AAA; b=AAAA", DkimProblem.MalformedBase64)]
    [InlineData("v=1; a=rsa-sha256; d=e.com; s=s; h=from; bh=AAAA; b=A=AA", DkimProblem.MalformedBase64)]
    [InlineData("v=1; a=rsa-sha256; d=e.com; s=s; h=from; bh=AAAA; b=", DkimProblem.MalformedBase64)]
    [InlineData("v=1; a=rsa-sha256; d=e.com; s=s; l=-1; h=from; bh=AAAA; b=AAAA", DkimProblem.MalformedSignature)]
    [InlineData("v=1; a=rsa-sha256; d=e.com; s=s; t=12a; h=from; bh=AAAA; b=AAAA", DkimProblem.MalformedSignature)]
    [InlineData("v=1; v=1; a=rsa-sha256; d=e.com; s=s; h=from; bh=AAAA; b=AAAA", DkimProblem.MalformedSignature)]
    [InlineData("v=1; a=rsa-sha256; d=-bad-.com; s=s; h=from; bh=AAAA; b=AAAA", DkimProblem.MalformedSignature)]
    [InlineData("v=1; a=rsa-sha256; d=e.com; s=s; h=from::to; bh=AAAA; b=AAAA", DkimProblem.MalformedSignature)]
    [InlineData("v=1; a=rsa-sha256; d=e.com; s=s; i=nodomain; h=from; bh=AAAA; b=AAAA", DkimProblem.MalformedSignature)]
    public void TryParse_Invalid_ReturnsProblem(string value, DkimProblem expected)
    {
        Assert.False(DkimSignature.TryParse(value, out var s, out var error));

        Assert.Null(s);
        Assert.Equal(expected, error.Problem);
        Assert.False(string.IsNullOrEmpty(error.Message));
    }

    [Fact]
    public void TryParse_ExpirationEqualToTimestamp_InvalidExpiration()
    {
        // RFC 6376 §3.5: x= MUST be greater than t= (issue 9 item 3).
        Assert.False(DkimSignature.TryParse("v=1; a=rsa-sha256; d=e.com; s=s; t=100; x=100; h=from; bh=AAAA; b=AAAA", out _, out var error));
        Assert.Equal(DkimProblem.InvalidExpiration, error.Problem);
        Assert.True(DkimSignature.TryParse("v=1; a=rsa-sha256; d=e.com; s=s; t=100; x=101; h=from; bh=AAAA; b=AAAA", out _, out _));
    }

    [Theory]
    [InlineData("jlong=40messiah.edu", "jlong@messiah.edu", "messiah.edu")]
    [InlineData("jlong@messiah=2Eedu", "jlong@messiah.edu", "messiah.edu")]
    [InlineData("=40messiah.edu", "@messiah.edu", "messiah.edu")]
    [InlineData("j=3Dl=3Bong@mail.messiah.edu", "j=l;ong@mail.messiah.edu", "mail.messiah.edu")]
    [InlineData("jlong@\r\n messiah.edu", "jlong@messiah.edu", "messiah.edu")]
    [InlineData("jlong@MESSIAH.EDU", "jlong@MESSIAH.EDU", "MESSIAH.EDU")]
    public void TryParse_QuotedPrintableIdentity_Decoded(string i, string identity, string identityDomain)
    {
        // RFC 6376 §3.5 sig-i-tag = [ Local-part ] "@" domain-name, written in dkim-quoted-printable (§2.11).
        Assert.True(DkimSignature.TryParse($"v=1; a=rsa-sha256; d=messiah.edu; s=s; i={i}; h=from; bh=AAAA; b=AAAA", out var s, out var error), error.ToString());

        Assert.Equal(identity, s!.Identity);
        Assert.Equal(identityDomain, s.IdentityDomain);
    }

    [Theory]
    [InlineData("jlong=4")]
    [InlineData("jlong=ZZ@messiah.edu")]
    [InlineData("jlong=3b@messiah.edu")]
    [InlineData("jlong@x=20y.messiah.edu")]
    [InlineData("jlong=40other.edu")]
    [InlineData("jlong@messiah=2Eedu=2Eevil.com")]
    public void TryParse_BadQuotedPrintableIdentity_Rejected(string i)
    {
        Assert.False(DkimSignature.TryParse($"v=1; a=rsa-sha256; d=messiah.edu; s=s; i={i}; h=from; bh=AAAA; b=AAAA", out var s, out var error));

        Assert.Null(s);
        Assert.True(error.Problem is DkimProblem.MalformedSignature or DkimProblem.DomainMismatch, error.ToString());
    }

    [Fact]
    public void TryParse_QuotedPrintableCopiedHeaders_Decoded()
    {
        // RFC 6376 §3.5 z=: header fields separated by "|", each in dkim-quoted-printable.
        Assert.True(DkimSignature.TryParse("v=1; a=rsa-sha256; d=e.com; s=s; z=From:foo=40bar.example|Subject:demo=20run=3B=7Cx; h=from; bh=AAAA; b=AAAA", out var s, out _));

        Assert.Equal(["From:foo@bar.example", "Subject:demo run;|x"], s!.CopiedHeaderFields);
        Assert.Equal("From:foo=40bar.example|Subject:demo=20run=3B=7Cx", s.CopiedHeaders);
    }

    [Fact]
    public void TryParse_HugeBodyLength_ClampedNotOverflowed()
    {
        Assert.True(DkimSignature.TryParse("v=1; a=rsa-sha256; d=e.com; s=s; l=99999999999999999999999999; h=from; bh=AAAA; b=AAAA", out var s, out _));
        Assert.Equal(long.MaxValue, s!.BodyLength);
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => DkimSignature.Parse("v=1"));
    }

    [Property(MaxTest = 2000)]
    public bool TryParse_ArbitraryText_NeverThrows(string? text)
    {
        DkimSignature.TryParse(text, out var s, out var error);
        return (s is null) == error.IsError;
    }

    [Property(MaxTest = 2000)]
    public bool TryParse_MutatedValidSignature_NeverThrows(int position, char replacement, bool insert)
    {
        int p = Math.Abs(position % (Valid.Length + 1));
        string text = insert || p == Valid.Length ? Valid.Insert(p, replacement.ToString()) : Valid.Remove(p, 1).Insert(p, replacement.ToString());
        DkimSignature.TryParse(text, out var s, out var error);
        return (s is null) == error.IsError;
    }
}
