using System.Text;
using MailAuth.Dkim;
using MailAuth.Keys;
using MailAuth.Messages;
using MailAuth.Tests.Fakes;
using Microsoft.Extensions.Logging;
using Xunit;

namespace MailAuth.Tests.Dkim;

public sealed class DkimSignerFromDomainTests
{
    private const string Rest =
        "To: Bob <bob@example.net>\r\n" +
        "Subject: Quarterly report\r\n" +
        "Date: Thu, 15 Jan 2026 12:00:00 +0000\r\n" +
        "\r\n" +
        "Hello Bob,\r\n";

    // A key of the store's own (the store disposes its keys; the fixture's keys are shared by other tests).
    private static InMemoryKeyStore Store(params string[] domains)
    {
        var store = new InMemoryKeyStore();
        foreach (string domain in domains)
        {
            store.Add(domain, "ed", DkimSigningKey.FromEd25519Seed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()));
        }

        return store;
    }

    private static async Task<DkimSigningResult> SignAsync(string fromFields, InMemoryKeyStore store, CapturingLoggerFactory? logs = null)
    {
        using var message = DkimTestData.Read(fromFields + Rest);
        var signer = new DkimMessageSigner(new DkimMessageSignerOptions { TimeProvider = DkimFixture.Clock(), LoggerFactory = logs });
        return await signer.SignAsync(message, store);
    }

    [Theory]
    [InlineData("From: Alice <alice@example.com>\r\n", "example.com")]
    [InlineData("From: Alice <alice@EXAMPLE.Com.>\r\n", "example.com")]
    [InlineData("From: alice@example.com (Alice)\r\n", "example.com")]
    [InlineData("From: \"Müller, Jörg\" <jörg@bücher.example>\r\n", "xn--bcher-kva.example")]
    [InlineData("From: =?utf-8?q?Alice?=\r\n <alice@Bücher.EXAMPLE>\r\n", "xn--bcher-kva.example")]
    public async Task SignAsync_NoDomainGiven_SignsWithTheFromDomainsKey(string from, string expected)
    {
        using var store = Store("example.com", "xn--bcher-kva.example");

        var result = await SignAsync(from, store);

        Assert.Equal(DkimSigningStatus.Signed, result.Status);
        Assert.Equal(expected, result.Domain);
        var signature = DkimSignature.Parse(Assert.Single(result.Fields).AsSpan("DKIM-Signature:".Length));
        Assert.Equal(expected, signature.Domain);
    }

    [Fact]
    public async Task SignAsync_FromDomainSigned_Verifies()
    {
        using var store = Store("example.com");
        string text = "From: Alice <alice@Example.COM>\r\n" + Rest;
        using var message = DkimTestData.Read(text);
        var signer = new DkimMessageSigner(new DkimMessageSignerOptions { TimeProvider = DkimFixture.Clock() });

        var result = await signer.SignAsync(message, store);
        byte[] signed = new PrependedHeaderFields().AddRange(result.Fields).Prepend(Encoding.UTF8.GetBytes(text));

        var verified = await DkimFixture.VerifyAsync(Encoding.UTF8.GetString(signed));
        Assert.Equal(DkimStatus.Pass, Assert.Single(verified).Status);
    }

    [Theory]
    // Display-name tricks: the address in the angle brackets (or outside the comment) is the author, never the text shown.
    [InlineData("From: \"alice@example.com\" <mallory@evil.example>\r\n")]
    [InlineData("From: example.com <mallory@evil.example>\r\n")]
    [InlineData("From: mallory@evil.example (alice@example.com)\r\n")]
    [InlineData("From: \"<alice@example.com>\" <mallory@evil.example>\r\n")]
    public async Task SignAsync_DisplayNameNamesAnotherDomain_LooksUpTheAddressDomainOnly(string from)
    {
        using var store = Store("example.com");
        var logs = new CapturingLoggerFactory();

        var result = await SignAsync(from, store, logs);

        Assert.Equal(DkimSigningStatus.NoKey, result.Status);
        Assert.Equal("evil.example", result.Domain);
        Assert.Empty(result.Fields);
        Assert.Contains(logs.Events, e => e.Level == LogLevel.Warning && e.EventId.Id == 3001);
    }

    [Theory]
    [InlineData("From: Alice <alice@example.com>\r\nFrom: Mallory <mallory@example.com>\r\n")]
    [InlineData("From: Alice <alice@example.com>\r\nFrom: Mallory <mallory@evil.example>\r\n")]
    [InlineData("From: Alice <alice@example.com>, Bob <bob@example.com>\r\n")]
    [InlineData("From: Friends: alice@example.com;\r\n")]
    [InlineData("From: Undisclosed:;\r\n")]
    [InlineData("From: alice@[192.0.2.1]\r\n")]
    [InlineData("From: alice\r\n")]
    [InlineData("From: <alice@example.com\r\n")]
    [InlineData("From: alice@exa mple..com\r\n")]
    [InlineData("Sender: alice@example.com\r\n")]
    public async Task SignAsync_NoSingleAuthorDomain_NoSigningDomainAndWarning(string from)
    {
        // RFC 5322 §3.6 / §3.6.2 and RFC 6376 §8.15: two From fields (the duplicate-From attack), several mailboxes,
        // a group or no usable address: no author to sign for, an explicit result, never an exception.
        using var store = Store("example.com", "evil.example");
        var logs = new CapturingLoggerFactory();

        var result = await SignAsync(from, store, logs);

        Assert.Equal(DkimSigningStatus.NoSigningDomain, result.Status);
        Assert.False(result.IsSigned);
        Assert.Empty(result.Fields);
        Assert.Equal(string.Empty, result.Domain);
        Assert.False(string.IsNullOrEmpty(result.Reason));
        var warning = Assert.Single(logs.Events, e => e.Level == LogLevel.Warning);
        Assert.Equal(3003, warning.EventId.Id);
        Assert.DoesNotContain("alice", warning.AllText, StringComparison.Ordinal);
    }
}
