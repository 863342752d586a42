using MailAuth.AuthResults;
using Xunit;

namespace MailAuth.Tests.AuthResults;

public class AuthResultsFormatterTests
{
    private static AuthResultProperty P(string type, string name, string value, string? comment = null) => new(type, name, value, comment);

    [Fact]
    public void Format_ShortField_OneLine()
    {
        var ar = new AuthResultsHeader("example.com", [new AuthMethodResult("spf", "pass", [P("smtp", "mailfrom", "example.net")])]);
        Assert.Equal("Authentication-Results: example.com; spf=pass smtp.mailfrom=example.net", ar.ToString());
    }

    [Fact]
    public void Format_CommentWithTabRunBetweenLongWords_NoWhitespaceOnlyLine()
    {
        string comment = new string('a', 60) + " " + new string('\t', 12) + " " + new string('b', 70);
        var ar = new AuthResultsHeader("example.com", [new AuthMethodResult("spf", "pass", [P("smtp", "mailfrom", "example.net")], comment: comment)]);

        string text = ar.ToString();

        Assert.Null(AuthResultsPropertyTests.LineProblem(text));
        Assert.True(AuthResultsHeader.TryParse(text, out var back, out _));
        Assert.Equal(comment, back.Results[0].Comment);
    }

    [Fact]
    public void Format_None_WithVersion()
    {
        Assert.Equal("Authentication-Results: example.org 1; none", new AuthResultsHeader("example.org", null, 1).ToString());
    }

    [Fact]
    public void Format_LongField_EachResultOnItsOwnLineWithinWidth()
    {
        var ar = new AuthResultsHeader("mx.example.net",
        [
            new AuthMethodResult("dkim", "pass", [P("header", "d", "example.com"), P("header", "s", "sel2026"), P("header", "b", "ZzJh1234")], comment: "2048-bit key"),
            new AuthMethodResult("spf", "pass", [P("smtp", "mailfrom", "alice@example.com")], comment: "mx.example.net: domain of alice@example.com designates 192.0.2.25 as permitted sender"),
            new AuthMethodResult("dmarc", "pass", [P("header", "from", "example.com")], reason: "policy ok", methodVersion: 1),
        ]);
        string text = ar.ToString();
        string[] lines = text.Split("\r\n");
        Assert.Equal("Authentication-Results: mx.example.net;", lines[0]);
        Assert.StartsWith("\tdkim=pass (2048-bit key) header.d=example.com", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("\tspf=pass (mx.example.net:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("\tdmarc/1=pass reason=\"policy ok\" header.from=example.com", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.True(l.Replace("\t", "        ", StringComparison.Ordinal).Length <= 78, l));
        Assert.All(lines.Skip(1), l => Assert.True(l[0] is ' ' or '\t'));
        Assert.EndsWith("header.from=example.com", text, StringComparison.Ordinal);
        Assert.Equal(ar, AuthResultsHeader.Parse(text));
    }

    [Theory]
    [InlineData("example.net", "example.net")]
    [InlineData("sender@example.net", "sender@example.net")]
    [InlineData("@example.net", "@example.net")]
    [InlineData("first.last+tag@sub.example.net", "first.last+tag@sub.example.net")]
    [InlineData("a b", "\"a b\"")]
    [InlineData("ZzJh+/7g", "\"ZzJh+/7g\"")]
    [InlineData("", "\"\"")]
    [InlineData("say \"hi\"\\", "\"say \\\"hi\\\"\\\\\"")]
    [InlineData("a@b@c", "\"a@b@c\"")]
    [InlineData("caf\u00e9", "\"caf\u00e9\"")]
    public void Format_PropertyValue_QuotedOnlyWhenNeeded(string value, string written)
    {
        Assert.Equal("header.x=" + written, P("header", "x", value).ToString());
    }

    [Fact]
    public void Format_ReasonAlwaysQuoted_CommentsEscaped()
    {
        var r = new AuthMethodResult("dkim", "fail", [P("header", "d", "example.com", "a (b)")], reason: "bad", comment: "x\\y");
        Assert.Equal("dkim=fail (x\\\\y) reason=\"bad\" header.d=example.com (a \\(b\\))", r.ToString());
    }

    [Fact]
    public void Format_QuotedAuthServId_WhenNotAToken()
    {
        Assert.Equal("Authentication-Results: \"my id\"; none", new AuthResultsHeader("my id").ToString());
    }

    [Fact]
    public void Format_ArcPrefixAndFieldName()
    {
        var ar = new AuthResultsHeader("example.com", [new AuthMethodResult("spf", "pass", [P("smtp", "mailfrom", "example.net")])]);
        Assert.Equal("ARC-Authentication-Results: i=1; example.com;\r\n\tspf=pass smtp.mailfrom=example.net", AuthResultsFormatter.Format(ar, "ARC-Authentication-Results", "i=1;"));
        Assert.Equal("X-AR: i=1; example.com; spf=pass smtp.mailfrom=example.net", AuthResultsFormatter.Format(ar, "X-AR", "i=1;"));
    }

    [Fact]
    public void Format_LongReason_FoldsInsideQuotedString()
    {
        string reason = string.Join(' ', Enumerable.Repeat("word", 40));
        var ar = new AuthResultsHeader("example.com", [new AuthMethodResult("dkim", "fail", reason: reason)]);
        string text = ar.ToString();
        Assert.All(text.Split("\r\n"), l => Assert.True(l.Length <= 78, l));
        Assert.Equal(reason, AuthResultsHeader.Parse(text).Results[0].Reason);
    }

    [Theory]
    [InlineData("sp f", "pass")]
    [InlineData("spf", "")]
    [InlineData("spf", "pa.ss")]
    public void Constructor_InvalidKeywords_Throw(string method, string result)
    {
        Assert.Throws<ArgumentException>(() => new AuthMethodResult(method, result));
    }

    [Fact]
    public void Constructor_InvalidParts_Throw()
    {
        Assert.Throws<ArgumentException>(() => new AuthResultsHeader(""));
        Assert.Throws<ArgumentException>(() => new AuthResultsHeader("a\r\nb"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AuthResultsHeader("a", null, -1));
        Assert.Throws<ArgumentException>(() => P("hea der", "d", "x"));
        Assert.Throws<ArgumentException>(() => P("header", ".d", "x"));
        Assert.Throws<ArgumentException>(() => P("", "a.b", "x"));
        Assert.Throws<ArgumentException>(() => P("", "Reason", "x"));
        Assert.Throws<ArgumentException>(() => P("header", "d", "x\ny"));
        Assert.Throws<ArgumentException>(() => new AuthMethodResult("spf", "pass", reason: "\u0000"));
    }
}
