using System.Formats.Asn1;
using System.Security.Cryptography;
using MailAuth.Dkim;
using MailAuth.Dns;
using MailAuth.Keys;
using Xunit;

namespace MailAuth.Tests.Dkim;

public sealed class DkimVerifierTests
{
    [Fact]
    public async Task VerifyAsync_Unsigned_ReturnsNoResults()
    {
        Assert.Empty(await DkimFixture.VerifyAsync(DkimFixture.Message));
    }

    [Theory]
    [InlineData(DkimCanonicalization.Relaxed, DkimCanonicalization.Relaxed)]
    [InlineData(DkimCanonicalization.Simple, DkimCanonicalization.Simple)]
    [InlineData(DkimCanonicalization.Relaxed, DkimCanonicalization.Simple)]
    [InlineData(DkimCanonicalization.Simple, DkimCanonicalization.Relaxed)]
    public async Task SignThenVerify_EachCanonicalization_Passes(DkimCanonicalization header, DkimCanonicalization body)
    {
        var options = new DkimMessageSignerOptions { HeaderCanonicalization = header, BodyCanonicalization = body };
        string signed = DkimFixture.Sign(DkimFixture.Message, options,
            new DkimSigningRequest(DkimFixture.Rsa, DkimFixture.Domain, "rsa"),
            new DkimSigningRequest(DkimFixture.Ed25519, DkimFixture.Domain, "ed", "user@sub.example.com"));

        var results = await DkimFixture.VerifyAsync(signed);

        Assert.Equal([DkimStatus.Pass, DkimStatus.Pass], results.Select(r => r.Status));
        Assert.Equal("user@sub.example.com", results[1].Identity);
        Assert.Null(results[0].Identity);
    }

    [Fact]
    public async Task VerifyAsync_RelaxedRefoldedHeader_PassesRelaxedFailsSimple()
    {
        string relaxed = DkimFixture.Sign(DkimFixture.Message);
        string simple = DkimFixture.Sign(DkimFixture.Message, new DkimMessageSignerOptions { HeaderCanonicalization = DkimCanonicalization.Simple });

        static string Refold(string m) => m.Replace("Subject: Quarterly report", "Subject:   Quarterly\r\n\treport ", StringComparison.Ordinal);

        Assert.Equal(DkimStatus.Pass, (await DkimFixture.VerifyAsync(Refold(relaxed)))[0].Status);
        Assert.Equal(DkimProblem.SignatureMismatch, (await DkimFixture.VerifyAsync(Refold(simple)))[0].Problem);
    }

    [Fact]
    public async Task VerifyAsync_ContentAppendedAfterL_PolicyBodyLengthAppend()
    {
        // RFC 6376 §8.2: l= lets anyone append content; by default such a signature does not count (issue 8 item 4).
        string signed = DkimFixture.Sign(DkimFixture.Message, new DkimMessageSignerOptions { IncludeBodyLength = true });
        string tampered = signed + "Click http://evil.example/ now!\r\n";

        var original = await DkimFixture.VerifyAsync(signed);
        var results = await DkimFixture.VerifyAsync(tampered);

        Assert.Equal(DkimStatus.Pass, original[0].Status);
        Assert.Equal(0, original[0].UnsignedBodyLength);
        Assert.Equal(DkimProblem.BodyLengthAppend, results[0].Problem);
        Assert.Equal(DkimStatus.Policy, results[0].Status);
        Assert.Contains("l=", results[0].Reason, StringComparison.Ordinal);
        Assert.Equal("Click http://evil.example/ now!\r\n".Length, results[0].UnsignedBodyLength);
        Assert.Equal(2048, results[0].KeyBits);
    }

    [Fact]
    public async Task VerifyAsync_MegabyteAppendedAfterL_Policy()
    {
        string signed = DkimFixture.Sign(DkimFixture.Message, new DkimMessageSignerOptions { IncludeBodyLength = true });
        string tampered = signed + string.Concat(Enumerable.Repeat("spam spam spam spam spam spam spam spam spam spam\r\n", 20000));

        var results = await DkimFixture.VerifyAsync(tampered);

        Assert.Equal(DkimProblem.BodyLengthAppend, results[0].Problem);
        Assert.True(results[0].UnsignedBodyLength > 1_000_000);
    }

