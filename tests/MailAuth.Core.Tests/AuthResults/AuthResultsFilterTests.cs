using MailAuth.AuthResults;
using MailAuth.Messages;
using Xunit;

namespace MailAuth.Tests.AuthResults;

public class AuthResultsFilterTests
{
    private const string Message =
        "Authentication-Results: MX.Example.COM; spf=pass smtp.mailfrom=evil.example\r\n" +
        "Authentication-Results: other.example; dkim=pass header.d=example.org\r\n" +
        "Authentication-Results: (forged) mx.example.com; this is ( not parseable\r\n" +
        "authentication-results: \"mx.example.com\" 2; none\r\n" +
        "ARC-Authentication-Results: i=1; mx.example.com; spf=pass\r\n" +
        "Authentication-Results: mx.example.com.evil; none\r\n" +
        "Subject: hi\r\n" +
        "\r\n" +
        "body";

    private static RawMessage Read() => MessageReader.Default.Read(System.Text.Encoding.ASCII.GetBytes(Message)).Message!;

    [Fact]
    public void RemoveOwn_DropsOurFieldsCaseInsensitivelyIncludingUnparseable()
    {
        using var m = Read();
        var kept = AuthResultsFilter.RemoveOwn(m, "mx.example.com");
        Assert.Equal([1, 4, 5, 6], kept.Select(f => m.Headers.ToList().IndexOf(f)));
    }

    [Fact]
    public void FindOwn_ReturnsOurFieldsInOrder()
    {
        using var m = Read();
        var own = AuthResultsFilter.FindOwn(m.Headers, "mx.example.com");
        Assert.Equal([0, 2, 3], own.Select(f => m.Headers.ToList().IndexOf(f)));
    }

    [Theory]
    [InlineData(" example.com; none", true)]
    [InlineData("Authentication-Results: EXAMPLE.com", true)]
    [InlineData(" (c) \"example.com\" 1; spf=pass", true)]
    [InlineData(" example.com.", false)]
    [InlineData(" sub.example.com; none", false)]
    [InlineData(" (unterminated example.com; none", false)]
    [InlineData("", false)]
    public void HasAuthServId_JudgesLeadingIdOnly(string value, bool expected)
    {
        Assert.Equal(expected, AuthResultsFilter.HasAuthServId(value, "example.com"));
    }

    [Fact]
    public void IsOwnField_OtherFieldName_False()
    {
        using var m = Read();
        Assert.False(AuthResultsFilter.IsOwnField(m.Headers[4], "mx.example.com"));
        Assert.False(AuthResultsFilter.IsOwnField(m.Headers[6], "mx.example.com"));
    }
}
