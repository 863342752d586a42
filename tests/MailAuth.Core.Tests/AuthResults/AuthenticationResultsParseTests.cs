using System.Text.Json;
using MailAuth.AuthResults;
using Xunit;
using static MailAuth.Tests.AuthResults.AuthResultsTestHelpers;

namespace MailAuth.Tests.AuthResults;

public class AuthenticationResultsParseTests
{
    // Expected content of the 9 fields of RFC 7601/8601 Appendix B, in file order.
    private static readonly string[] RfcExpected =
    [
        "example.org 1; none",
        "example.com; spf=pass smtp.mailfrom[example.net]",
        "example.com; auth=pass (cram-md5) smtp.auth[sender@example.net]; spf=pass smtp.mailfrom[example.net]",
        "example.com; sender-id=pass header.from[example.net]",
        "example.com; sender-id=fail header.from[example.com]; dkim=pass (good signature) header.d[example.com]",
        "example.com; auth=pass (cram-md5) smtp.auth[sender@example.com]; spf=fail smtp.mailfrom[example.com]",
        "example.com; dkim=pass reason[good signature] header.i[@mail-router.example.net]; dkim=fail reason[bad signature] header.i[@newyork.example.com]",
        "example.net; dkim=pass (good signature) header.i[@newyork.example.com]",
        "foo.example.net 1; dkim/1=fail policy.expired[1362471462]",
    ];