    [Fact]
    public async Task VerifyAsync_ContentAppendedAfterLWithCheckOff_PassesAndReportsUnsignedLength()
    {
        string signed = DkimFixture.Sign(DkimFixture.Message, new DkimMessageSignerOptions { IncludeBodyLength = true });
        string tampered = signed + "Click http://evil.example/ now!\r\n";

        var results = await DkimFixture.VerifyAsync(tampered, options: new DkimMessageVerifierOptions { RejectBodyLengthAppend = false });

        Assert.Equal(DkimStatus.Pass, results[0].Status);
        Assert.Equal("Click http://evil.example/ now!\r\n".Length, results[0].UnsignedBodyLength);
        Assert.NotNull(results[0].Signature!.BodyLength);
    }

    [Fact]
    public async Task VerifyAsync_WhitespaceAppendedAfterL_PassesUpToMaxUnsignedBodyLength()
    {
        // Simple body canonicalization keeps a line of spaces: 4 canonical octets of whitespace after the signed part.
        var options = new DkimMessageSignerOptions { IncludeBodyLength = true, BodyCanonicalization = DkimCanonicalization.Simple };
        string tampered = DkimFixture.Sign(DkimFixture.Message, options) + "  \r\n";

        var lenient = await DkimFixture.VerifyAsync(tampered);
        var strict = await DkimFixture.VerifyAsync(tampered, options: new DkimMessageVerifierOptions { MaxUnsignedBodyLength = 3 });

        Assert.Equal(DkimStatus.Pass, lenient[0].Status);
        Assert.Equal(4, lenient[0].UnsignedBodyLength);
        Assert.Equal(DkimProblem.BodyLengthAppend, strict[0].Problem);
    }

