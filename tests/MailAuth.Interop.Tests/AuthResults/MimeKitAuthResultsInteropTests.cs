using System.Text;
using MailAuth.AuthResults;
using Xunit;
using MkAuthResults = MimeKit.Cryptography.AuthenticationResults;

namespace MailAuth.Interop.Tests.AuthResults;

/// <summary>Our Authentication-Results text against MimeKit's parser and formatter (in-process peer, always available).</summary>
public class MimeKitAuthResultsInteropTests
{
    private static readonly AuthResultsHeader[] Samples =
    [
        new("example.org", null, 1),
        new("mx.example.net",
        [
            new AuthMethodResult("dkim", "pass", [new("header", "d", "example.com"), new("header", "i", "@example.com"), new("header", "b", "ZzJh+/7g")], comment: "2048-bit key"),
            new AuthMethodResult("spf", "pass", [new("smtp", "mailfrom", "alice@example.com")], comment: "mx.example.net: domain of alice@example.com designates 192.0.2.25 as permitted sender"),
            new AuthMethodResult("dmarc", "fail", [new("header", "from", "example.com"), new("policy", "dmarc", "reject")], reason: "policy says \"reject\""),
            new AuthMethodResult("auth", "pass", [new("smtp", "auth", "sender@example.net")], methodVersion: 1),
        ]),
    ];

    public static TheoryData<int> SampleIndexes() => [.. Enumerable.Range(0, Samples.Length)];

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void OurField_ParsedByMimeKit_SameContent(int index)
    {
        AuthResultsHeader ours = Samples[index];
        string value = ours.ToString()["Authentication-Results:".Length..];
        Assert.True(MkAuthResults.TryParse(Encoding.UTF8.GetBytes(value), out var theirs), value);

        Assert.Equal(ours.AuthServId, theirs.AuthenticationServiceIdentifier);
        Assert.Equal(ours.Version, theirs.Version);
        Assert.Equal(ours.Results.Count, theirs.Results.Count);
        for (int i = 0; i < ours.Results.Count; i++)
        {
            AuthMethodResult a = ours.Results[i];
            var b = theirs.Results[i];
            Assert.Equal(a.Method, b.Method);
            Assert.Equal(a.MethodVersion, b.Version);
            Assert.Equal(a.Result, b.Result);
            Assert.Equal(a.Comment, b.ResultComment);
            Assert.Equal(a.Reason, b.Reason);
            Assert.Equal(a.Properties.Select(p => (p.Type, p.Name, p.Value)), b.Properties.Select(p => (p.PropertyType, p.Property, p.Value)));
        }
    }

    [Theory]
    [InlineData("example.com; spf=pass smtp.mailfrom=example.net")]
    [InlineData("example.com;\r\n\tauth=pass (cram-md5) smtp.auth=sender@example.net;\r\n\tspf=pass smtp.mailfrom=example.net")]
    [InlineData("example.com; dkim=pass reason=\"good signature\" header.i=@mail-router.example.net; dkim=fail reason=\"bad signature\" header.i=@newyork.example.com")]
    [InlineData("foo.example.net (foobar) 1 (baz);\r\n    dkim (Because I like it) / 1 (One yay) = (wait for it) fail\r\n      policy (A dot can go here) . (like that) expired\r\n      (this surprised me) = (as I wasn't expecting it) 1362471462")]
    public void MimeKitFormatted_ParsedByUs_SameContent(string input)
    {
        var theirs = MkAuthResults.Parse(Encoding.UTF8.GetBytes(input));
        string text = theirs.ToString();
        Assert.True(AuthResultsHeader.TryParse(text, out var ours, out var error), $"{text}: {error}");
        Assert.Equal(theirs.AuthenticationServiceIdentifier, ours.AuthServId);
        Assert.Equal(theirs.Version, ours.Version);
        Assert.Equal(theirs.Results.Select(r => (r.Method, r.Version, r.Result, r.Reason)), ours.Results.Select(r => (r.Method, r.MethodVersion, r.Result, r.Reason)));
        Assert.Equal(
            theirs.Results.SelectMany(r => r.Properties).Select(p => (p.PropertyType, p.Property, p.Value)),
            ours.Results.SelectMany(r => r.Properties).Select(p => (p.Type, p.Name, p.Value)));
    }
}
