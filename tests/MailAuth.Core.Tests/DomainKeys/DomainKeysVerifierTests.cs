using System.Security.Cryptography;
using System.Text;
using MailAuth.Dns;
using MailAuth.DomainKeys;
using MailAuth.Messages;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.DomainKeys;

public sealed class DomainKeysVerifierTests
{
    private const string Domain = "football.example.com";
    private const string Selector = "brisbane";
    private const string KeyName = "brisbane._domainkey.football.example.com";

    // The message of draft-delany-domainkeys-base-06 §4.1, as the signing server passes it on (§4.2).
    internal static readonly byte[] DraftMessage = Encoding.ASCII.GetBytes(
        "Received: from dsl-10.2.3.4.football.example.com  [10.2.3.4]\r\n" +
        "     by submitserver.football.example.com with SUBMISSION;\r\n" +
        "     Fri, 11 Jul 2003 21:01:54 -0700 (PDT)\r\n" +
        "From: \"Joe SixPack\" <joe@football.example.com>\r\n" +
        "To: \"Suzie Q\" <suzie@shopping.example.net>\r\n" +
        "Subject: Is dinner ready?\r\n" +
        "Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)\r\n" +
        "Message-ID: <20030712040037.46341.5F8J@football.example.com>\r\n" +
        "\r\n" +
        "Hi.\r\n" +
        "\r\n" +
        "We lost the game. Are you hungry yet?\r\n" +
        "\r\n" +
        "Joe.\r\n");

    private static readonly RSA Key1024 = RSA.Create(1024);

    private static readonly DomainKeysVerifierOptions Historic = new() { AllowRsaSha1 = true };

    internal static ZoneFileResolver Zone(string record, ZoneFileResolverOptions? options = null)
    {
        var zone = new ZoneFileResolver(options);
        zone.AddTxt(KeyName, record);
        return zone;
    }

    private static async Task<IReadOnlyList<DomainKeysResult>> VerifyAsync(byte[] message, IDnsResolver resolver, DomainKeysVerifierOptions? options = null)
        => await new DomainKeysVerifier(resolver, options ?? Historic).VerifyAsync(message);

    [Theory]
    [InlineData(DomainKeysCanonicalization.Simple)]
    [InlineData(DomainKeysCanonicalization.NoFws)]
    public async Task VerifyAsync_DraftExampleSigned_Passes(DomainKeysCanonicalization canonicalization)
    {
        byte[] signed = DomainKeysTestSigner.Sign(DraftMessage, Key1024, Domain, Selector, canonicalization);

        var result = Assert.Single(await VerifyAsync(signed, Zone(DomainKeysTestSigner.Record(Key1024))));

        Assert.Equal(DomainKeysStatus.Pass, result.Status);
        Assert.Equal("pass", result.Keyword);
        Assert.Equal("good", result.DomainKeyStatus);
        Assert.Equal(1024, result.KeyBits);
        Assert.Equal("joe@football.example.com", result.SendingAddress);
        Assert.Equal("from", result.SendingAddressField);
        Assert.Equal(Domain, result.Domain);
        Assert.Equal(canonicalization, result.Canonicalization);
        Assert.Equal(1, result.DnsQueries);
    }

    [Fact]
    public async Task VerifyAsync_DraftExampleWithNoFws_SurvivesRewrapping()
    {
        byte[] signed = DomainKeysTestSigner.Sign(DraftMessage, Key1024, Domain, Selector, DomainKeysCanonicalization.NoFws);
        string text = Encoding.ASCII.GetString(signed)
            .Replace("Subject: Is dinner ready?", "Subject:  Is\r\n\tdinner ready?", StringComparison.Ordinal)
            .Replace("We lost the game.", "We  lost the\tgame. ", StringComparison.Ordinal)
            .Replace("Joe.\r\n", "Joe.\r\n\r\n \r\n", StringComparison.Ordinal);

        var result = Assert.Single(await VerifyAsync(Encoding.ASCII.GetBytes(text), Zone(DomainKeysTestSigner.Record(Key1024))));

        Assert.Equal(DomainKeysStatus.Pass, result.Status);
    }

