using System.Text;
using MailAuth.AuthResults;
using MailAuth.Messages;
using Xunit;

namespace MailAuth.Tests.AuthResults;

/// <summary>
/// Lenient parsing of fields written by real receivers that break the RFC 8601 §2.2 grammar. The samples are shaped
/// after fields seen in the wild (names and addresses replaced by RFC 2606 ones); see TestData/authres/README.md.
/// </summary>
public class AuthResultsLenientParseTests
{
    // A method name with a dot, next to valid results.
    private const string DottedMethod =
        "mx.example.net; gateway.spf=pass smtp.mailfrom=example.com; dkim=pass header.d=example.com header.s=s1; dmarc=pass header.from=example.com";

    // No authserv-id: the field starts with a result.
    private const string NoAuthServId =
        "spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=example.com; dkim=pass (signature was verified) header.d=example.com;dmarc=pass action=none header.from=example.com;compauth=pass reason=100";

    // A bare domain token between results.
    private const string BareDomain =
        "mx.example.net; dkim=pass header.i=@example.com; example.org; spf=pass smtp.mailfrom=example.com";

    [Theory]
    [InlineData(DottedMethod)]
    [InlineData(NoAuthServId)]
    [InlineData(BareDomain)]
    public void TryParse_RealWorldField_StrictRejects(string field)
        => Assert.False(AuthResultsHeader.TryParse(field, out _, out _));

    [Fact]
    public void TryParse_LenientDottedMethod_KeepsValidResultsAndReportsSkipped()
    {
        Assert.True(AuthResultsHeader.TryParse(DottedMethod, AuthResultsParseMode.Lenient, out var value, out var skipped, out _));

        Assert.Equal("mx.example.net", value.AuthServId);
        Assert.Equal(["dkim", "dmarc"], value.Results.Select(r => r.Method));
        AuthResultsParseError skip = Assert.Single(skipped);
        Assert.Equal(DottedMethod.IndexOf("gateway", StringComparison.Ordinal), skip.Offset);
        Assert.Equal("gateway.spf=pass smtp.mailfrom=example.com", DottedMethod.Substring(skip.Offset, skip.Length));
    }

    [Fact]
    public void TryParse_LenientNoAuthServId_KeepsEveryResultWithEmptyId()
    {
        Assert.True(AuthResultsHeader.TryParse(NoAuthServId, AuthResultsParseMode.Lenient, out var value, out var skipped, out _));

        Assert.Equal(string.Empty, value.AuthServId);
        Assert.Equal(["spf", "dkim", "dmarc", "compauth"], value.Results.Select(r => r.Method));
        Assert.Equal("100", value.Results[3].Reason);
        AuthResultsParseError note = Assert.Single(skipped);
        Assert.Equal(0, note.Offset);
        Assert.Equal(0, note.Length);
    }

    [Fact]
    public void TryParse_LenientBareDomain_Skipped()
    {
        Assert.True(AuthResultsHeader.TryParse(BareDomain, AuthResultsParseMode.Lenient, out var value, out var skipped, out _));

        Assert.Equal(["dkim", "spf"], value.Results.Select(r => r.Method));
        AuthResultsParseError skip = Assert.Single(skipped);
        Assert.Equal("example.org", BareDomain.Substring(skip.Offset, skip.Length));
    }

    [Fact]
    public void TryParse_LenientSemicolonInsideSkippedComment_NotASeparator()
    {
        const string field = "mx.example.net; x.y=pass (a; b=c) z=1; dkim=pass header.d=example.com";

        Assert.True(AuthResultsHeader.TryParse(field, AuthResultsParseMode.Lenient, out var value, out var skipped, out _));

        Assert.Equal("dkim", Assert.Single(value.Results).Method);
        Assert.Equal("x.y=pass (a; b=c) z=1", field.Substring(skipped[0].Offset, skipped[0].Length));
    }

    [Fact]
    public void TryParse_LenientNothingValid_Fails()
    {
        Assert.False(AuthResultsHeader.TryParse("mx.example.net; a.b=pass; example.org", AuthResultsParseMode.Lenient, out _, out var skipped, out var error));
        Assert.Equal(2, skipped.Count);
        Assert.NotNull(error);
    }

    [Fact]
    public void TryParse_LenientValidField_SameAsStrict()
    {
        const string field = "example.com; auth=pass (cram-md5) smtp.auth=sender@example.net; spf=pass smtp.mailfrom=example.net";
        Assert.True(AuthResultsHeader.TryParse(field, AuthResultsParseMode.Lenient, out var lenient, out var skipped, out _));
        Assert.Empty(skipped);
        Assert.Equal(AuthResultsHeader.Parse(field), lenient);
    }

    [Theory]
    [InlineData("example.org;")]
    [InlineData("example.org; ;")]
    [InlineData("example.org")]
    public void TryParse_StrictNoResult_Rejected(string field)
        => Assert.False(AuthResultsHeader.TryParse(field, out _, out _));

    [Fact]
    public void TryParse_StrictTrailingSemicolonAfterResult_StillAccepted()
        => Assert.True(AuthResultsHeader.TryParse("example.org; spf=pass;", out _, out _));

    [Fact]
    public void RemoveOwn_ForgedFieldThatOnlyParsesLeniently_Removed()
    {
        byte[] raw = Encoding.ASCII.GetBytes(
            "Authentication-Results: mx.example.net; gateway.spf=pass; dkim=pass header.d=bank.example\r\n" +
            "Authentication-Results: other.example; dkim=pass header.d=x.example\r\n" +
            "Subject: hi\r\n\r\nbody\r\n");
        RawMessage message = MessageReader.Default.Read(raw).Message!;

        IReadOnlyList<HeaderField> kept = AuthResultsFilter.RemoveOwn(message, "mx.example.net");

        Assert.True(AuthResultsHeader.TryParse(Encoding.ASCII.GetString(message.Headers[0].Value.Span), AuthResultsParseMode.Lenient, out var lenient, out _, out _));
        Assert.Equal("mx.example.net", lenient.AuthServId);
        Assert.Equal(2, kept.Count);
        Assert.DoesNotContain(kept, f => Encoding.ASCII.GetString(f.Value.Span).Contains("mx.example.net", StringComparison.Ordinal));
    }
}
