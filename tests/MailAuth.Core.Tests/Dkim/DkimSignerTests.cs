using System.Text;
using MailAuth.Dkim;
using MailAuth.Keys;
using Xunit;

namespace MailAuth.Tests.Dkim;

public sealed class DkimSignerTests
{
    private static DkimSignature ParseField(string field)
    {
        Assert.StartsWith("DKIM-Signature:", field, StringComparison.Ordinal);
        return DkimSignature.Parse(field.AsSpan("DKIM-Signature:".Length));
    }

    [Fact]
    public void Sign_Defaults_RelaxedRecommendedHeadersFromOversignedTimestampNoLNoX()
    {
        using var message = DkimTestData.Read(DkimFixture.Message);
        var signer = new DkimMessageSigner(new DkimMessageSignerOptions { TimeProvider = DkimFixture.Clock() });

        string field = signer.Sign(message, DkimFixture.Rsa, "example.com", "rsa");
        var s = ParseField(field);

        Assert.Equal(DkimAlgorithm.RsaSha256, s.Algorithm);
        Assert.Equal(DkimCanonicalization.Relaxed, s.HeaderCanonicalization);
        Assert.Equal(DkimCanonicalization.Relaxed, s.BodyCanonicalization);
        // RFC 6376 §8.15: present fields of the recommended list over-signed; From, Reply-To, Subject, To and Cc
        // listed once more than they occur even when absent.
        Assert.Equal(["from", "from", "reply-to", "subject", "subject", "date", "date", "to", "to", "cc", "message-id", "message-id"], s.SignedHeaders);
        Assert.Equal(DkimFixture.Now, s.Timestamp);
        Assert.Null(s.Expiration);
        Assert.Null(s.BodyLength);
        Assert.False(s.HasIdentity);
        Assert.EndsWith(s.SignatureBase64[^10..], field.Replace("\r\n ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("\r\n", field[^2..], StringComparison.Ordinal);
    }

    private const string MimeMessage =
        "From: Alice <alice@example.com>\r\n" +
        "To: Bob <bob@example.net>\r\n" +
        "Subject: Quarterly report\r\n" +
        "Date: Thu, 15 Jan 2026 12:00:00 +0000\r\n" +
        "Message-ID: <1@example.com>\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n" +
        "Content-Transfer-Encoding: 7bit\r\n" +
        "List-Id: <reports.example.com>\r\n" +
        "\r\n" +
        "Hello Bob,\r\n";

    [Theory]
    [InlineData("Subject: Urgent: wire the money\r\n")]
    [InlineData("To: victim@example.org\r\n")]
    [InlineData("Content-Type: text/html\r\n")]
    [InlineData("Reply-To: attacker@evil.example\r\n")]
    [InlineData("Cc: attacker@evil.example\r\n")]
    [InlineData("MIME-Version: 1.0\r\n")]
    [InlineData("Content-Transfer-Encoding: base64\r\n")]
    [InlineData("List-Id: <evil.example>\r\n")]
    [InlineData("Date: Fri, 16 Jan 2026 12:00:00 +0000\r\n")]
    [InlineData("Message-ID: <2@example.com>\r\n")]
    public async Task Sign_DefaultsThenHeaderPrepended_Fails(string added)
    {
        // Issue 8 item 5: a field prepended later (or a new Reply-To/Cc) must break the default signature (RFC 6376 §8.15).
        string signed = DkimFixture.Sign(MimeMessage);
        int afterSignature = signed.IndexOf("From:", StringComparison.Ordinal);
        string tampered = signed[..afterSignature] + added + signed[afterSignature..];

        var original = await DkimFixture.VerifyAsync(signed);
        var results = await DkimFixture.VerifyAsync(tampered);

        Assert.Equal(DkimStatus.Pass, original[0].Status);
        Assert.Equal(DkimProblem.SignatureMismatch, results[0].Problem);
    }

    [Fact]
    public void Sign_DefaultsOnMimeMessage_OversignsEveryPresentRecommendedField()
    {
        using var message = DkimTestData.Read(MimeMessage);

        var s = ParseField(new DkimMessageSigner(new DkimMessageSignerOptions { TimeProvider = DkimFixture.Clock() }).Sign(message, DkimFixture.Rsa, "example.com", "rsa"));

        Assert.Equal(
            ["from", "from", "reply-to", "subject", "subject", "date", "date", "to", "to", "cc", "list-id", "list-id", "message-id", "message-id",
             "mime-version", "mime-version", "content-type", "content-type", "content-transfer-encoding", "content-transfer-encoding"],
            s.SignedHeaders);
        Assert.Null(s.BodyLength);
    }

    [Fact]
    public void Sign_OversignPresentHeadersOff_SignsEachPresentFieldOnce()
    {
        using var message = DkimTestData.Read(DkimFixture.Message);
        var options = new DkimMessageSignerOptions { OversignedHeaders = ["From"], OversignedWhenPresentHeaders = [] };

        var s = ParseField(new DkimMessageSigner((options ?? new DkimMessageSignerOptions()).Freeze(timeProvider: DkimFixture.Clock())).Sign(message, DkimFixture.Rsa, "example.com", "rsa"));

        Assert.Equal(["from", "from", "subject", "date", "to", "message-id"], s.SignedHeaders);
    }

    [Fact]
    public void Sign_Options_AddXLAndIdentity()
    {
        using var message = DkimTestData.Read(DkimFixture.Message);
        var options = new DkimMessageSignerOptions
        {
            Expiration = TimeSpan.FromDays(7),
            IncludeBodyLength = true,
            IncludeTimestamp = true,
            HeaderCanonicalization = DkimCanonicalization.Simple,
            BodyCanonicalization = DkimCanonicalization.Simple,
        };
        var signer = new DkimMessageSigner((options ?? new DkimMessageSignerOptions()).Freeze(timeProvider: DkimFixture.Clock()));

        var s = ParseField(signer.Sign(message, [new DkimSigningRequest(DkimFixture.Ed25519, "example.com", "ed", "alice@example.com")])[0]);

        Assert.Equal(DkimFixture.Now.AddDays(7), s.Expiration);
        Assert.Equal("Hello Bob,\r\n\r\nthe numbers  are attached.\r\n".Length, s.BodyLength);
        Assert.Equal("alice@example.com", s.Identity);
        Assert.Equal(DkimAlgorithm.Ed25519Sha256, s.Algorithm);
        Assert.Equal(DkimCanonicalization.Simple, s.HeaderCanonicalization);
    }

    [Fact]
    public void Sign_LongHeaderList_FoldedAt78Columns()
    {
        var names = Enumerable.Range(0, 40).Select(i => "X-Custom-Header-" + i).Prepend("From").ToArray();
        using var message = DkimTestData.Read(DkimFixture.Message);
        var signer = new DkimMessageSigner(new DkimMessageSignerOptions { SignedHeaders = names, TimeProvider = DkimFixture.Clock() });

        string field = signer.Sign(message, DkimFixture.Rsa, "example.com", "rsa");

        Assert.All(field.Split("\r\n"), line => Assert.InRange(line.Length, 1, 78));
        Assert.All(field.Split("\r\n").Skip(1), line => Assert.StartsWith(" ", line, StringComparison.Ordinal));
        Assert.Equal(names, ParseField(field).SignedHeaders, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void Options_SignedHeadersWithoutFrom_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DkimMessageSigner(new DkimMessageSignerOptions { SignedHeaders = ["to", "subject"] }));
        Assert.Throws<ArgumentException>(() => new DkimMessageSigner(new DkimMessageSignerOptions { SignedHeaders = ["from", "bad name"] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DkimMessageSigner(new DkimMessageSignerOptions { Expiration = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DkimMessageSigner(new DkimMessageSignerOptions { LineLength = 10 }));
    }

    [Theory]
    [InlineData("not a domain", "s", null)]
    [InlineData("example.com", "bad selector", null)]
    [InlineData("example.com", "s", "user@other.com")]
    [InlineData("example.com", "s", "no-at-sign")]
    public void Sign_BadRequest_Throws(string domain, string selector, string? identity)
    {
        using var message = DkimTestData.Read(DkimFixture.Message);
        var signer = new DkimMessageSigner();

        Assert.Throws<ArgumentException>(() => signer.Sign(message, [new DkimSigningRequest(DkimFixture.Rsa, domain, selector, identity)]));
    }

    [Fact]
    public async Task SignAsync_KeyStoreSelectorsAndActiveKeys_DualSignatureVerifies()
    {
        using var store = new InMemoryKeyStore();
        store.Add("example.com", "rsa", DkimSigningKey.FromPem(DkimFixture.Rsa.ExportPrivateKeyPem()));
        store.Add("example.com", "ed", DkimSigningKey.FromPem(DkimFixture.Ed25519.ExportPrivateKeyPem()));
        using var message = DkimTestData.Read(DkimFixture.Message);
        var signer = new DkimMessageSigner(new DkimMessageSignerOptions { TimeProvider = DkimFixture.Clock() });

        var bySelector = await signer.SignAsync(message, store, "example.com", ["rsa", "ed"]);
        var active = await signer.SignAsync(message, store, "example.com");
        var single = await signer.SignAsync(message, store, "example.com", "ed");

        Assert.Equal(2, bySelector.Fields.Count);
        Assert.Equal(["rsa", "ed"], bySelector.Selectors);
        Assert.Equal(2, active.Fields.Count);
        Assert.Equal(DkimAlgorithm.Ed25519Sha256, ParseField(single.Fields[0]).Algorithm);
        var results = await DkimFixture.VerifyAsync(bySelector.ToHeaderText() + DkimFixture.Message);
        Assert.Equal([DkimStatus.Pass, DkimStatus.Pass], results.Select(r => r.Status));
    }

    [Fact]
    public async Task SignAsync_SelectorWithoutKey_NoKeyResultWithReason()
    {
        using var store = new InMemoryKeyStore();
        using var message = DkimTestData.Read(DkimFixture.Message);
        var signer = new DkimMessageSigner();

        var result = await signer.SignAsync(message, store, "example.com", "missing");

        Assert.Equal(DkimSigningStatus.NoKey, result.Status);
        Assert.False(result.IsSigned);
        Assert.Empty(result.Fields);
        Assert.Equal(["missing"], result.MissingSelectors);
        Assert.Contains("missing", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignAsync_DomainWithoutActiveKeys_NoKeyResultNotEmptyList()
    {
        using var store = new InMemoryKeyStore();
        store.Add("example.com", "ed", DkimSigningKey.FromPem(DkimFixture.Ed25519.ExportPrivateKeyPem()));
        using var message = DkimTestData.Read(DkimFixture.Message);
        var signer = new DkimMessageSigner();

        var result = await signer.SignAsync(message, store, "unknown.example");

        Assert.Equal(DkimSigningStatus.NoKey, result.Status);
        Assert.Equal("unknown.example", result.Domain);
        Assert.Contains("unknown.example", result.Reason, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.ToHeaderText());
    }

    [Fact]
    public async Task SignAsync_OneOfTwoSelectorsMissing_SignsWithTheOtherAndNamesTheMissingOne()
    {
        using var store = new InMemoryKeyStore();
        store.Add("example.com", "ed", DkimSigningKey.FromPem(DkimFixture.Ed25519.ExportPrivateKeyPem()));
        using var message = DkimTestData.Read(DkimFixture.Message);
        var signer = new DkimMessageSigner(new DkimMessageSignerOptions { TimeProvider = DkimFixture.Clock() });

        var result = await signer.SignAsync(message, store, "example.com", ["rsa", "ed"]);

        Assert.True(result.IsSigned);
        Assert.Equal(["ed"], result.Selectors);
        Assert.Equal(["rsa"], result.MissingSelectors);
        Assert.NotNull(result.Reason);
        var verified = await DkimFixture.VerifyAsync(result.ToHeaderText() + DkimFixture.Message);
        Assert.Equal([DkimStatus.Pass], verified.Select(r => r.Status));
    }

    [Fact]
    public async Task SignAsync_KeyStoreThrowsIOException_NoKeyResult()
    {
        using var message = DkimTestData.Read(DkimFixture.Message);
        var signer = new DkimMessageSigner();

        var result = await signer.SignAsync(message, new FailingKeyStore(), "example.com", "s1");
        var active = await signer.SignAsync(message, new FailingKeyStore(), "example.com");

        Assert.Equal(DkimSigningStatus.NoKey, result.Status);
        Assert.Contains("disk on fire", result.Reason, StringComparison.Ordinal);
        Assert.Equal(DkimSigningStatus.NoKey, active.Status);
        Assert.Contains("disk on fire", active.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignAsync_InvalidDomainName_Throws()
    {
        using var message = DkimTestData.Read(DkimFixture.Message);
        var signer = new DkimMessageSigner();

        await Assert.ThrowsAsync<ArgumentException>(async () => await signer.SignAsync(message, new InMemoryKeyStore(), "bad domain", "s1"));
    }

    private sealed class FailingKeyStore : IKeyStore
    {
        public ValueTask<DkimSigningKey?> GetSigningKeyAsync(string domain, string selector, CancellationToken cancellationToken = default) =>
            throw new IOException("disk on fire");

        public ValueTask<IReadOnlyList<DkimKeyEntry>> GetActiveKeysAsync(string domain, CancellationToken cancellationToken = default) =>
            throw new IOException("disk on fire");
    }

    [Fact]
    public async Task Sign_AlreadySignedMessage_BothSignaturesVerify()
    {
        string once = DkimFixture.Sign(DkimFixture.Message);
        string twice = DkimFixture.Sign(once, null, new DkimSigningRequest(DkimFixture.Ed25519, "example.com", "ed"));

        var results = await DkimFixture.VerifyAsync(twice);

        Assert.Equal([DkimStatus.Pass, DkimStatus.Pass], results.Select(r => r.Status));
    }

    [Fact]
    public async Task Sign_EmptyBodyAndNoBody_Verify()
    {
        const string NoBody = "From: a@example.com\r\nSubject: x\r\n";
        const string EmptyBody = "From: a@example.com\r\nSubject: x\r\n\r\n";

        foreach (var c in new[] { DkimCanonicalization.Simple, DkimCanonicalization.Relaxed })
        {
            var options = new DkimMessageSignerOptions { BodyCanonicalization = c };
            Assert.Equal(DkimStatus.Pass, (await DkimFixture.VerifyAsync(DkimFixture.Sign(NoBody, options)))[0].Status);
            Assert.Equal(DkimStatus.Pass, (await DkimFixture.VerifyAsync(DkimFixture.Sign(EmptyBody, options)))[0].Status);
        }
    }

    [Fact]
    public void Sign_Bytes_UnreadableMessage_FormatException()
    {
        var signer = new DkimMessageSigner();

        Assert.Throws<FormatException>(() => signer.Sign(Encoding.ASCII.GetBytes("no colon\r\n\r\n"), [new DkimSigningRequest(DkimFixture.Rsa, "example.com", "s")]));
    }
}
