using System.Text;
using MailAuth.Diagnostics;
using MailAuth.Dkim;
using MailAuth.Dns;
using MailAuth.Keys;
using MailAuth.Messages;
using MailAuth.Tests.Facade;
using MailAuth.Tests.Fakes;
using Microsoft.Extensions.Logging;
using Xunit;

namespace MailAuth.Tests.Diagnostics;

/// <summary>Log events per engine category (docs/observability.md), and what they must never hold.</summary>
public sealed class LoggingTests
{
    private const string SecretSubject = "Subject: quarterly-numbers-7f3a9c\r\n";
    private const string SecretBody = "The vault code is 55-81-23-ZEBRA.\r\n";

    [Fact]
    public async Task AuthenticateAsync_TraceLevel_EventsFromEachEngineCategory()
    {
        var logs = new CapturingLoggerFactory();
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone(), new MessageAuthenticatorOptions { LoggerFactory = logs });

        await authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);

        var events = logs.Events;
        Assert.Contains(events, e => e.Category == MailAuthDiagnostics.SpfCategory && e.EventId.Id == 1000 && e.Message.Contains("pass", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Category == MailAuthDiagnostics.DkimVerifyCategory && e.EventId.Id == 2000 && e.Message.Contains("d=example.com s=sample: pass", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Category == MailAuthDiagnostics.DmarcCategory && e.EventId.Id == 4000);
        Assert.Contains(events, e => e.Category == MailAuthDiagnostics.AuthenticatorCategory && e.EventId.Id == 7000);
        Assert.Contains(MailAuthDiagnostics.DnsCacheCategory, logs.Categories);
        Assert.All(events, e => Assert.True(e.Level <= LogLevel.Debug, e.Message));
    }

    [Fact]
    public async Task AuthenticateAsync_AnyLevel_NoSubjectOrBodyTextInAnyEvent()
    {
        var logs = new CapturingLoggerFactory();
        var zone = FacadeFixture.Zone();
        zone.SetFault("_dmarc.example.com", DnsStatus.ServerFailure);
        var authenticator = new MessageAuthenticator(zone, new MessageAuthenticatorOptions { LoggerFactory = logs });
        string text = FacadeFixture.Unsigned().Replace("Subject: Lunch\r\n", SecretSubject, StringComparison.Ordinal) + SecretBody;

        var tampered = FacadeFixture.Signed(text);
        tampered[^5] ^= 1; // body changed after signing: dkim=fail with a body hash mismatch
        await authenticator.AuthenticateAsync(tampered, FacadeFixture.GoodContext);
        await authenticator.AuthenticateAsync(Encoding.ASCII.GetBytes("From: a@example.com\r\n" + SecretSubject + "bad header line\r\n\r\n" + SecretBody), FacadeFixture.GoodContext);

        Assert.Contains(logs.Events, e => e.Level >= LogLevel.Information); // the DMARC temperror
        Assert.All(logs.Events, e =>
        {
            Assert.DoesNotContain("quarterly-numbers", e.AllText, StringComparison.Ordinal);
            Assert.DoesNotContain("ZEBRA", e.AllText, StringComparison.Ordinal);
            Assert.DoesNotContain("vault", e.AllText, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task SignAsync_KeyStoreLogs_NeverKeyMaterial()
    {
        var logs = new CapturingLoggerFactory();
        string root = Directory.CreateTempSubdirectory("mailauth-keylog-").FullName;
        try
        {
            var generated = DkimKeyGenerator.Generate(DkimKeyType.Rsa, 1024);
            Directory.CreateDirectory(Path.Combine(root, "example.com"));
            File.WriteAllText(Path.Combine(root, "example.com", "good.pem"), generated.PrivateKeyPem);
            File.WriteAllText(Path.Combine(root, "example.com", "bad.pem"), generated.PrivateKeyPem[..200]);
            using var store = new PemDirectoryKeyStore(root, new PemDirectoryKeyStoreOptions { LoggerFactory = logs });
            using RawMessage message = MessageReader.Default.Read(Encoding.ASCII.GetBytes(FacadeFixture.Unsigned())).Message!;
            var signer = new DkimMessageSigner(new DkimMessageSignerOptions { LoggerFactory = logs });

            var result = await signer.SignAsync(message, store, "example.com");

            Assert.Equal(["good"], result.Selectors);
            Assert.Contains(logs.Events, e => e.Category == MailAuthDiagnostics.KeyStoreCategory && e.EventId.Id == 6002 && e.Level == LogLevel.Warning);
            Assert.Contains(logs.Events, e => e.Category == MailAuthDiagnostics.DkimSignCategory && e.EventId.Id == 3000);
            string body = string.Concat(generated.PrivateKeyPem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))).Trim();
            Assert.All(logs.Events, e =>
            {
                Assert.DoesNotContain("PRIVATE KEY", e.AllText, StringComparison.Ordinal);
                Assert.DoesNotContain(body[40..80], e.AllText, StringComparison.Ordinal);
                Assert.DoesNotContain(generated.PrivateKeyPem.Split('\n')[1][..40], e.AllText, StringComparison.Ordinal);
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task SignAsync_DomainWithoutKey_WarningNamesTheDomain()
    {
        var logs = new CapturingLoggerFactory();
        using var store = new InMemoryKeyStore();
        using RawMessage message = MessageReader.Default.Read(Encoding.ASCII.GetBytes(FacadeFixture.Unsigned())).Message!;
        var signer = new DkimMessageSigner(new DkimMessageSignerOptions { LoggerFactory = logs });

        var result = await signer.SignAsync(message, store, "example.com");

        Assert.Equal(DkimSigningStatus.NoKey, result.Status);
        var warning = Assert.Single(logs.Events, e => e.Level == LogLevel.Warning);
        Assert.Equal(MailAuthDiagnostics.DkimSignCategory, warning.Category);
        Assert.Equal(3001, warning.EventId.Id);
        Assert.Contains("example.com", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_LoggerAtWarning_DebugEventsNeitherFormattedNorAllocated()
    {
        var quiet = new CapturingLoggerFactory { MinimumLevel = LogLevel.Warning };
        var zone = new CachingDnsResolver(FacadeFixture.Zone());
        byte[] signed = FacadeFixture.Signed();
        var plain = new DkimMessageVerifier(zone, new DkimMessageVerifierOptions { PublicKeyCache = new DkimPublicKeyCache() });
        var logged = new DkimMessageVerifier(zone, new DkimMessageVerifierOptions { PublicKeyCache = new DkimPublicKeyCache(), LoggerFactory = quiet });
        await plain.VerifyAsync(signed);
        await logged.VerifyAsync(signed);

        long without = Allocations.Least(() => plain.VerifyAsync(signed).AsTask().GetAwaiter().GetResult(), runs: 5);
        long with = Allocations.Least(() => logged.VerifyAsync(signed).AsTask().GetAwaiter().GetResult(), runs: 5);

        Assert.Empty(quiet.Events);
        Assert.True(quiet.EnabledChecks > 0);
        Assert.Equal(without, with);
    }

    [Fact]
    public void MessageAuthenticatorOptions_LoggerFactory_HandedDownToEveryEngineOption()
    {
        var logs = new CapturingLoggerFactory();

        var frozen = new MessageAuthenticatorOptions { LoggerFactory = logs }.Freeze(sharedEngines: true);

        Assert.Same(logs, frozen.Spf!.LoggerFactory);
        Assert.Same(logs, frozen.Dkim!.LoggerFactory);
        Assert.Same(logs, frozen.Dmarc!.LoggerFactory);
        Assert.Same(logs, frozen.Cache!.LoggerFactory);
    }
}