    [Theory]
    [InlineData(DomainKeysCanonicalization.Simple, "Is dinner ready?", "Is lunch ready?")]
    [InlineData(DomainKeysCanonicalization.NoFws, "Is dinner ready?", "Is lunch ready?")]
    [InlineData(DomainKeysCanonicalization.Simple, "We lost the game.", "We lost the  game.")]
    [InlineData(DomainKeysCanonicalization.NoFws, "We lost the game.", "We won the game.")]
    public async Task VerifyAsync_Tampered_Fails(DomainKeysCanonicalization canonicalization, string original, string replacement)
    {
        byte[] signed = DomainKeysTestSigner.Sign(DraftMessage, Key1024, Domain, Selector, canonicalization);
        byte[] tampered = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(signed).Replace(original, replacement, StringComparison.Ordinal));

        var result = Assert.Single(await VerifyAsync(tampered, Zone(DomainKeysTestSigner.Record(Key1024))));

        Assert.Equal(DomainKeysStatus.Fail, result.Status);
        Assert.Equal(DomainKeysProblem.SignatureMismatch, result.Problem);
        Assert.Equal("bad", result.DomainKeyStatus);
    }

    [Fact]
    public async Task VerifyAsync_HistoricOptionOff_RefusesRsaSha1WithoutQuery()
    {
        byte[] signed = DomainKeysTestSigner.Sign(DraftMessage, Key1024, Domain, Selector, DomainKeysCanonicalization.Simple);
        var zone = Zone(DomainKeysTestSigner.Record(Key1024));

        var result = Assert.Single(await VerifyAsync(signed, zone, new DomainKeysVerifierOptions()));

        Assert.Equal(DomainKeysStatus.Policy, result.Status);
        Assert.Equal(DomainKeysProblem.WeakAlgorithm, result.Problem);
        Assert.Equal(0, zone.QueryCount);
    }

    [Fact]
    public async Task VerifyAsync_512BitKey_PassesAndReportsSize()
    {
        using var key = RSA.Create(512);
        byte[] signed = DomainKeysTestSigner.Sign(DraftMessage, key, Domain, Selector, DomainKeysCanonicalization.Simple);

        var result = Assert.Single(await VerifyAsync(signed, Zone(DomainKeysTestSigner.Record(key))));

        Assert.Equal(DomainKeysStatus.Pass, result.Status);
        Assert.Equal(512, result.KeyBits);
    }

    [Theory]
    [InlineData(511, DomainKeysProblem.KeyTooSmall)]
    [InlineData(4096, DomainKeysProblem.KeyTooLarge)]
    public async Task VerifyAsync_KeyOutsideDraftRange_IsPolicy(int bits, DomainKeysProblem expected)
    {
        byte[] signed = DomainKeysTestSigner.Sign(DraftMessage, Key1024, Domain, Selector, DomainKeysCanonicalization.Simple);

        var result = Assert.Single(await VerifyAsync(signed, Zone(DomainKeysTestSigner.FakeRecord(bits))));

        Assert.Equal(DomainKeysStatus.Policy, result.Status);
        Assert.Equal(expected, result.Problem);
    }

    [Fact]
    public async Task VerifyAsync_2048BitKey_Passes()
    {
        using var key = RSA.Create(2048);
        byte[] signed = DomainKeysTestSigner.Sign(DraftMessage, key, Domain, Selector, DomainKeysCanonicalization.NoFws);

        var result = Assert.Single(await VerifyAsync(signed, Zone(DomainKeysTestSigner.Record(key))));

        Assert.Equal(DomainKeysStatus.Pass, result.Status);
        Assert.Equal(2048, result.KeyBits);
    }

    [Theory]
    [InlineData("k=rsa; p=", DomainKeysProblem.KeyRevoked, DomainKeysStatus.PermError, "revoked")]
    [InlineData("k=rsa; p=!!!", DomainKeysProblem.MalformedKey, DomainKeysStatus.PermError, "bad format")]
    [InlineData("k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", DomainKeysProblem.KeyAlgorithmMismatch, DomainKeysStatus.PermError, "bad format")]
    public async Task VerifyAsync_BadKeyRecord_IsPermError(string record, DomainKeysProblem problem, DomainKeysStatus status, string statusWord)
    {
        byte[] signed = DomainKeysTestSigner.Sign(DraftMessage, Key1024, Domain, Selector, DomainKeysCanonicalization.Simple);

        var result = Assert.Single(await VerifyAsync(signed, Zone(record)));

        Assert.Equal(problem, result.Problem);
        Assert.Equal(status, result.Status);
        Assert.Equal(statusWord, result.DomainKeyStatus);
    }

    [Fact]
    public async Task VerifyAsync_NoKeyRecord_IsNoKey()
    {
        byte[] signed = DomainKeysTestSigner.Sign(DraftMessage, Key1024, Domain, Selector, DomainKeysCanonicalization.Simple);

        var result = Assert.Single(await VerifyAsync(signed, new ZoneFileResolver()));

        Assert.Equal(DomainKeysProblem.KeyNotFound, result.Problem);
        Assert.Equal("no key", result.DomainKeyStatus);
        Assert.Equal(DomainKeysStatus.PermError, result.Status);
    }

    [Fact]
    public async Task VerifyAsync_ServFail_IsTempError()
    {
        byte[] signed = DomainKeysTestSigner.Sign(DraftMessage, Key1024, Domain, Selector, DomainKeysCanonicalization.Simple);
        var zone = Zone(DomainKeysTestSigner.Record(Key1024));
        zone.SetFault(KeyName, DnsStatus.ServerFailure);

        var result = Assert.Single(await VerifyAsync(signed, zone));

        Assert.Equal(DomainKeysStatus.TempError, result.Status);
    }

    [Fact]
    public async Task VerifyAsync_SlowDnsBeyondBudget_IsTempErrorWithinBudget()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(50));
        byte[] signed = DomainKeysTestSigner.Sign(DraftMessage, Key1024, Domain, Selector, DomainKeysCanonicalization.Simple);
        var zone = Zone(DomainKeysTestSigner.Record(Key1024), new ZoneFileResolverOptions { TimeProvider = time });
        zone.SetLatency(KeyName, TimeSpan.FromMinutes(5));
        var verifier = new DomainKeysVerifier(zone, new DomainKeysVerifierOptions { AllowRsaSha1 = true, Timeout = TimeSpan.FromSeconds(5), TimeProvider = time });

        var pending = verifier.VerifyAsync(signed).AsTask();
        for (int i = 0; i < 100 && !pending.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
            await Task.Delay(1);
        }

        Assert.True(pending.IsCompleted, "the verification did not end when its time budget did");
        var result = Assert.Single(await pending);
        Assert.Equal(DomainKeysStatus.TempError, result.Status);
        Assert.Equal(DomainKeysProblem.DnsFailure, result.Problem);
    }

    [Fact]
    public async Task VerifyAsync_TestingKey_ReportsTesting()
    {
        byte[] signed = DomainKeysTestSigner.Sign(DraftMessage, Key1024, Domain, Selector, DomainKeysCanonicalization.Simple);

        var result = Assert.Single(await VerifyAsync(signed, Zone(DomainKeysTestSigner.Record(Key1024, "t=y; "))));

        Assert.True(result.IsTesting);
        Assert.Equal(DomainKeysStatus.Pass, result.Status);
    }

    [Theory]
    [InlineData("g=joe; ", DomainKeysStatus.Pass)]
    [InlineData("g=; ", DomainKeysStatus.Pass)]
    [InlineData("g=suzie; ", DomainKeysStatus.Fail)]
    [InlineData("g=Joe; ", DomainKeysStatus.Fail)]
    public async Task VerifyAsync_Granularity_MustMatchLocalPartExactly(string tag, DomainKeysStatus expected)
    {
        byte[] signed = DomainKeysTestSigner.Sign(DraftMessage, Key1024, Domain, Selector, DomainKeysCanonicalization.Simple);

        var result = Assert.Single(await VerifyAsync(signed, Zone(DomainKeysTestSigner.Record(Key1024, tag))));

        Assert.Equal(expected, result.Status);
        if (expected == DomainKeysStatus.Fail)
        {
            Assert.Equal(DomainKeysProblem.GranularityMismatch, result.Problem);
        }
    }

    [Fact]
    public async Task VerifyAsync_SenderField_IsTheSendingAddress()
    {
        byte[] message = Encoding.ASCII.GetBytes("Sender: list@lists.example.org\r\n" + Encoding.ASCII.GetString(DraftMessage));
        byte[] signed = DomainKeysTestSigner.Sign(message, Key1024, "lists.example.org", Selector, DomainKeysCanonicalization.Simple);
        var zone = new ZoneFileResolver();
        zone.AddTxt("brisbane._domainkey.lists.example.org", DomainKeysTestSigner.Record(Key1024));

        var result = Assert.Single(await VerifyAsync(signed, zone));

        Assert.Equal(DomainKeysStatus.Pass, result.Status);
        Assert.Equal("list@lists.example.org", result.SendingAddress);
        Assert.Equal("sender", result.SendingAddressField);
    }

    [Fact]
    public async Task VerifyAsync_SubdomainSender_MatchesParentD()
    {
        byte[] message = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(DraftMessage).Replace("joe@football.example.com>", "joe@mail.football.example.com>", StringComparison.Ordinal));
        byte[] signed = DomainKeysTestSigner.Sign(message, Key1024, Domain, Selector, DomainKeysCanonicalization.Simple);

        var result = Assert.Single(await VerifyAsync(signed, Zone(DomainKeysTestSigner.Record(Key1024))));

        Assert.Equal(DomainKeysStatus.Pass, result.Status);
    }

    [Fact]
    public async Task VerifyAsync_SendingDomainOutsideD_IsNeutralWithoutQuery()
    {
        byte[] signed = DomainKeysTestSigner.Sign(DraftMessage, Key1024, "example.net", Selector, DomainKeysCanonicalization.Simple);
        var zone = new ZoneFileResolver();

        var result = Assert.Single(await VerifyAsync(signed, zone));

        Assert.Equal(DomainKeysProblem.DomainMismatch, result.Problem);
        Assert.Equal(DomainKeysStatus.Neutral, result.Status);
        Assert.Equal(0, zone.QueryCount);
    }

    [Fact]
    public async Task VerifyAsync_HListWithoutSendingField_IsNeutral()
    {
        byte[] signed = DomainKeysTestSigner.Sign(DraftMessage, Key1024, Domain, Selector, DomainKeysCanonicalization.Simple, ["to", "subject"]);

        var result = Assert.Single(await VerifyAsync(signed, Zone(DomainKeysTestSigner.Record(Key1024))));

        Assert.Equal(DomainKeysProblem.SenderNotSigned, result.Problem);
        Assert.Equal(DomainKeysStatus.Neutral, result.Status);
    }

    [Fact]
    public async Task VerifyAsync_HListWithAbsentFields_PassesUntilSuchAFieldIsAdded()
    {
        // h= names a field the message does not have: it contributes nothing (documented in docs/legacy.md) ...
        byte[] signed = DomainKeysTestSigner.Sign(DraftMessage, Key1024, Domain, Selector, DomainKeysCanonicalization.Simple, ["from", "subject", "reply-to"]);
        var zone = Zone(DomainKeysTestSigner.Record(Key1024));
        Assert.Equal(DomainKeysStatus.Pass, Assert.Single(await VerifyAsync(signed, zone)).Status);

        // ... and one added below the signature later makes the signature fail.
        string text = Encoding.ASCII.GetString(signed).Replace("\r\n\r\nHi.", "\r\nReply-To: mallory@example.net\r\n\r\nHi.", StringComparison.Ordinal);
        Assert.Equal(DomainKeysStatus.Fail, Assert.Single(await VerifyAsync(Encoding.ASCII.GetBytes(text), zone)).Status);
    }

    [Fact]
    public async Task VerifyAsync_UnsignedFieldAddedBelowWithHList_StillPasses()
    {
        byte[] signed = DomainKeysTestSigner.Sign(DraftMessage, Key1024, Domain, Selector, DomainKeysCanonicalization.Simple, ["from", "to", "subject"]);
        string text = Encoding.ASCII.GetString(signed).Replace("\r\n\r\nHi.", "\r\nX-Added: by a relay\r\n\r\nHi.", StringComparison.Ordinal);

        var result = Assert.Single(await VerifyAsync(Encoding.ASCII.GetBytes(text), Zone(DomainKeysTestSigner.Record(Key1024))));

        Assert.Equal(DomainKeysStatus.Pass, result.Status);
    }

    [Fact]
    public async Task VerifyAsync_SecondFromAdded_IsPermError()
    {
        byte[] signed = DomainKeysTestSigner.Sign(DraftMessage, Key1024, Domain, Selector, DomainKeysCanonicalization.Simple, ["from", "to"]);
        string text = Encoding.ASCII.GetString(signed).Replace("\r\n\r\nHi.", "\r\nFrom: ceo@football.example.com\r\n\r\nHi.", StringComparison.Ordinal);

        var result = Assert.Single(await VerifyAsync(Encoding.ASCII.GetBytes(text), Zone(DomainKeysTestSigner.Record(Key1024))));

        Assert.Equal(DomainKeysProblem.NoSendingAddress, result.Problem);
        Assert.Equal(DomainKeysStatus.PermError, result.Status);
    }

    [Fact]
    public async Task VerifyAsync_NoFromBelowSignature_IsPermError()
    {
        byte[] message = Encoding.ASCII.GetBytes("From: joe@football.example.com\r\nDomainKey-Signature: a=rsa-sha1; s=brisbane; d=football.example.com; c=simple; q=dns; b=AAAA\r\nTo: x@example.net\r\n\r\nbody\r\n");

        var result = Assert.Single(await VerifyAsync(message, new ZoneFileResolver()));

        Assert.Equal(DomainKeysProblem.NoSendingAddress, result.Problem);
    }

    [Fact]
    public async Task VerifyAsync_HugeSignatureValue_FailsWithoutThrowing()
    {
        string huge = Convert.ToBase64String(new byte[30_000]);
        byte[] message = Encoding.ASCII.GetBytes($"DomainKey-Signature: a=rsa-sha1; s=brisbane; d=football.example.com; c=simple; q=dns; b={huge}\r\n" + Encoding.ASCII.GetString(DraftMessage));

        var result = Assert.Single(await VerifyAsync(message, Zone(DomainKeysTestSigner.Record(Key1024))));

        Assert.Equal(DomainKeysStatus.Fail, result.Status);
        Assert.Equal(DomainKeysProblem.SignatureMismatch, result.Problem);
    }

    [Fact]
    public async Task VerifyAsync_HugeHList_IsRefusedBeforeDns()
    {
        string names = string.Join(':', Enumerable.Repeat("from", 10_000));
        byte[] message = Encoding.ASCII.GetBytes($"DomainKey-Signature: a=rsa-sha1; s=brisbane; d=football.example.com; c=simple; q=dns; h={names}; b=AAAA\r\n" + Encoding.ASCII.GetString(DraftMessage));
        var zone = new ZoneFileResolver();

        var result = Assert.Single(await VerifyAsync(message, zone));

        Assert.Equal(DomainKeysProblem.MalformedSignature, result.Problem);
        Assert.Contains("limit of 256", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, zone.QueryCount);
    }

    [Theory]
    [InlineData("a=rsa-sha1; s=brisbane; d=football.example.com; c=simple; q=dns; s=other; b=AAAA", DomainKeysProblem.MalformedSignature)]
    [InlineData("a=rsa-sha1; s=brisbane; d=football.example.com; q=dns; b=AAAA", DomainKeysProblem.MissingRequiredTag)]
    [InlineData("a=rsa-sha256; s=brisbane; d=football.example.com; c=simple; q=dns; b=AAAA", DomainKeysProblem.UnsupportedAlgorithm)]
    [InlineData("a=rsa-sha1; s=brisbane; d=football.example.com; c=relaxed; q=dns; b=AAAA", DomainKeysProblem.UnsupportedCanonicalization)]
    [InlineData("a=rsa-sha1; s=brisbane; d=football.example.com; c=simple; q=http; b=AAAA", DomainKeysProblem.UnsupportedQueryMethod)]
    [InlineData("a=rsa-sha1; s=brisbane; d=football.example.com; c=simple; q=dns; b=!!", DomainKeysProblem.MalformedBase64)]
    [InlineData("a=rsa-sha1; s=bris\u0001bane; d=football.example.com; c=simple; q=dns; b=AAAA", DomainKeysProblem.MalformedSignature)]
    public async Task VerifyAsync_MalformedSignature_IsReportedNotThrown(string value, DomainKeysProblem expected)
    {
        byte[] message = Encoding.Latin1.GetBytes($"DomainKey-Signature: {value}\r\n" + Encoding.ASCII.GetString(DraftMessage));

        var result = Assert.Single(await VerifyAsync(message, new ZoneFileResolver()));

        Assert.Equal(expected, result.Problem);
        Assert.DoesNotContain('\u0001', result.Reason ?? string.Empty);
    }

    [Fact]
    public async Task VerifyAsync_TooManySignatures_RestNotEvaluated()
    {
        byte[] signed = DomainKeysTestSigner.Sign(DraftMessage, Key1024, Domain, Selector, DomainKeysCanonicalization.Simple);
        for (int i = 0; i < 3; i++)
        {
            signed = DomainKeysTestSigner.Sign(signed, Key1024, Domain, Selector, DomainKeysCanonicalization.Simple);
        }

        var results = await VerifyAsync(signed, Zone(DomainKeysTestSigner.Record(Key1024)), new DomainKeysVerifierOptions { AllowRsaSha1 = true, MaxSignatures = 2 });

        Assert.Equal(4, results.Count);
        Assert.All(results.Take(2), r => Assert.Equal(DomainKeysStatus.Pass, r.Status));
        Assert.All(results.Skip(2), r => Assert.Equal(DomainKeysProblem.TooManySignatures, r.Problem));
        Assert.Equal([1, 0], results.Take(2).Select(r => r.DnsQueries));
    }

    [Fact]
    public async Task VerifyAsync_DkimAndDomainKeysSignatures_AreIndependent()
    {
        byte[] signed = DomainKeysTestSigner.Sign(DraftMessage, Key1024, Domain, Selector, DomainKeysCanonicalization.NoFws);
        byte[] both = Encoding.ASCII.GetBytes("DKIM-Signature: v=1; a=rsa-sha256; d=football.example.com; s=x; h=from; bh=AAAA; b=AAAA\r\n" + Encoding.ASCII.GetString(signed));

        var result = Assert.Single(await VerifyAsync(both, Zone(DomainKeysTestSigner.Record(Key1024))));

        Assert.Equal(DomainKeysStatus.Pass, result.Status);
    }

    [Fact]
    public async Task VerifyAsync_Unsigned_IsEmpty()
    {
        Assert.Empty(await VerifyAsync(DraftMessage, new ZoneFileResolver()));
    }

    [Fact]
    public async Task VerifyAsync_UnreadableMessage_IsPermError()
    {
        var result = Assert.Single(await VerifyAsync(Encoding.ASCII.GetBytes("no colon here\r\n\r\nbody"), new ZoneFileResolver()));

        Assert.Equal(DomainKeysProblem.MalformedMessage, result.Problem);
        Assert.Equal(DomainKeysStatus.PermError, result.Status);
    }

    [Theory]
    [InlineData(nameof(DomainKeysVerifierOptions.MaxSignatures))]
    [InlineData(nameof(DomainKeysVerifierOptions.MinRsaKeyBits))]
    [InlineData(nameof(DomainKeysVerifierOptions.MaxRsaKeyBits))]
    [InlineData(nameof(DomainKeysVerifierOptions.MaxSignedHeaders))]
    [InlineData(nameof(DomainKeysVerifierOptions.Timeout))]
    public void Constructor_BadOption_NamesIt(string option)
    {
        var options = option switch
        {
            nameof(DomainKeysVerifierOptions.MaxSignatures) => new DomainKeysVerifierOptions { MaxSignatures = 0 },
            nameof(DomainKeysVerifierOptions.MinRsaKeyBits) => new DomainKeysVerifierOptions { MinRsaKeyBits = 511 },
            nameof(DomainKeysVerifierOptions.MaxRsaKeyBits) => new DomainKeysVerifierOptions { MaxRsaKeyBits = 256 },
            nameof(DomainKeysVerifierOptions.MaxSignedHeaders) => new DomainKeysVerifierOptions { MaxSignedHeaders = 0 },
            _ => new DomainKeysVerifierOptions { Timeout = TimeSpan.FromSeconds(-5) },
        };

        var error = Assert.ThrowsAny<ArgumentException>(() => new DomainKeysVerifier(new ZoneFileResolver(), options));

        Assert.Equal(option, error.ParamName);
    }
}
