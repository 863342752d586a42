using System.Net;
using System.Text;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Keys;
using MailAuth.Messages;
using MailAuth.Spf;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.Facade;

/// <summary>
/// Issue 8 item 2: a spoofer's own slow DNS must not hold DMARC hostage. DMARC decides from aligned identifiers; key
/// look-ups it does not depend on are cancelled; each key look-up has its own budget. Time is a fake clock that the
/// tests never advance unless they say so: nothing here depends on how long anything takes.
/// </summary>
public sealed class SlowDnsTests
{
    private const string AttackerKey = "sel._domainkey.evil.example";
    private static readonly SmtpContext AttackerContext = new(IPAddress.Parse("198.51.100.99"), "mx.evil.example", "mallory@evil.example");

    private static byte[] SignedAs(string domain, string selector, string? text = null)
    {
        byte[] unsigned = Encoding.UTF8.GetBytes(text ?? FacadeFixture.Unsigned());
        using RawMessage raw = MessageReader.Default.Read(unsigned).Message!;
        using DkimSigningKey key = DkimSigningKey.FromPem(File.ReadAllText(SampleFiles.PathOf(SampleFiles.KeyFile)));
        string field = new DkimMessageSigner().Sign(raw, key, domain, selector);
        return [.. Encoding.ASCII.GetBytes(field + "\r\n"), .. unsigned];
    }

    [Fact]
    public async Task AuthenticateAsync_SpoofSignedByAttackersSlowDomain_RejectWithoutWaitingForTheKey()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var zone = FacadeFixture.Zone(new ZoneFileResolverOptions { TimeProvider = time });
        zone.SetLatency(AttackerKey, TimeSpan.FromHours(1));
        var authenticator = new MessageAuthenticator(zone, new MessageAuthenticatorOptions { TimeProvider = time });

        // The clock never moves: the report can only complete if the unaligned key look-up is abandoned.
        var report = await authenticator.AuthenticateAsync(SignedAs("evil.example", "sel"), AttackerContext).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(DmarcStatus.Fail, report.Dmarc.Status);
        Assert.Equal(DmarcPolicy.Reject, report.Disposition);
        DkimResult dkim = Assert.Single(report.Dkim);
        Assert.Equal(DkimStatus.TempError, dkim.Status);
        Assert.Contains("cannot align", dkim.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthenticateAsync_AlignedKeySlow_NotAbandoned()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var zone = FacadeFixture.Zone(new ZoneFileResolverOptions { TimeProvider = time });
        string key = SampleFiles.Selector + "._domainkey." + SampleFiles.Domain;
        zone.SetLatency(key, TimeSpan.FromSeconds(3));
        var authenticator = new MessageAuthenticator(zone, new MessageAuthenticatorOptions { TimeProvider = time });

        Task<AuthenticationOutcome> pending = authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);
        for (int i = 0; i < 2000 && zone.GetQueryCount(key, DnsRecordType.Txt) == 0; i++)
        {
            await Task.Delay(5);
        }

        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(3));
        var report = await pending.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(DkimStatus.Pass, Assert.Single(report.Dkim).Status);
        Assert.Equal(DmarcStatus.Pass, report.Dmarc.Status);
    }

    [Fact]
    public async Task VerifyAsync_OneKeySlow_ItsOwnBudgetEndsOnlyThatSignature()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var zone = FacadeFixture.Zone(new ZoneFileResolverOptions { TimeProvider = time });
        zone.SetLatency(AttackerKey, TimeSpan.FromHours(1));
        byte[] good = FacadeFixture.Signed();
        byte[] both = SignedAs("evil.example", "sel", Encoding.UTF8.GetString(good));
        var verifier = new DkimMessageVerifier(zone, new DkimMessageVerifierOptions { MaxKeyLookupTime = TimeSpan.FromSeconds(5), Timeout = TimeSpan.FromSeconds(60), TimeProvider = time });

        Task<IReadOnlyList<DkimResult>> pending = verifier.VerifyAsync(both).AsTask();
        for (int i = 0; i < 2000 && zone.GetQueryCount(AttackerKey, DnsRecordType.Txt) == 0; i++)
        {
            await Task.Delay(5);
        }

        time.Advance(TimeSpan.FromSeconds(5));
        var results = await pending.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(DkimStatus.TempError, results[0].Status);
        Assert.Contains("its own time budget", results[0].Reason, StringComparison.Ordinal);
        Assert.Equal(DkimStatus.Pass, results[1].Status);
    }

    [Fact]
    public void DkimVerifierOptions_MaxKeyLookupTime_ValidatedAndDefaultShorterThanTimeout()
    {
        var options = new DkimMessageVerifierOptions();
        Assert.True(options.MaxKeyLookupTime < options.Timeout);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DkimMessageVerifier(new ZoneFileResolver(), new DkimMessageVerifierOptions { MaxKeyLookupTime = TimeSpan.Zero }));
    }

    [Fact]
    public async Task AuthenticateAsync_UnalignedSpfSlowerThanTheBudget_DmarcStillFails()
    {
        // The message budget (10 s) is shorter than SPF's own (20 s). The From domain's answers are cached by a first
        // message, so DMARC can decide at once; it must not wait for the spoofer's SPF look-up, which ends with the budget.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var zone = FacadeFixture.Zone(new ZoneFileResolverOptions { TimeProvider = time });
        zone.SetLatency("evil.example", TimeSpan.FromHours(1), DnsRecordType.Txt);
        zone.SetLatency("mx.evil.example", TimeSpan.FromHours(1), DnsRecordType.Txt);
        var authenticator = new MessageAuthenticator(zone, new MessageAuthenticatorOptions { TimeProvider = time, Timeout = TimeSpan.FromSeconds(10) });
        Assert.Equal(DmarcStatus.Pass, (await authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext)).Dmarc.Status);

        Task<AuthenticationOutcome> pending = authenticator.AuthenticateAsync(Encoding.ASCII.GetBytes(FacadeFixture.Unsigned()), AttackerContext);
        for (int i = 0; i < 2000 && zone.GetQueryCount("evil.example", DnsRecordType.Txt) == 0; i++)
        {
            await Task.Delay(5);
        }

        time.Advance(TimeSpan.FromSeconds(10));
        var report = await pending.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(SpfStatus.TempError, report.Spf.Status);
        Assert.Equal(SpfProblem.Timeout, report.Spf.Problem);
        Assert.Equal(DmarcStatus.Fail, report.Dmarc.Status);
        Assert.Equal(DmarcPolicy.Reject, report.Disposition);
    }
}
