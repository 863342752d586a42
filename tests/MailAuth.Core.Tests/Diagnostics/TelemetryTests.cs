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

/// <summary>The <c>MailAuth</c> meter and activity source (docs/observability.md), observed in process.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests
{
    [Fact]
    public async Task AuthenticateAsync_Listened_CountsOneResultPerProtocolAndWord()
    {
        using var capture = new TelemetryCapture();
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone());

        await authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);

        var results = capture.Of("mailauth.results").Select(m => $"{m.Tag("mailauth.protocol")}={m.Tag("mailauth.result")}").Order().ToArray();
        Assert.Equal(["dkim=pass", "dmarc=pass", "spf=pass", "spf=pass"], results);
        Assert.All(capture.Of("mailauth.results"), m => Assert.Equal(1, m.Value));
    }

    [Fact]
    public async Task AuthenticateAsync_Listened_RecordsDurationsInSecondsPerProtocol()
    {
        using var capture = new TelemetryCapture();
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone());

        await authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);

        var durations = capture.Of("mailauth.verify.duration").ToArray();
        Assert.Equal(["dkim", "dmarc", "message", "spf", "spf"], durations.Select(m => m.Tag("mailauth.protocol")).Order());
        Assert.All(durations, m => Assert.Equal("s", m.Unit));
        Assert.All(durations, m => Assert.True(m.Value >= 0));
    }

    [Fact]
    public async Task AuthenticateAsync_Listened_OneSpanPerEngineCallUnderTheMessageSpan()
    {
        byte[] signed = FacadeFixture.Signed();
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone());
        using var capture = new TelemetryCapture();

        await authenticator.AuthenticateAsync(signed, FacadeFixture.GoodContext);

        var spans = capture.Spans;
        var root = Assert.Single(spans, s => s.OperationName == "mailauth.authenticate");
        Assert.Equal("pass", root.GetTagItem("mailauth.result"));
        Assert.Equal(SampleFiles.GoodIp.ToString(), root.GetTagItem("client.address"));
        var engines = spans.Where(s => s.OperationName.StartsWith("mailauth.", StringComparison.Ordinal) && s.OperationName is not ("mailauth.authenticate" or "mailauth.dns.lookup")).ToArray();
        Assert.Equal(["mailauth.dkim.verify", "mailauth.dmarc.evaluate", "mailauth.spf.check", "mailauth.spf.check"], engines.Select(s => s.OperationName).Order());
        Assert.All(engines, s => Assert.Equal(root.TraceId, s.TraceId));
        Assert.All(engines, s => Assert.Equal(root.SpanId, s.ParentSpanId));
        var lookups = spans.Where(s => s.OperationName == "mailauth.dns.lookup").ToArray();
        Assert.NotEmpty(lookups);
        Assert.Contains(lookups, s => (string?)s.GetTagItem("dns.question.name") == "sample._domainkey.example.com" && (string?)s.GetTagItem("dns.question.type") == "TXT");
        Assert.All(lookups, s => Assert.Equal(root.TraceId, s.TraceId));
    }

    [Fact]
    public async Task CachingDnsResolver_MissThenHit_CountsBothAndOneQueryWithLatency()
    {
        using var capture = new TelemetryCapture();
        var cache = new CachingDnsResolver(FacadeFixture.Zone());

        await cache.QueryTxtAsync("example.com");
        await cache.QueryTxtAsync("example.com");
        await cache.QueryTxtAsync("nothing-here.example.com");

        Assert.Equal(2, capture.Of("mailauth.dns.cache.misses").Count());
        var hit = Assert.Single(capture.Of("mailauth.dns.cache.hits"));
        Assert.Equal("TXT", hit.Tag("dns.question.type"));
        var queries = capture.Of("mailauth.dns.queries").ToArray();
        Assert.Equal(["noerror", "nxdomain"], queries.Select(q => q.Tag("mailauth.dns.status")).Order());
        var latency = capture.Of("mailauth.dns.lookup.duration").ToArray();
        Assert.Equal(2, latency.Length);
        Assert.All(latency, m => Assert.Equal("s", m.Unit));
    }

    [Fact]
    public async Task CachingDnsResolver_ServerFailure_SpanMarkedWithErrorType()
    {
        using var capture = new TelemetryCapture();
        var zone = FacadeFixture.Zone();
        zone.SetFault("example.com", DnsStatus.ServerFailure);
        var cache = new CachingDnsResolver(zone);

        await cache.QueryTxtAsync("example.com");

        var span = Assert.Single(capture.Spans, s => s.OperationName == "mailauth.dns.lookup");
        Assert.Equal("servfail", span.GetTagItem("error.type"));
        Assert.Equal(System.Diagnostics.ActivityStatusCode.Error, span.Status);
        Assert.Equal("servfail", Assert.Single(capture.Of("mailauth.dns.queries")).Tag("mailauth.dns.status"));
    }

    [Fact]
    public async Task SignAsync_Listened_CountsSignedAndNoKeyAndRecordsSigningDuration()
    {
        using var capture = new TelemetryCapture();
        using var store = new InMemoryKeyStore();
        store.Add("example.com", "ed", DkimKeyGenerator.GenerateSigningKey(DkimKeyType.Ed25519));
        using RawMessage message = MessageReader.Default.Read(Encoding.ASCII.GetBytes(FacadeFixture.Unsigned())).Message!;
        var signer = new DkimMessageSigner();

        await signer.SignAsync(message, store, "example.com");
        await signer.SignAsync(message, store, "example.org");

        Assert.Equal(["nokey", "signed"], capture.Of("mailauth.sign.results").Select(m => m.Tag("mailauth.result")).Order());
        Assert.Single(capture.Of("mailauth.sign.duration"));
        Assert.Single(capture.Spans, s => s.OperationName == "mailauth.dkim.sign");
    }

    [Fact]
    public async Task AuthenticateAsync_NoListener_NothingMeasuredOrTraced()
    {
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone());
        using (var capture = new TelemetryCapture())
        {
            await authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);
            Assert.NotEmpty(capture.Measurements);
        }

        // The listeners are gone: the instruments report themselves disabled and the source creates no span.
        await authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);
        Assert.False(Telemetry.Results.Enabled);
        Assert.False(Telemetry.VerifyDuration.Enabled);
        Assert.False(Telemetry.Source.HasListeners());
    }
}
