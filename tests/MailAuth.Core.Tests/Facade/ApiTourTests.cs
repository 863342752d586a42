using System.Net;
using System.Text;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Keys;
using MailAuth.Messages;
using MailAuth.Spf;
using Xunit;

namespace MailAuth.Tests.Facade;

/// <summary>
/// The README's "API tour" snippets, compiled and run (network resolvers replaced by the sample zone; file paths
/// resolved to <c>samples/</c>). Keep the two in step.
/// </summary>
public sealed class ApiTourTests
{
    [Fact]
    public async Task CheckAMessage_AsInTheReadme()
    {
        IDnsResolver dns = FacadeFixture.Zone(); // README: new DnsClientResolver()
        var authenticator = new MessageAuthenticator(dns, new MessageAuthenticatorOptions { AuthServId = "mx.example.net" });
        AuthenticationOutcome report = await authenticator.AuthenticateAsync(
            File.ReadAllBytes(SampleFiles.PathOf("message.eml")),
            new SmtpContext(IPAddress.Parse("192.0.2.25"), helo: "mail.example.com", mailFrom: "alice@example.com"));

        string header = report.ToAuthenticationResults();
        Assert.StartsWith("Authentication-Results: mx.example.net;", header, StringComparison.Ordinal);
        Assert.NotEqual(DmarcPolicy.Reject, report.Disposition);
        var network = new DnsClientResolver(); // the README's resolver constructs without touching the network
        Assert.NotNull(network);
    }

    [Fact]
    public async Task SignAMessage_AsInTheReadme()
    {
        using DkimSigningKey key = DkimSigningKey.FromPem(File.ReadAllText(SampleFiles.PathOf(SampleFiles.KeyFile)));
        byte[] outgoing = Encoding.ASCII.GetBytes(FacadeFixture.Unsigned());
        using RawMessage message = MessageReader.Default.Read(outgoing).Message!;
        string field = new DkimMessageSigner().Sign(message, key, "example.com", "sample");

        Assert.StartsWith("DKIM-Signature: v=1; a=rsa-sha256;", field, StringComparison.Ordinal);
        Assert.StartsWith("v=DKIM1; k=rsa; p=", key.GetDnsRecord(), StringComparison.Ordinal);
        byte[] signed = [.. Encoding.ASCII.GetBytes(field + "\r\n"), .. outgoing];
        var results = await new DkimMessageVerifier(FacadeFixture.Zone()).VerifyAsync(signed);
        Assert.Equal(DkimStatus.Pass, Assert.Single(results).Status);
    }

    [Fact]
    public async Task SpfOnly_AsInTheReadme()
    {
        var spf = new SpfEvaluator(new CachingDnsResolver(FacadeFixture.Zone())); // README: new DnsClientResolver()
        SpfResult result = await spf.CheckMailFromAsync(IPAddress.Parse("192.0.2.25"), "alice@example.com", "mail.example.com");

        Assert.Equal("pass", result.Keyword);
        Assert.StartsWith("Received-SPF: pass", ReceivedSpfHeader.Format(result, "mx.example.net"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomResolver_AsInTheReadme()
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("example.com", "v=spf1 ip4:192.0.2.0/24 -all");
        zone.AddTxt("_dmarc.example.com", "v=DMARC1; p=reject");
        var logging = new LoggingResolver(zone);
        var authenticator = new MessageAuthenticator(logging);

        var report = await authenticator.AuthenticateAsync(Encoding.ASCII.GetBytes(FacadeFixture.Unsigned()), FacadeFixture.GoodContext);

        Assert.Equal(DmarcStatus.Pass, report.Dmarc.Status);
        Assert.Contains("example.com", logging.TxtNames);
    }

    private sealed class LoggingResolver(IDnsResolver inner) : DelegatingDnsResolver(inner)
    {
        public System.Collections.Concurrent.ConcurrentBag<string> TxtNames { get; } = [];

        public override ValueTask<DnsResponse<TxtRecord>> QueryTxtAsync(string name, CancellationToken cancellationToken = default)
        {
            TxtNames.Add(name); // README: Console.WriteLine($"TXT {name}");
            return base.QueryTxtAsync(name, cancellationToken);
        }
    }
}