    public static TheoryData<int, string, string> RfcExamples()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "authres", "ar-examples.json")));
        var data = new TheoryData<int, string, string>();
        int i = 0;
        foreach (var example in doc.RootElement.GetProperty("examples").EnumerateArray())
        {
            data.Add(i++, example.GetProperty("raw").GetString()!, example.GetProperty("unfolded").GetString()!);
        }

        return data;
    }

    [Fact]
    public void RfcExamples_FileHasNineFields()
    {
        Assert.Equal(9, RfcExamples().Count);
    }

    [Theory]
    [MemberData(nameof(RfcExamples))]
    public void TryParse_RfcExample_ContentAsInRfc(int index, string raw, string unfolded)
    {
        Assert.True(AuthResultsHeader.TryParse(raw, out var fromRaw, out var error), error?.ToString());
        Assert.True(AuthResultsHeader.TryParse(unfolded, out var fromUnfolded, out error), error?.ToString());
        Assert.Equal(RfcExpected[index], Describe(fromRaw));
        Assert.Equal(fromRaw, fromUnfolded);

        // The value alone (without the field name) parses the same.
        Assert.Equal(fromRaw, AuthResultsHeader.Parse(raw.AsSpan("Authentication-Results:".Length)));

        // And what we write parses back to the same.
        Assert.Equal(fromRaw, AuthResultsHeader.Parse(fromRaw.ToString()));
    }

    [Fact]
    public void TryParse_RfcExample_ModelAccessors()
    {
        var ar = AuthResultsHeader.Parse("Authentication-Results: example.com;\r\n      dkim=pass reason=\"good signature\"\r\n        header.i=@mail-router.example.net");
        var dkim = Assert.Single(ar.Results);
        Assert.True(dkim.IsMethod("DKIM"));
        Assert.Equal("pass", dkim.Result);
        Assert.Equal("good signature", dkim.Reason);
        Assert.Equal("@mail-router.example.net", dkim.GetProperty("Header", "I"));
        Assert.Null(dkim.GetProperty("header", "d"));
        Assert.Null(dkim.MethodVersion);
        Assert.Null(ar.Version);
        Assert.False(ar.IsNone);
    }

    [Theory]
    // Gmail
    [InlineData(
        "mx.google.com;\r\n       dkim=pass header.i=@example.com header.s=20230601 header.b=ZzJh+/7g;\r\n       spf=pass (google.com: domain of alice@example.com designates 192.0.2.25 as permitted sender) smtp.mailfrom=alice@example.com;\r\n       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.com",
        "mx.google.com; dkim=pass header.i[@example.com] header.s[20230601] header.b[ZzJh+/7g]; spf=pass (google.com: domain of alice@example.com designates 192.0.2.25 as permitted sender) smtp.mailfrom[alice@example.com]; dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from[example.com]")]
    // Microsoft 365: properties without ptype, no space after ";", trailing ";"-less end
    [InlineData(
        "spf=pass (sender IP is 192.0.2.25) smtp.mailfrom=example.com; dkim=pass (signature was verified) header.d=example.com;dmarc=pass action=none header.from=example.com;compauth=pass reason=100",
        null)]
    // Trailing ";", empty resinfo, CFWS everywhere, method version, property with dots and hyphens
    [InlineData(
        " (leading) example.com (v) ; ; dkim / 2 = pass (ok) header.d = example.com ;\r\n\tx-custom=neutral policy.rule-set.v2=\"a b\" ;",
        "example.com; dkim/2=pass (ok) header.d[example.com]; x-custom=neutral policy.rule-set.v2[a b]")]
    // Quoted authserv-id, escapes, quoted local part, nested comments
    [InlineData(
        "\"my id\"; spf=pass (a (nested (comment)) \\) here) smtp.mailfrom=\"john \\\"j\\\" doe\"@example.com reason=\"x\\\\y\"",
        "my id; spf=pass (a (nested (comment)) ) here) reason[x\\y] smtp.mailfrom[\"john \\\"j\\\" doe\"@example.com]")]
    // none, case-insensitive
    [InlineData("example.com; NONE", "example.com; none")]
    [InlineData("example.com 1 ;none ;", "example.com 1; none")]
    public void TryParse_RealWorld_Accepted(string text, string? expected)
    {
        if (expected is null && text.StartsWith("spf=", StringComparison.Ordinal))
        {
            text = "ex.example.net; " + text;
            expected = "ex.example.net; spf=pass (sender IP is 192.0.2.25) smtp.mailfrom[example.com]; dkim=pass (signature was verified) header.d[example.com]; dmarc=pass action[none] header.from[example.com]; compauth=pass reason[100]";
        }

        Assert.True(AuthResultsHeader.TryParse(text, out var ar, out var error), error?.ToString());
        Assert.Equal(expected, Describe(ar));
        Assert.Equal(ar, AuthResultsHeader.Parse(ar.ToString()));
    }

    [Fact]
    public void TryParse_CommentNesting_CappedAtMaxDepth()
    {
        string ok = new string('(', AuthResultsHeader.MaxCommentDepth) + "x" + new string(')', AuthResultsHeader.MaxCommentDepth);
        Assert.True(AuthResultsHeader.TryParse("example.com " + ok + "; none", out _, out _));

        string deep = new string('(', AuthResultsHeader.MaxCommentDepth + 1) + "x" + new string(')', AuthResultsHeader.MaxCommentDepth + 1);
        Assert.False(AuthResultsHeader.TryParse("example.com " + deep + "; none", out _, out var error));
        Assert.Equal(12 + AuthResultsHeader.MaxCommentDepth, error.Offset);
        Assert.Contains("nested", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 0, "authserv-id expected")]
    [InlineData("; spf=pass", 0, "authserv-id expected")]
    [InlineData("example.com", 11, "';' expected after the authserv-id")]
    [InlineData("example.com spf=pass", 12, "';' expected")]
    [InlineData("example.com; spf", 16, "'=' expected after the method")]
    [InlineData("example.com; spf=", 17, "result expected")]
    [InlineData("example.com; =pass", 13, "method expected")]
    [InlineData("example.com; spf=pass smtp", 26, "'=' expected after the property")]
    [InlineData("example.com; spf=pass smtp.=x", 27, "property name expected")]
    [InlineData("example.com; spf=pass smtp.mailfrom..x=y", 27, "property name expected")]
    [InlineData("example.com; spf=pass (unterminated", 22, "unterminated comment")]
    [InlineData("example.com; spf=pass reason=\"open", 29, "unterminated quoted string")]
    [InlineData("example.com; spf=pass reason=a reason=b", 31, "duplicate reason")]
    [InlineData("example.com; none; spf=pass", 19, "nothing may follow 'none'")]
    [InlineData("example.com; dkim/=pass", 18, "method version expected")]
    [InlineData("example.com 99999999999; none", 12, "version number too large")]
    [InlineData("example.com; spf=pass smtp.mailfrom=a\u0001b", 37, "control character")]
    [InlineData("example.com; spf=pass \"x\"=y", 22, "property expected")]
    [InlineData("example.com; spf=pass reason=\"a\\\u0001\"", 32, "control character")]
    [InlineData("example.com; spf=pass (a\\\u0001)", 25, "control character")]
    public void TryParse_BadInput_ErrorWithOffset(string text, int offset, string message)
    {
        Assert.False(AuthResultsHeader.TryParse(text, out var value, out var error));
        Assert.Null(value);
        Assert.Equal(message, error.Message);
        Assert.Equal(offset, error.Offset);
        var ex = Assert.Throws<FormatException>(() => AuthResultsHeader.Parse(text));
        Assert.Contains(offset.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }
}