    [Fact]
    public async Task VerifyAsync_CancelledWhileHashingWithCachedKey_Throws()
    {
        // With the key in the cache nothing but the body hashing observes the token: it must (issue 8 item 6).
        var cache = new DkimPublicKeyCache(timeProvider: DkimFixture.Clock());
        var verifier = new DkimMessageVerifier(DkimFixture.Zone(), new DkimMessageVerifierOptions { PublicKeyCache = cache, TimeProvider = DkimFixture.Clock() });
        byte[] signed = System.Text.Encoding.UTF8.GetBytes(DkimFixture.Sign(DkimFixture.Message));
        Assert.Equal(DkimStatus.Pass, (await verifier.VerifyAsync(signed.AsMemory()))[0].Status);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await verifier.VerifyAsync(signed.AsMemory(), cts.Token));
    }

    [Theory]
    [InlineData("999999999999")]
    [InlineData("253402299900")]
    [InlineData("253402300799")]
    public async Task VerifyAsync_ExpirationNearOrBeyondYear9999_NoException(string x)
    {
        // Issue 8 item 10: x= + ClockSkew overflowed DateTimeOffset and threw ArgumentOutOfRangeException.
        string message = $"DKIM-Signature:v=1;a=rsa-sha256;d=t;s=4;h=from;x={x};bh=AA==;b=AA==\r\n\r\n";

        var results = await DkimFixture.VerifyAsync(message);

        Assert.Equal(DkimProblem.KeyNotFound, Assert.Single(results).Problem);
    }

    [Fact]
    public async Task VerifyAsync_TimestampNearYear9999_NoException()
    {
        string message = "DKIM-Signature:v=1;a=rsa-sha256;d=t;s=4;h=from;t=999999999999;bh=AA==;b=AA==\r\n\r\n";
        var early = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.MinValue);

        var results = await DkimFixture.VerifyAsync(message);
        var fromYearZero = await DkimFixture.VerifyAsync(message, options: new DkimMessageVerifierOptions { ClockSkew = TimeSpan.MaxValue }, clock: early);

        Assert.Equal(DkimProblem.FutureTimestamp, Assert.Single(results).Problem);
        Assert.Equal(DkimProblem.KeyNotFound, Assert.Single(fromYearZero).Problem);
    }

    [Fact]
    public void PublicKeyCache_UnboundedMaxTimeToLive_KeepsTheKey()
    {
        // Issue 8 item 10: timestamp + TimeSpan.MaxValue overflowed, so the entry was born expired.
        var cache = new DkimPublicKeyCache(maxTimeToLive: TimeSpan.MaxValue, timeProvider: DkimFixture.Clock());
        var key = DkimPublicKey.Parse(DkimFixture.Ed25519.GetDnsRecord());

        cache.Set("ed._domainkey.example.com", key, TimeSpan.MaxValue);

        Assert.True(cache.TryGet("ed._domainkey.example.com", out var cached));
        Assert.Same(key, cached);
    }

    [Fact]
    public async Task SignThenVerify_IdentityWithEqualsSign_EncodedAndDecoded()
    {
        // i= is dkim-quoted-printable: the signer writes "=" as "=3D" and the verifier decodes it (RFC 6376 §2.11).
        string signed = DkimFixture.Sign(DkimFixture.Message, null, new DkimSigningRequest(DkimFixture.Ed25519, DkimFixture.Domain, "ed", "a=b@example.com"));

        var results = await DkimFixture.VerifyAsync(signed);

        Assert.Contains("i=a=3Db@example.com", signed, StringComparison.Ordinal);
        Assert.Equal(DkimStatus.Pass, results[0].Status);
        Assert.Equal("a=b@example.com", results[0].Identity);
    }

    [Fact]
    public async Task VerifyAsync_QuotedPrintableIdentity_PassesAndReportsDecoded()
    {
        // RFC 6376 §3.5: i= is dkim-quoted-printable; "=40" is "@" (issue 9 item 2).
        const string Template = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=rsa; i=alice=40mail.example=2Ecom; h=from:to:subject; bh=; b=";
        using var raw = MailAuth.Messages.MessageReader.Default.Read(System.Text.Encoding.UTF8.GetBytes(DkimFixture.Message)).Message!;
        string field = new DkimMessageSigner(new DkimMessageSignerOptions { TimeProvider = DkimFixture.Clock() }).SignTemplate(raw, DkimFixture.Rsa, Template);

        var results = await DkimFixture.VerifyAsync(field + "\r\n" + DkimFixture.Message);

        Assert.Equal(DkimStatus.Pass, results[0].Status);
        Assert.Equal("alice@mail.example.com", results[0].Identity);
        var ar = MailAuth.DkimAuthMethodResults.ToAuthMethodResult(results[0]);
        Assert.Equal("alice@mail.example.com", ar.GetProperty("header", "i"));
    }

    [Fact]
    public async Task VerifyAsync_BodyShorterThanL_FailsBodyHash()
    {
        string signed = DkimFixture.Sign(DkimFixture.Message, new DkimMessageSignerOptions { IncludeBodyLength = true });
        string truncated = signed.Replace("the numbers  are attached.\r\n", string.Empty, StringComparison.Ordinal);

        var results = await DkimFixture.VerifyAsync(truncated);

        Assert.Equal(DkimProblem.BodyHashMismatch, results[0].Problem);
        Assert.Equal(DkimStatus.Fail, results[0].Status);
    }

    [Fact]
    public async Task VerifyAsync_SecondFromAboveOversignedFrom_Fails()
    {
        // Default signing lists "from" twice (over-signed): a From added anywhere breaks the signature.
        string signed = DkimFixture.Sign(DkimFixture.Message);
        string attacked = "From: Mallory <ceo@example.com>\r\n" + signed;

        var results = await DkimFixture.VerifyAsync(attacked);

        Assert.Contains("from:from", string.Join(":", results[0].Signature!.SignedHeaders), StringComparison.Ordinal);
        Assert.Equal(DkimStatus.Fail, results[0].Status);
        Assert.Equal(DkimProblem.SignatureMismatch, results[0].Problem);
    }

    [Fact]
    public async Task VerifyAsync_SecondFromAboveSingleSignedFrom_PassesForTheOriginalFromOnly()
    {
        // Documented hazard: with h= naming From once, bottom-up selection (RFC 6376 §5.4.2) picks the original,
        // lower From, so the signature still passes although a new From sits above it. The message now has two From
        // fields, which RFC 5322 forbids and DMARC (RFC 7489 §6.6.1) rejects; over-sign From to prevent this.
        var options = new DkimMessageSignerOptions { SignedHeaders = ["from", "to", "subject", "date"] };
        string signed = DkimFixture.Sign(DkimFixture.Message, options);
        string attacked = signed.Replace("From: Alice", "From: Mallory <ceo@example.com>\r\nFrom: Alice", StringComparison.Ordinal);

        var results = await DkimFixture.VerifyAsync(attacked);

        Assert.Equal(DkimStatus.Pass, results[0].Status);
    }

    [Fact]
    public async Task VerifyAsync_SecondFromBelowSingleSignedFrom_Fails()
    {
        var options = new DkimMessageSignerOptions { SignedHeaders = ["from", "to", "subject", "date"] };
        string signed = DkimFixture.Sign(DkimFixture.Message, options);
        string attacked = signed.Replace("To: Bob", "From: Mallory <ceo@example.com>\r\nTo: Bob", StringComparison.Ordinal);

        var results = await DkimFixture.VerifyAsync(attacked);

        Assert.Equal(DkimProblem.SignatureMismatch, results[0].Problem);
    }

    [Theory]
    [InlineData("Subject: Quarterly report\r\n From: Mallory <ceo@example.com>")]
    [InlineData("Subject: Quarterly report\r\n\r\nFrom: Mallory <ceo@example.com>")]
    [InlineData("Subject: Quarterly report\nFrom: Mallory <ceo@example.com>")]
    public async Task VerifyAsync_HeaderInjectionThroughFolding_DoesNotPass(string injected)
    {
        string signed = DkimFixture.Sign(DkimFixture.Message);
        string attacked = signed.Replace("Subject: Quarterly report", injected, StringComparison.Ordinal);

        var results = await DkimFixture.VerifyAsync(attacked);

        Assert.Single(results);
        Assert.NotEqual(DkimStatus.Pass, results[0].Status);
    }

    [Fact]
    public async Task VerifyAsync_HundredSignatures_BoundedToTen()
    {
        string signed = DkimFixture.Sign(DkimFixture.Message);
        string field = signed[..signed.IndexOf("From:", StringComparison.Ordinal)];
        string many = string.Concat(Enumerable.Range(0, 100).Select(i => field.Replace("s=rsa", "s=rsa" + i, StringComparison.Ordinal))) + DkimFixture.Message;
        var zone = DkimFixture.Zone();

        var results = await DkimFixture.VerifyAsync(many, zone);

        Assert.Equal(100, results.Count);
        Assert.All(results.Take(10), r => Assert.Equal(DkimProblem.KeyNotFound, r.Problem));
        Assert.All(results.Skip(10), r => Assert.Equal(DkimProblem.TooManySignatures, r.Problem));
        Assert.All(results.Skip(10), r => Assert.Equal(DkimStatus.PermError, r.Status));
        Assert.Equal("rsa99", results[99].Selector);
        Assert.Equal(10, zone.QueryCount);
    }

    [Fact]
    public async Task VerifyAsync_HundredSignaturesWithHigherLimit_AllEvaluatedOneQueryPerKey()
    {
        string signed = DkimFixture.Sign(DkimFixture.Message);
        string field = signed[..signed.IndexOf("From:", StringComparison.Ordinal)];
        string many = string.Concat(Enumerable.Repeat(field, 100)) + DkimFixture.Message;
        var zone = DkimFixture.Zone();

        var results = await DkimFixture.VerifyAsync(many, zone, new DkimMessageVerifierOptions { MaxSignatures = 100 });

        Assert.All(results, r => Assert.Equal(DkimStatus.Pass, r.Status));
        Assert.Equal(1, zone.QueryCount);
    }

    [Fact]
    public async Task VerifyAsync_16384BitKey_RejectedAsTooLargeBeforeImport()
    {
        var zone = DkimFixture.Zone();
        zone.AddTxt("huge._domainkey." + DkimFixture.Domain, DkimKeyGenerator.SplitTxt("v=DKIM1; k=rsa; p=" + Convert.ToBase64String(FakeRsaSpki(16384))).ToArray());
        string signed = DkimFixture.Sign(DkimFixture.Message).Replace("s=rsa;", "s=huge;", StringComparison.Ordinal);

        var results = await DkimFixture.VerifyAsync(signed, zone);

        Assert.Equal(DkimProblem.KeyTooLarge, results[0].Problem);
        Assert.Equal(DkimStatus.Policy, results[0].Status);
        Assert.Equal(0, results[0].KeyBits);
    }

    [Fact]
    public async Task VerifyAsync_KeyAboveConfiguredMaximum_TooLarge()
    {
        string signed = DkimFixture.Sign(DkimFixture.Message);

        var results = await DkimFixture.VerifyAsync(signed, options: new DkimMessageVerifierOptions { MinRsaKeyBits = 1024, MaxRsaKeyBits = 1536 });

        Assert.Equal(DkimProblem.KeyTooLarge, results[0].Problem);
    }

    [Fact]
    public async Task VerifyAsync_512BitKey_TooSmall()
    {
        var zone = DkimFixture.Zone();
        zone.AddTxt("small._domainkey." + DkimFixture.Domain, "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(FakeRsaSpki(512)));
        string signed = DkimFixture.Sign(DkimFixture.Message).Replace("s=rsa;", "s=small;", StringComparison.Ordinal);

        var results = await DkimFixture.VerifyAsync(signed, zone);

        Assert.Equal(DkimProblem.KeyTooSmall, results[0].Problem);
        Assert.Equal(DkimStatus.Policy, results[0].Status);
        Assert.Equal(512, results[0].KeyBits);
    }

    [Fact]
    public async Task VerifyAsync_Pkcs1PublicKeyInP_Accepted()
    {
        var zone = DkimFixture.Zone();
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(DkimFixture.Rsa.GetPublicKeyBase64()), out _);
        zone.AddTxt("pkcs1._domainkey." + DkimFixture.Domain, DkimKeyGenerator.SplitTxt("v=DKIM1; p=" + Convert.ToBase64String(rsa.ExportRSAPublicKey())).ToArray());
        string signed = DkimFixture.Sign(DkimFixture.Message, null, new DkimSigningRequest(DkimFixture.Rsa, DkimFixture.Domain, "pkcs1"));

        Assert.Equal(DkimStatus.Pass, (await DkimFixture.VerifyAsync(signed, zone))[0].Status);
    }

    [Theory]
    [InlineData("b=", "b=!!!!", DkimProblem.MalformedBase64, DkimStatus.Neutral)]
    [InlineData("bh=", "bh=@@", DkimProblem.MalformedBase64, DkimStatus.Neutral)]
    [InlineData("b=", "b=A", DkimProblem.MalformedBase64, DkimStatus.Neutral)]
    public async Task VerifyAsync_MalformedBase64InSignature_NeutralNoException(string tag, string replacement, DkimProblem problem, DkimStatus status)
    {
        string signed = DkimFixture.Sign(DkimFixture.Message);
        int start = signed.IndexOf(" " + tag, StringComparison.Ordinal) + 1;
        int end = signed.IndexOf(';', start);
        end = end < 0 || end > signed.IndexOf("\r\nFrom:", StringComparison.Ordinal) ? signed.IndexOf("\r\nFrom:", StringComparison.Ordinal) : end;
        string broken = signed[..start] + replacement + signed[end..];

        var results = await DkimFixture.VerifyAsync(broken);

        Assert.Equal(problem, results[0].Problem);
        Assert.Equal(status, results[0].Status);
        Assert.Equal("example.com", results[0].Domain);
        Assert.Equal("rsa", results[0].Selector);
    }

    [Theory]
    [InlineData("v=DKIM1; k=rsa; p=MIIB!!!!", DkimProblem.MalformedKey)]
    [InlineData("v=DKIM1; k=rsa; p=AAAAAAAA", DkimProblem.MalformedKey)]
    [InlineData("v=DKIM1; k=rsa; p=", DkimProblem.KeyRevoked)]
    [InlineData("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", DkimProblem.KeyAlgorithmMismatch)]
    [InlineData("v=DKIM1; k=rsa; h=sha1; p=AAAA", DkimProblem.KeyAlgorithmMismatch)]
    [InlineData("v=DKIM1; k=rsa; s=tlsrpt; p=AAAA", DkimProblem.KeyAlgorithmMismatch)]
    [InlineData("v=DKIM9; p=AAAA", DkimProblem.IncompatibleKeyVersion)]
    public async Task VerifyAsync_BadKeyRecord_PermErrorNoException(string record, DkimProblem problem)
    {
        var zone = DkimFixture.Zone();
        zone.AddTxt("bad._domainkey." + DkimFixture.Domain, record);
        string signed = DkimFixture.Sign(DkimFixture.Message, null, new DkimSigningRequest(DkimFixture.Rsa, DkimFixture.Domain, "bad"));

        var results = await DkimFixture.VerifyAsync(signed, zone);

        Assert.Equal(problem, results[0].Problem);
        Assert.Equal(DkimStatus.PermError, results[0].Status);
    }

    [Theory]
    [InlineData(DnsStatus.Timeout, DkimProblem.DnsFailure, DkimStatus.TempError)]
    [InlineData(DnsStatus.ServerFailure, DkimProblem.DnsFailure, DkimStatus.TempError)]
    [InlineData(DnsStatus.NxDomain, DkimProblem.KeyNotFound, DkimStatus.PermError)]
    public async Task VerifyAsync_DnsFault_MapsToResult(DnsStatus fault, DkimProblem problem, DkimStatus status)
    {
        var zone = DkimFixture.Zone();
        zone.SetFault("rsa._domainkey." + DkimFixture.Domain, fault);
        string signed = DkimFixture.Sign(DkimFixture.Message);

        var results = await DkimFixture.VerifyAsync(signed, zone);

        Assert.Equal(problem, results[0].Problem);
        Assert.Equal(status, results[0].Status);
    }

    [Fact]
    public async Task VerifyAsync_SlowDnsBeyondTimeBudget_TempError()
    {
        var clock = DkimFixture.Clock();
        var zone = new ZoneFileResolver(new ZoneFileResolverOptions { TimeProvider = clock });
        zone.AddTxt("rsa._domainkey." + DkimFixture.Domain, DkimKeyGenerator.SplitTxt(DkimFixture.Rsa.GetDnsRecord()).ToArray());
        zone.SetLatency("rsa._domainkey." + DkimFixture.Domain, TimeSpan.FromMinutes(5));
        string signed = DkimFixture.Sign(DkimFixture.Message);
        var verifier = new DkimMessageVerifier(zone, new DkimMessageVerifierOptions { Timeout = TimeSpan.FromSeconds(10), TimeProvider = clock });

        var pending = verifier.VerifyAsync(System.Text.Encoding.UTF8.GetBytes(signed).AsMemory()).AsTask();
        clock.Advance(TimeSpan.FromSeconds(11));
        var results = await pending;

        Assert.Equal(DkimProblem.DnsFailure, results[0].Problem);
        Assert.Equal(DkimStatus.TempError, results[0].Status);
    }

    [Fact]
    public async Task VerifyAsync_CallerCancels_Throws()
    {
        string signed = DkimFixture.Sign(DkimFixture.Message);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var verifier = new DkimMessageVerifier(DkimFixture.Zone(), new DkimMessageVerifierOptions { TimeProvider = DkimFixture.Clock() });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await verifier.VerifyAsync(System.Text.Encoding.UTF8.GetBytes(signed).AsMemory(), cts.Token));
    }

    [Fact]
    public async Task VerifyAsync_NoKeyRecord_PermErrorKeyNotFound()
    {
        string signed = DkimFixture.Sign(DkimFixture.Message, null, new DkimSigningRequest(DkimFixture.Rsa, DkimFixture.Domain, "missing"));

        var results = await DkimFixture.VerifyAsync(signed);

        Assert.Equal(DkimProblem.KeyNotFound, results[0].Problem);
        Assert.Equal(DkimStatus.PermError, results[0].Status);
    }

    [Fact]
    public async Task VerifyAsync_Expired_PolicyUnlessWithinSkew()
    {
        string signed = DkimFixture.Sign(DkimFixture.Message, new DkimMessageSignerOptions { Expiration = TimeSpan.FromHours(1) });
        var later = DkimFixture.Clock();
        later.Advance(TimeSpan.FromHours(2));
        var slightlyLater = DkimFixture.Clock();
        slightlyLater.Advance(TimeSpan.FromMinutes(65));

        var expired = await DkimFixture.VerifyAsync(signed, clock: later);
        var withinSkew = await DkimFixture.VerifyAsync(signed, clock: slightlyLater);
        var notEnforced = await DkimFixture.VerifyAsync(signed, options: new DkimMessageVerifierOptions { EnforceExpiration = false }, clock: later);

        Assert.Equal(DkimProblem.SignatureExpired, expired[0].Problem);
        Assert.Equal(DkimStatus.Policy, expired[0].Status);
        Assert.Equal(DkimStatus.Pass, withinSkew[0].Status);
        Assert.Equal(DkimStatus.Pass, notEnforced[0].Status);
    }

    [Fact]
    public async Task VerifyAsync_FutureTimestamp_PolicyBeyondSkew()
    {
        string signed = DkimFixture.Sign(DkimFixture.Message);
        var earlier = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DkimFixture.Now.AddHours(-1));

        var results = await DkimFixture.VerifyAsync(signed, clock: earlier);
        var lenient = await DkimFixture.VerifyAsync(signed, options: new DkimMessageVerifierOptions { RejectFutureTimestamps = false }, clock: earlier);

        Assert.Equal(DkimProblem.FutureTimestamp, results[0].Problem);
        Assert.Equal(DkimStatus.Pass, lenient[0].Status);
    }

    [Fact]
    public async Task VerifyAsync_RsaSha1_PolicyByDefault()
    {
        string signed = DkimFixture.Sign(DkimFixture.Message).Replace("a=rsa-sha256", "a=rsa-sha1", StringComparison.Ordinal);

        var results = await DkimFixture.VerifyAsync(signed);

        Assert.Equal(DkimProblem.WeakAlgorithm, results[0].Problem);
        Assert.Equal(DkimStatus.Policy, results[0].Status);
        Assert.Equal("rsa-sha1", results[0].AlgorithmName);
    }

    [Fact]
    public async Task VerifyAsync_RsaSha1Allowed_VerifiesSha1Signature()
    {
        string signed = SignRsaSha1(DkimFixture.Message);

        var allowed = await DkimFixture.VerifyAsync(signed, options: new DkimMessageVerifierOptions { AllowRsaSha1 = true });
        var tampered = await DkimFixture.VerifyAsync(signed.Replace("Quarterly", "Monthly", StringComparison.Ordinal), options: new DkimMessageVerifierOptions { AllowRsaSha1 = true });

        Assert.Equal(DkimStatus.Pass, allowed[0].Status);
        Assert.Equal(DkimProblem.SignatureMismatch, tampered[0].Problem);
    }

    [Fact]
    public async Task VerifyAsync_StrictKeyWithSubdomainIdentity_PermError()
    {
        var zone = DkimFixture.Zone();
        zone.AddTxt("strict._domainkey." + DkimFixture.Domain, DkimKeyGenerator.SplitTxt(DkimFixture.Rsa.GetDnsRecord() + "; t=s").ToArray());
        string sub = DkimFixture.Sign(DkimFixture.Message, null, new DkimSigningRequest(DkimFixture.Rsa, DkimFixture.Domain, "strict", "@mail.example.com"));
        string same = DkimFixture.Sign(DkimFixture.Message, null, new DkimSigningRequest(DkimFixture.Rsa, DkimFixture.Domain, "strict", "user@example.com"));

        Assert.Equal(DkimProblem.StrictIdentityMismatch, (await DkimFixture.VerifyAsync(sub, zone))[0].Problem);
        Assert.Equal(DkimStatus.Pass, (await DkimFixture.VerifyAsync(same, zone))[0].Status);
    }

    [Fact]
    public async Task VerifyAsync_TestingKey_PassesAndFlagsTesting()
    {
        var zone = DkimFixture.Zone();
        zone.AddTxt("testing._domainkey." + DkimFixture.Domain, DkimKeyGenerator.SplitTxt(DkimFixture.Rsa.GetDnsRecord() + "; t=y").ToArray());
        string signed = DkimFixture.Sign(DkimFixture.Message, null, new DkimSigningRequest(DkimFixture.Rsa, DkimFixture.Domain, "testing"));

        var result = (await DkimFixture.VerifyAsync(signed, zone))[0];

        Assert.Equal(DkimStatus.Pass, result.Status);
        Assert.True(result.IsTesting);
    }

    [Fact]
    public async Task VerifyAsync_UnknownAlgorithm_NeutralWithIdentities()
    {
        string signed = DkimFixture.Sign(DkimFixture.Message).Replace("a=rsa-sha256", "a=rsa-sha512", StringComparison.Ordinal);

        var result = (await DkimFixture.VerifyAsync(signed))[0];

        Assert.Equal(DkimProblem.UnsupportedAlgorithm, result.Problem);
        Assert.Equal(DkimStatus.Neutral, result.Status);
        Assert.Equal("rsa-sha512", result.AlgorithmName);
        Assert.Equal("example.com", result.Domain);
    }

    [Fact]
    public async Task VerifyAsync_SignaturesSharingBPrefix_PrefixesLengthenedToBeUnique()
    {
        const string Common = "ABCDEFGHIJKL";
        string message = $"DKIM-Signature: a=x; d=example.com; s=a; b={Common}AAAA\r\nDKIM-Signature: a=x; d=example.com; s=b; b={Common}BBBB\r\n" + DkimFixture.Message;

        var results = await DkimFixture.VerifyAsync(message);

        Assert.Equal(Common + "A", results[0].SignaturePrefix);
        Assert.Equal(Common + "B", results[1].SignaturePrefix);
    }

    [Fact]
    public async Task VerifyAsync_PublicKeyCache_SecondMessageNeedsNoQuery()
    {
        var zone = DkimFixture.Zone();
        var cache = new DkimPublicKeyCache(timeProvider: DkimFixture.Clock());
        var verifier = new DkimMessageVerifier(zone, new DkimMessageVerifierOptions { PublicKeyCache = cache, TimeProvider = DkimFixture.Clock() });
        byte[] signed = System.Text.Encoding.UTF8.GetBytes(DkimFixture.Sign(DkimFixture.Message));

        var first = await verifier.VerifyAsync(signed.AsMemory());
        var second = await verifier.VerifyAsync(signed.AsMemory());

        Assert.Equal(DkimStatus.Pass, first[0].Status);
        Assert.Equal(DkimStatus.Pass, second[0].Status);
        Assert.Equal(1, zone.QueryCount);
        Assert.Same(first[0].Key, second[0].Key);
    }

    [Fact]
    public async Task VerifyAsync_MalformedMessage_PermErrorNoException()
    {
        var verifier = new DkimMessageVerifier(DkimFixture.Zone(), new DkimMessageVerifierOptions { TimeProvider = DkimFixture.Clock() });

        var results = await verifier.VerifyAsync(System.Text.Encoding.ASCII.GetBytes("no colon here\r\n\r\nbody").AsMemory());

        Assert.Single(results);
        Assert.Equal(DkimProblem.MalformedMessage, results[0].Problem);
    }

    [Fact]
    public async Task VerifyAsync_Stream_SameAsBytes()
    {
        string signed = DkimFixture.Sign(DkimFixture.Message);
        var verifier = new DkimMessageVerifier(DkimFixture.Zone(), new DkimMessageVerifierOptions { TimeProvider = DkimFixture.Clock() });
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(signed));

        var results = await verifier.VerifyAsync(stream);

        Assert.Equal(DkimStatus.Pass, results[0].Status);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DkimMessageVerifier(DkimFixture.Zone(), new DkimMessageVerifierOptions { MaxSignatures = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DkimMessageVerifier(DkimFixture.Zone(), new DkimMessageVerifierOptions { MaxRsaKeyBits = 32768 }));
    }

    /// <summary>A SubjectPublicKeyInfo with an odd modulus of exactly <paramref name="bits"/> bits (not a real key).</summary>
    private static byte[] FakeRsaSpki(int bits)
    {
        byte[] modulus = new byte[(bits / 8) + 1];
        RandomNumberGenerator.Fill(modulus.AsSpan(1));
        modulus[0] = 0;
        modulus[1] |= 0x80;
        modulus[^1] |= 1;
        var rsaKey = new AsnWriter(AsnEncodingRules.DER);
        using (rsaKey.PushSequence())
        {
            rsaKey.WriteIntegerUnsigned(modulus.AsSpan(1));
            rsaKey.WriteInteger(65537);
        }

        var spki = new AsnWriter(AsnEncodingRules.DER);
        using (spki.PushSequence())
        {
            using (spki.PushSequence())
            {
                spki.WriteObjectIdentifier("1.2.840.113549.1.1.1");
                spki.WriteNull();
            }

            spki.WriteBitString(rsaKey.Encode());
        }

        return spki.Encode();
    }

    /// <summary>Builds an rsa-sha1 signature by hand (our signer refuses rsa-sha1, RFC 8301 §3.1).</summary>
    private static string SignRsaSha1(string message)
    {
        using var raw = DkimTestData.Read(message);
        using var hasher = new DkimBodyHasher(DkimCanonicalization.Relaxed, HashAlgorithmName.SHA1, null);
        hasher.Append(raw.Body);
        string bh = Convert.ToBase64String(hasher.Complete());
        string field = $"DKIM-Signature: v=1; a=rsa-sha1; c=relaxed/relaxed; d=example.com; s=rsa; h=from:to:subject; bh={bh}; b=";
        byte[] fieldBytes = System.Text.Encoding.ASCII.GetBytes(field);
        byte[] hash = DkimHeaderHasher.ComputeHash(raw.Headers, ["from", "to", "subject"], DkimCanonicalization.Relaxed, HashAlgorithmName.SHA1, fieldBytes, new Range(fieldBytes.Length, fieldBytes.Length));
        using var rsa = RSA.Create();
        rsa.ImportFromPem(DkimFixture.Rsa.ExportPrivateKeyPem());
        byte[] signature = rsa.SignHash(hash, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
        return field + Convert.ToBase64String(signature) + "\r\n" + message;
    }

    [Fact]
    public async Task VerifyAsync_TwoSignaturesOneKeyName_DnsQueriesCountsTheOneQuery()
    {
        // Two signatures under the same selector: one TXT query, counted on the first; the second shares it.
        string signed = DkimFixture.Sign(DkimFixture.Message, null,
            new DkimSigningRequest(DkimFixture.Rsa, DkimFixture.Domain, "rsa"),
            new DkimSigningRequest(DkimFixture.Rsa, DkimFixture.Domain, "rsa"),
            new DkimSigningRequest(DkimFixture.Ed25519, DkimFixture.Domain, "ed"));

        var results = await DkimFixture.VerifyAsync(signed);

        Assert.All(results, r => Assert.Equal(DkimStatus.Pass, r.Status));
        Assert.Equal(2, results.Sum(r => r.DnsQueries));
        Assert.Equal([1, 0], results.Where(r => r.Selector == "rsa").Select(r => r.DnsQueries));
        Assert.Equal(1, results.Single(r => r.Selector == "ed").DnsQueries);
    }

    [Fact]
    public async Task VerifyAsync_KeyFromTheCache_NoDnsQuery()
    {
        string signed = DkimFixture.Sign(DkimFixture.Message);
        var options = new DkimMessageVerifierOptions { PublicKeyCache = new DkimPublicKeyCache() };

        var first = await DkimFixture.VerifyAsync(signed, options: options);
        var second = await DkimFixture.VerifyAsync(signed, options: options);

        Assert.Equal(1, first.Single().DnsQueries);
        Assert.Equal(0, second.Single().DnsQueries);
        Assert.Equal(DkimStatus.Pass, second.Single().Status);
    }
}
