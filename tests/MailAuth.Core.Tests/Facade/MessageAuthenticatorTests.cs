using System.Text;
using MailAuth.AuthResults;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Messages;
using MailAuth.Spf;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.Facade;

public sealed class MessageAuthenticatorTests
{
    private const string KeyName = "sample._domainkey.example.com";

    [Fact]
    public async Task AuthenticateAsync_SignedMessageFromAllowedIp_PassesAndWritesTheHeader()
    {
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone(), new MessageAuthenticatorOptions { AuthServId = "mx.example.net" });

        var report = await authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);

        Assert.Null(report.ReadError);
        Assert.Equal(SpfStatus.Pass, report.Spf.Status);
        Assert.Equal(SpfIdentity.MailFrom, report.Spf.Identity);
        Assert.Equal(SpfStatus.Pass, report.SpfHelo!.Status);
        Assert.Equal(SpfIdentity.Helo, report.SpfHelo.Identity);
        DkimResult dkim = Assert.Single(report.Dkim);
        Assert.Equal(DkimStatus.Pass, dkim.Status);
        Assert.Equal(DmarcStatus.Pass, report.Dmarc.Status);
        Assert.True(report.Dmarc.SpfAligned);
        Assert.True(report.Dmarc.DkimAligned);
        Assert.Equal(DmarcPolicy.None, report.Disposition);
        Assert.Null(report.SenderId);

        string header = report.ToAuthenticationResults();
        Assert.StartsWith("Authentication-Results: mx.example.net;", header, StringComparison.Ordinal);
        string unfolded = header.Replace("\r\n\t", " ", StringComparison.Ordinal);
        Assert.Contains("spf=pass smtp.mailfrom=alice@example.com", unfolded, StringComparison.Ordinal);
        Assert.Contains("spf=pass smtp.helo=mail.example.com", unfolded, StringComparison.Ordinal);
        Assert.Contains("dkim=pass (2048-bit key) header.d=example.com header.s=sample header.a=rsa-sha256 header.b=", unfolded, StringComparison.Ordinal);
        Assert.Contains("dmarc=pass", unfolded, StringComparison.Ordinal);
        Assert.Contains("header.from=example.com", unfolded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToAuthenticationResults_ParsesBackWithEveryMethod()
    {
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone());
        var report = await authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);

        AuthResultsHeader model = report.ToAuthenticationResultsModel("mx.example.net");
        string header = AuthResultsFormatter.Format(model);

        Assert.Equal(header, report.ToAuthenticationResults("mx.example.net"));
        Assert.Equal(["spf", "spf", "dkim", "dmarc", "arc"], model.Results.Select(r => r.Method));
        Assert.Equal("none", model.Results[4].Result);
        Assert.Equal(FacadeFixture.GoodContext.ClientIp.ToString(), model.Results[4].GetProperty("smtp", "remote-ip"));
        AuthMethodResult dkim = model.Results[2];
        Assert.Equal("example.com", dkim.GetProperty("header", "d"));
        Assert.Equal("sample", dkim.GetProperty("header", "s"));
        Assert.Equal(report.Dkim[0].SignaturePrefix, dkim.GetProperty("header", "b"));
        Assert.Equal("example.com", model.Results[3].GetProperty("header", "from"));
        Assert.Equal("none", model.Results[3].GetProperty("policy", "dmarc"));
    }

    [Fact]
    public async Task AuthenticateAsync_ForgedFromOtherIp_FailsDmarcWithRejectDisposition()
    {
        byte[] signed = FacadeFixture.Signed();
        byte[] forged = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(signed).Replace("see you tomorrow", "send the money", StringComparison.Ordinal));
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone());

        var report = await authenticator.AuthenticateAsync(forged, new SmtpContext(SampleFiles.ForgedIp, "mail.example.com", "alice@example.com"));

        Assert.Equal(SpfStatus.Fail, report.Spf.Status);
        Assert.Equal(SpfStatus.Fail, report.SpfHelo!.Status);
        Assert.Equal(DkimStatus.Fail, Assert.Single(report.Dkim).Status);
        Assert.Equal(DmarcStatus.Fail, report.Dmarc.Status);
        Assert.Equal(DmarcPolicy.Reject, report.Dmarc.Policy);
        Assert.Equal(DmarcPolicy.Reject, report.Disposition);
        string header = report.ToAuthenticationResults().Replace("\r\n\t", " ", StringComparison.Ordinal);
        Assert.Contains("dkim=fail", header, StringComparison.Ordinal);
        Assert.Contains("policy.dmarc=reject", header, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthenticateAsync_ContentAppendedAfterL_DkimPolicyAndDmarcFails()
    {
        // Issue 8 item 4: a signature with content appended after l= does not count for DMARC; A-R says dkim=policy with a reason.
        byte[] signed = FacadeFixture.Signed(options: new DkimMessageSignerOptions { IncludeBodyLength = true });
        byte[] appended = [.. signed, .. Encoding.ASCII.GetBytes("Urgent: wire the money to http://evil.example/\r\n")];
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone());

        var clean = await authenticator.AuthenticateAsync(signed, new SmtpContext(SampleFiles.ForgedIp, "mail.example.com", "alice@example.com"));
        var report = await authenticator.AuthenticateAsync(appended, new SmtpContext(SampleFiles.ForgedIp, "mail.example.com", "alice@example.com"));

        Assert.Equal(DmarcStatus.Pass, clean.Dmarc.Status);
        DkimResult dkim = Assert.Single(report.Dkim);
        Assert.Equal(DkimStatus.Policy, dkim.Status);
        Assert.Equal(DkimProblem.BodyLengthAppend, dkim.Problem);
        Assert.Equal(DmarcStatus.Fail, report.Dmarc.Status);
        Assert.False(report.Dmarc.DkimAligned);
        Assert.Equal(DmarcPolicy.Reject, report.Disposition);
        AuthMethodResult ar = report.ToAuthenticationResultsModel("mx.example.net").Results.Single(r => r.Method == "dkim");
        Assert.Equal("policy", ar.Result);
        Assert.Contains("l=", ar.Reason, StringComparison.Ordinal);
        string header = report.ToAuthenticationResults().Replace("\r\n\t", " ", StringComparison.Ordinal);
        Assert.Contains("dkim=policy", header, StringComparison.Ordinal);
        Assert.Contains("reason=\"l=", header, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthenticateAsync_ExpirationBeyondYear9999_NoException()
    {
        // Issue 8 item 10: the minimal input of the issue, which made AuthenticateAsync throw.
        byte[] message = Convert.FromHexString("444b494d2d5369676e61747572653a763d313b613d7273612d7368613235363b643d743b733d343b683d66726f6d3b783d3939393939393939393939393b62683d41413d3d3b623d41413d3d0d0a0d0a");
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone());

        var report = await authenticator.AuthenticateAsync(message, FacadeFixture.GoodContext);

        Assert.Equal(DkimStatus.PermError, Assert.Single(report.Dkim).Status);
    }

    [Fact]
    public async Task AuthenticateAsync_DnsFailures_GiveTempErrorEverywhere()
    {
        var zone = FacadeFixture.Zone();
        zone.SetFault("example.com", DnsStatus.ServerFailure);
        zone.SetFault("mail.example.com", DnsStatus.Timeout);
        zone.SetFault(KeyName, DnsStatus.ServerFailure);
        zone.SetFault("_dmarc.example.com", DnsStatus.ServerFailure);
        var authenticator = new MessageAuthenticator(zone);

        var report = await authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);

        Assert.Equal(SpfStatus.TempError, report.Spf.Status);
        Assert.Equal(SpfStatus.TempError, report.SpfHelo!.Status);
        Assert.Equal(DkimStatus.TempError, Assert.Single(report.Dkim).Status);
        Assert.Equal(DmarcStatus.TempError, report.Dmarc.Status);
        Assert.Equal(DmarcPolicy.None, report.Disposition);
        Assert.Contains("dmarc=temperror", report.ToAuthenticationResults(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthenticateAsync_NoFromField_GivesDmarcPermError()
    {
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone());
        byte[] message = Encoding.ASCII.GetBytes(FacadeFixture.Unsigned(fromHeaders: string.Empty));

        var report = await authenticator.AuthenticateAsync(message, FacadeFixture.GoodContext);

        Assert.Equal(SpfStatus.Pass, report.Spf.Status);
        Assert.Equal(DmarcStatus.PermError, report.Dmarc.Status);
        Assert.Contains("From", report.Dmarc.Reason, StringComparison.Ordinal);
        Assert.Contains("dmarc=permerror", report.ToAuthenticationResults(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mx.example.com\r\nX-Injected: yes")]
    [InlineData("mx\nexample")]
    [InlineData("mx\0")]
    [InlineData("mx\u007f")]
    public void AuthServId_ControlCharacters_ThrowAtConstructionNamingTheOption(string id)
    {
        var options = new MessageAuthenticatorOptions { AuthServId = id };

        var e = Assert.Throws<ArgumentException>(() => new MessageAuthenticator(FacadeFixture.Zone(), options));
        Assert.Equal(nameof(MessageAuthenticatorOptions.AuthServId), e.ParamName);
    }

    [Fact]
    public async Task AuthenticateAsync_TwoFromFields_EvaluatesEveryField()
    {
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone());
        byte[] message = FacadeFixture.Signed(FacadeFixture.Unsigned(fromHeaders: "From: alice@example.com\r\nFrom: mallory@example.org\r\n"));

        var report = await authenticator.AuthenticateAsync(message, FacadeFixture.GoodContext);

        Assert.Equal(DmarcStatus.Pass, report.Dmarc.Status);
        Assert.Equal(2, report.Dmarc.AuthorResults.Count);
    }

    [Fact]
    public async Task AuthenticateAsync_SpoofWithSecondFromField_RejectOfTheSpoofedDomainApplies()
    {
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone());
        byte[] message = Encoding.ASCII.GetBytes(FacadeFixture.Unsigned(fromHeaders: "From: mallory@example.org\r\nFrom: alice@example.com\r\n"));
        var context = new SmtpContext(System.Net.IPAddress.Parse("198.51.100.99"), "mallory.example.org", "mallory@example.org");

        var report = await authenticator.AuthenticateAsync(message, context);

        Assert.Equal(DmarcStatus.Fail, report.Dmarc.Status);
        Assert.Equal(DmarcPolicy.Reject, report.Disposition);

        var strict = new MessageAuthenticator(FacadeFixture.Zone(), new MessageAuthenticatorOptions { Dmarc = new DmarcOptions { MultipleFromFieldsPermError = true } });
        Assert.Equal(DmarcStatus.PermError, (await strict.AuthenticateAsync(message, context)).Dmarc.Status);
    }

    [Fact]
    public async Task AuthenticateAsync_FromWithTwoDomains_EvaluatesEachAndFailsForTheUnauthenticated()
    {
        var zone = FacadeFixture.Zone();
        zone.AddTxt("_dmarc.example.org", "v=DMARC1; p=quarantine");
        var authenticator = new MessageAuthenticator(zone);
        byte[] message = FacadeFixture.Signed(FacadeFixture.Unsigned(fromHeaders: "From: alice@example.com, mallory@example.org\r\n"));

        var report = await authenticator.AuthenticateAsync(message, FacadeFixture.GoodContext);

        Assert.Equal(DmarcStatus.Fail, report.Dmarc.Status);
        Assert.Equal(DmarcPolicy.Quarantine, report.Disposition);
        Assert.Equal(2, report.Dmarc.AuthorResults.Count);
        Assert.Equal(2, report.ToAuthenticationResultsModel().Results.Count(r => r.IsMethod("dmarc")));
    }

    [Fact]
    public async Task AuthenticateAsync_UnsignedMessage_DkimNoneAndDmarcPassesThroughSpf()
    {
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone());

        var report = await authenticator.AuthenticateAsync(Encoding.ASCII.GetBytes(FacadeFixture.Unsigned()), FacadeFixture.GoodContext);

        Assert.Empty(report.Dkim);
        Assert.Equal(DmarcStatus.Pass, report.Dmarc.Status);
        Assert.True(report.Dmarc.SpfAligned);
        Assert.False(report.Dmarc.DkimAligned);
        Assert.Contains("dkim=none", report.ToAuthenticationResults(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthenticateAsync_UnsignedMessageFromOtherIp_FailsDmarc()
    {
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone());

        var report = await authenticator.AuthenticateAsync(
            Encoding.ASCII.GetBytes(FacadeFixture.Unsigned()), new SmtpContext(SampleFiles.ForgedIp, "attacker.example", "alice@example.com"));

        Assert.Equal(SpfStatus.Fail, report.Spf.Status);
        Assert.Equal(SpfStatus.None, report.SpfHelo!.Status);
        Assert.Equal(DmarcStatus.Fail, report.Dmarc.Status);
        Assert.Equal(DmarcPolicy.Reject, report.Disposition);
    }

    [Fact]
    public async Task AuthenticateAsync_MalformedMessage_ReportsTheReadErrorAndPermErrors()
    {
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone());
        byte[] message = Encoding.ASCII.GetBytes("From: alice@example.com\r\nthis line is not a header field\r\n\r\nbody\r\n");

        var report = await authenticator.AuthenticateAsync(message, FacadeFixture.GoodContext);

        Assert.NotNull(report.ReadError);
        Assert.Equal(MessageReadErrorKind.MissingColon, report.ReadError.Kind);
        Assert.Equal(SpfStatus.Pass, report.Spf.Status);
        Assert.Equal(DkimStatus.PermError, Assert.Single(report.Dkim).Status);
        Assert.Equal(DmarcStatus.PermError, report.Dmarc.Status);
        Assert.Equal(DmarcProblem.MalformedMessage, report.Dmarc.Problem);
        string header = report.ToAuthenticationResults();
        Assert.Contains("dkim=permerror", header, StringComparison.Ordinal);
        Assert.Contains("dmarc=permerror", header, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthenticateAsync_MessageOverTheSizeLimit_ReportsTheReadError()
    {
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone(), new MessageAuthenticatorOptions { Reader = new MessageReaderOptions { MaxMessageBytes = 64 } });

        var report = await authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);

        Assert.Equal(MessageReadErrorKind.MessageTooLarge, report.ReadError!.Kind);
        Assert.Equal(DmarcStatus.PermError, report.Dmarc.Status);
    }

    [Fact]
    public async Task AuthenticateAsync_NullReversePath_ChecksHeloOnceAndDmarcUsesIt()
    {
        var zone = FacadeFixture.Zone();
        var authenticator = new MessageAuthenticator(zone);

        var report = await authenticator.AuthenticateAsync(Encoding.ASCII.GetBytes(FacadeFixture.Unsigned()), new SmtpContext(SampleFiles.GoodIp, "mail.example.com", "<>"));

        Assert.True(report.Context.IsNullReversePath);
        Assert.Equal(SpfIdentity.Helo, report.Spf.Identity);
        Assert.Equal("postmaster@mail.example.com", report.Spf.Sender);
        Assert.Equal(SpfStatus.Pass, report.Spf.Status);
        Assert.Same(report.Spf, report.SpfHelo);
        Assert.Equal(1, zone.GetQueryCount("mail.example.com", DnsRecordType.Txt));
        Assert.Equal("mail.example.com", report.Dmarc.Spf!.Domain);
        Assert.True(report.Dmarc.SpfAligned);
        AuthMethodResult spf = Assert.Single(report.ToAuthenticationResultsModel().Results, r => r.IsMethod("spf"));
        Assert.Equal("mail.example.com", spf.GetProperty("smtp", "helo"));
    }

    [Fact]
    public async Task AuthenticateAsync_NullReversePathWithoutHelo_SpfNone()
    {
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone());

        var report = await authenticator.AuthenticateAsync(FacadeFixture.Signed(), new SmtpContext(SampleFiles.GoodIp, null, null));

        Assert.Equal(SpfStatus.None, report.Spf.Status);
        Assert.Equal(SpfProblem.NoIdentity, report.Spf.Problem);
        Assert.Null(report.SpfHelo);
        Assert.Equal(DmarcStatus.Pass, report.Dmarc.Status);
    }

    [Fact]
    public async Task AuthenticateAsync_CheckHeloOff_SkipsTheHeloCheck()
    {
        var zone = FacadeFixture.Zone();
        var authenticator = new MessageAuthenticator(zone, new MessageAuthenticatorOptions { CheckHelo = false });

        var report = await authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);

        Assert.Null(report.SpfHelo);
        Assert.Equal(0, zone.GetQueryCount("mail.example.com", DnsRecordType.Txt));
    }

    [Fact]
    public async Task AuthenticateAsync_SenderIdOn_ReportsThePraResult()
    {
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone(), new MessageAuthenticatorOptions { EnableSenderId = true });

        var report = await authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);

        Assert.NotNull(report.SenderId);
        Assert.Equal(SpfIdentity.Pra, report.SenderId.Identity);
        Assert.Equal(SpfStatus.Pass, report.SenderId.Status);
        AuthMethodResult senderId = Assert.Single(report.ToAuthenticationResultsModel().Results, r => r.IsMethod("sender-id"));
        Assert.Equal("alice@example.com", senderId.GetProperty("header", "from"));
    }

    [Fact]
    public async Task AuthenticateAsync_StreamMemoryAndRawMessage_GiveTheSameHeader()
    {
        byte[] message = FacadeFixture.Signed();
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone());

        var fromMemory = await authenticator.AuthenticateAsync(message, FacadeFixture.GoodContext);
        using var stream = new MemoryStream(message);
        var fromStream = await authenticator.AuthenticateAsync(stream, FacadeFixture.GoodContext);
        using RawMessage raw = MessageReader.Default.Read(message).Message!;
        var fromRaw = await authenticator.AuthenticateAsync(raw, FacadeFixture.GoodContext);

        Assert.Equal(fromMemory.ToAuthenticationResults(), fromStream.ToAuthenticationResults());
        Assert.Equal(fromMemory.ToAuthenticationResults(), fromRaw.ToAuthenticationResults());
    }

    [Fact]
    public async Task AuthenticateAsync_PreCancelled_Throws()
    {
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone());
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext, cancelled.Token));
    }

    [Fact]
    public async Task AuthenticateAsync_CancelledWhileWaitingForDns_Throws()
    {
        var time = new FakeTimeProvider();
        var zone = FacadeFixture.Zone(new ZoneFileResolverOptions { TimeProvider = time });
        zone.SetLatency(KeyName, TimeSpan.FromMinutes(1));
        var authenticator = new MessageAuthenticator(zone);
        using var cancellation = new CancellationTokenSource();

        Task<AuthenticationOutcome> pending = authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext, cancellation.Token);
        await WaitForQueriesAsync(zone, (KeyName, DnsRecordType.Txt));
        Assert.False(pending.IsCompleted);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task AuthenticateAsync_TimeBudgetExpires_UnfinishedChecksReportTempError()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var zone = FacadeFixture.Zone(new ZoneFileResolverOptions { TimeProvider = time });
        zone.SetLatency(KeyName, TimeSpan.FromHours(1));
        var authenticator = new MessageAuthenticator(zone, new MessageAuthenticatorOptions { Timeout = TimeSpan.FromSeconds(10), TimeProvider = time });

        Task<AuthenticationOutcome> pending = authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);
        await WaitForQueriesAsync(zone, (KeyName, DnsRecordType.Txt));
        time.Advance(TimeSpan.FromSeconds(10));
        var report = await pending.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(SpfStatus.Pass, report.Spf.Status);
        Assert.Equal(DkimStatus.TempError, Assert.Single(report.Dkim).Status);
        Assert.Equal(DmarcStatus.TempError, report.Dmarc.Status);
        Assert.Equal(DmarcProblem.Timeout, report.Dmarc.Problem);
    }

    [Fact]
    public async Task AuthenticateAsync_RunsSpfHeloAndDkimConcurrently()
    {
        // Every first look-up of the three checks is held back; the report can only complete when all three were
        // asked before any was answered, which a sequential implementation never does.
        var time = new FakeTimeProvider();
        var zone = FacadeFixture.Zone(new ZoneFileResolverOptions { TimeProvider = time });
        var slow = new[] { ("example.com", DnsRecordType.Txt), ("mail.example.com", DnsRecordType.Txt), (KeyName, DnsRecordType.Txt) };
        foreach (var (name, type) in slow)
        {
            zone.SetLatency(name, TimeSpan.FromMinutes(1), type);
        }

        var authenticator = new MessageAuthenticator(zone);
        Task<AuthenticationOutcome> pending = authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);
        await WaitForQueriesAsync(zone, slow);

        Assert.False(pending.IsCompleted);
        // DMARC's policy discovery runs alongside them too (it tells which DKIM look-ups DMARC depends on).
        Assert.Equal(1, zone.GetQueryCount("_dmarc.example.com", DnsRecordType.Txt));
        time.Advance(TimeSpan.FromMinutes(1));
        var report = await pending.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(DmarcStatus.Pass, report.Dmarc.Status);
        Assert.All(slow, q => Assert.Equal(1, zone.GetQueryCount(q.Item1, q.Item2)));
    }

    [Fact]
    public async Task AuthenticateAsync_SharedCache_AsksDnsOnceAcrossMessages()
    {
        var zone = FacadeFixture.Zone();
        var authenticator = new MessageAuthenticator(zone);

        await authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);
        await authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);

        Assert.IsType<CachingDnsResolver>(authenticator.Resolver);
        Assert.Equal(1, zone.GetQueryCount(KeyName, DnsRecordType.Txt));
        Assert.Equal(1, zone.GetQueryCount("_dmarc.example.com", DnsRecordType.Txt));
    }

    [Fact]
    public async Task AuthenticateAsync_PerCallCache_AsksDnsAgainForEachMessage()
    {
        var zone = FacadeFixture.Zone();
        var authenticator = new MessageAuthenticator(zone, new MessageAuthenticatorOptions { ShareDnsCache = false });

        await authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);
        await authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);

        Assert.Same(zone, authenticator.Resolver);
        Assert.Equal(2, zone.GetQueryCount(KeyName, DnsRecordType.Txt));
    }

    [Fact]
    public async Task AuthenticateAsync_CallerCachingResolver_IsUsedAsIs()
    {
        var zone = FacadeFixture.Zone();
        var cache = new CachingDnsResolver(zone);
        var authenticator = new MessageAuthenticator(cache, new MessageAuthenticatorOptions { ShareDnsCache = false });

        var report = await authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);

        Assert.Same(cache, authenticator.Resolver);
        Assert.Equal(DmarcStatus.Pass, report.Dmarc.Status);
        Assert.True(cache.Count > 0);
    }

    [Fact]
    public void RemoveForgedAuthenticationResults_DropsFieldsWithOurAuthServId()
    {
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone(), new MessageAuthenticatorOptions { AuthServId = "mx.example.net" });
        byte[] message = Encoding.ASCII.GetBytes(
            "Authentication-Results: MX.example.net; dmarc=pass header.from=example.com\r\n"
            + "Authentication-Results: other.example; spf=pass smtp.mailfrom=example.com\r\n"
            + FacadeFixture.Unsigned());
        using RawMessage raw = MessageReader.Default.Read(message).Message!;

        var kept = authenticator.RemoveForgedAuthenticationResults(raw);

        Assert.Equal(raw.Headers.Count - 1, kept.Count);
        Assert.Contains(kept, f => f.GetValueText().Contains("other.example", StringComparison.Ordinal));
    }

    [Fact]
    public void SmtpContext_NormalizesItsInputs()
    {
        var context = new SmtpContext(SampleFiles.GoodIp, "  mail.example.com ", "<alice@example.com>");

        Assert.Equal("mail.example.com", context.Helo);
        Assert.Equal("alice@example.com", context.MailFrom);
        Assert.False(context.IsNullReversePath);
        Assert.True(new SmtpContext(SampleFiles.GoodIp, " ", "<>").IsNullReversePath);
        Assert.Null(new SmtpContext(SampleFiles.GoodIp, " ", null).Helo);
    }

    [Fact]
    public void Options_RejectInvalidValues()
    {
        var zone = FacadeFixture.Zone();

        Assert.Equal("Timeout", Assert.Throws<ArgumentOutOfRangeException>(() => new MessageAuthenticator(zone, new MessageAuthenticatorOptions { Timeout = TimeSpan.Zero })).ParamName);
        Assert.Equal("AuthServId", Assert.Throws<ArgumentException>(() => new MessageAuthenticator(zone, new MessageAuthenticatorOptions { AuthServId = " " })).ParamName);
        _ = new MessageAuthenticator(zone, new MessageAuthenticatorOptions { Timeout = Timeout.InfiniteTimeSpan });
    }

    // Waits (bounded, as a safeguard against a hang) until each query has reached the zone.
    private static async Task WaitForQueriesAsync(ZoneFileResolver zone, params (string Name, DnsRecordType Type)[] queries)
    {
        for (int i = 0; i < 2000 && !queries.All(q => zone.GetQueryCount(q.Name, q.Type) > 0); i++)
        {
            await Task.Delay(5);
        }

        Assert.All(queries, q => Assert.Equal(1, zone.GetQueryCount(q.Name, q.Type)));
    }
}
