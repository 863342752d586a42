using MailAuth.AuthResults;
using Xunit;
using static MailAuth.Tests.AuthResults.AuthResultsTestHelpers;

namespace MailAuth.Tests.AuthResults;

public class ArcAuthResultsTests
{
    // RFC 8617 Appendix B.2 (example 1), the three ARC-Authentication-Results fields, folded as in the RFC.
    [Theory]
    [InlineData(
        "ARC-Authentication-Results: i=3; clochette.example.org; spf=fail\r\n    smtp.from=jqd@d1.example; dkim=fail (512-bit key)\r\n    header.i=@d1.example; dmarc=fail; arc=pass (as.2.gmail.example=pass,\r\n    ams.2.gmail.example=pass, as.1.lists.example.org=pass,\r\n    ams.1.lists.example.org=fail (message has been altered))",
        3,
        "clochette.example.org; spf=fail smtp.from[jqd@d1.example]; dkim=fail (512-bit key) header.i[@d1.example]; dmarc=fail; arc=pass (as.2.gmail.example=pass,    ams.2.gmail.example=pass, as.1.lists.example.org=pass,    ams.1.lists.example.org=fail (message has been altered))")]
    [InlineData(
        "ARC-Authentication-Results: i=2; gmail.example; spf=fail\r\n    smtp.from=jqd@d1.example; dkim=fail (512-bit key)\r\n    header.i=@example.org; dmarc=fail; arc=pass\r\n    (as.1.lists.example.org=pass, ams.1.lists.example.org=pass)",
        2,
        "gmail.example; spf=fail smtp.from[jqd@d1.example]; dkim=fail (512-bit key) header.i[@example.org]; dmarc=fail; arc=pass (as.1.lists.example.org=pass, ams.1.lists.example.org=pass)")]
    [InlineData(
        " i = 1 ; lists.example.org; spf=pass\r\n    smtp.mfrom=jqd@d1.example; dkim=pass (512-bit key)\r\n    header.i=@d1.example; dmarc=pass",
        1,
        "lists.example.org; spf=pass smtp.mfrom[jqd@d1.example]; dkim=pass (512-bit key) header.i[@d1.example]; dmarc=pass")]
    // Comments are unfolded (CRLF removed, the indent kept), never rewritten otherwise.
    public void TryParseArc_Rfc8617Examples(string text, int instance, string expected)
    {
        Assert.True(AuthResultsHeader.TryParseArc(text, out int i, out var ar, out var error), error?.ToString());
        Assert.Equal(instance, i);
        Assert.Equal(expected, Describe(ar));

        string formatted = AuthResultsFormatter.FormatArc(ar, i);
        Assert.StartsWith("ARC-Authentication-Results: i=" + i + "; ", formatted, StringComparison.Ordinal);
        Assert.True(AuthResultsHeader.TryParseArc(formatted, out int again, out var reparsed, out _));
        Assert.Equal(i, again);
        Assert.Equal(ar, reparsed);
    }

    [Theory]
    [InlineData("example.com; none", 0, "'i=' expected")]
    [InlineData("i 1; example.com; none", 2, "'=' expected after 'i'")]
    [InlineData("i=; example.com; none", 2, "instance number expected")]
    [InlineData("i=1 example.com; none", 4, "';' expected after the instance")]
    [InlineData("i=1; example.com", 16, "';' expected after the authserv-id")]
    public void TryParseArc_BadInput_ErrorWithOffset(string text, int offset, string message)
    {
        Assert.False(AuthResultsHeader.TryParseArc(text, out _, out _, out var error));
        Assert.Equal((message, offset), (error.Message, error.Offset));
    }

    [Fact]
    public void FormatArc_InstanceOutOfRange_Throws()
    {
        var ar = new AuthResultsHeader("example.com");
        Assert.Throws<ArgumentOutOfRangeException>(() => AuthResultsFormatter.FormatArc(ar, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => AuthResultsFormatter.FormatArc(ar, 51));
        Assert.Equal("ARC-Authentication-Results: i=50; example.com; none", AuthResultsFormatter.FormatArc(ar, 50));
    }

    [Theory]
    [InlineData("ARC-Authentication-Results: i=0; example.com; none")]
    [InlineData("ARC-Authentication-Results: i=51; example.com; none")]
    [InlineData("ARC-Authentication-Results: i=001; example.com; none")]
    [InlineData("ARC-Authentication-Results: i=99999999999; example.com; none")]
    public void TryParseArc_InstanceOutsideOneToFifty_Fails(string text)
    {
        // Found by the authres-lenient fuzz target: position = 1*2DIGIT ; 1 - 50 (RFC 8617 §4.2.1).
        Assert.False(AuthResultsHeader.TryParseArc(text, out int instance, out var value, out var error));
        Assert.Null(value);
        Assert.Equal(0, instance);
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData("ARC-Authentication-Results: i=1; example.com; none", 1)]
    [InlineData("ARC-Authentication-Results: i=50; example.com; none", 50)]
    [InlineData("ARC-Authentication-Results: i=07; example.com; none", 7)]
    public void TryParseArc_InstanceInRange_Parses(string text, int expected)
    {
        Assert.True(AuthResultsHeader.TryParseArc(text, out int instance, out _, out var error), error?.ToString());
        Assert.Equal(expected, instance);
    }
}
