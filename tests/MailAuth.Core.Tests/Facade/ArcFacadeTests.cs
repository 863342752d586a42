using System.Net;
using System.Text;
using MailAuth.Arc;
using MailAuth.Tests.Arc;
using Xunit;

namespace MailAuth.Tests.Facade;

/// <summary>The facade reports the ARC chain (RFC 8617 §6, §10.1) without feeding it to DMARC.</summary>
public class ArcFacadeTests
{
    [Fact]
    public async Task AuthenticateAsync_SealedChain_ReportsArcPassWithOldestPassAndRemoteIp()
    {
        using var chains = new ArcChains();
        string message = await chains.ChainAsync(2);
        var authenticator = new MessageAuthenticator(chains.Zone, new MessageAuthenticatorOptions { AuthServId = "mx.example.net", TimeProvider = chains.Clock });

        var outcome = await authenticator.AuthenticateAsync(Encoding.UTF8.GetBytes(message), new SmtpContext(IPAddress.Parse("192.0.2.7"), "relay.example.com", "list@example.org"));

        Assert.Equal(ArcStatus.Pass, outcome.Arc.Status);
        Assert.Equal(2, outcome.Arc.Hops.Count);
        Assert.Contains("arc=pass header.oldest-pass=0 smtp.remote-ip=192.0.2.7", outcome.ToAuthenticationResults().Replace("\r\n\t", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthenticateAsync_ArcDisabled_ReportsNoneWithoutQueries()
    {
        using var chains = new ArcChains();
        string message = await chains.ChainAsync(1);
        var authenticator = new MessageAuthenticator(chains.Zone, new MessageAuthenticatorOptions { EnableArc = false, TimeProvider = chains.Clock });

        var outcome = await authenticator.AuthenticateAsync(Encoding.UTF8.GetBytes(message), new SmtpContext(IPAddress.Parse("192.0.2.7"), "relay.example.com", "list@example.org"));

        Assert.Equal(ArcStatus.None, outcome.Arc.Status);
        Assert.Equal(0, chains.Zone.GetQueryCount("rsa._domainkey.list.example.org", MailAuth.Dns.DnsRecordType.Txt));
    }

    [Fact]
    public async Task AuthenticateAsync_BrokenChain_ReportsArcFailWithReason()
    {
        using var chains = new ArcChains();
        string message = (await chains.ChainAsync(1)).Replace("went through", "was changed by", StringComparison.Ordinal);
        var authenticator = new MessageAuthenticator(chains.Zone, new MessageAuthenticatorOptions { TimeProvider = chains.Clock });

        var outcome = await authenticator.AuthenticateAsync(Encoding.UTF8.GetBytes(message), new SmtpContext(IPAddress.Parse("192.0.2.7"), "relay.example.com", "list@example.org"));

        Assert.Equal(ArcProblem.BodyHashMismatch, outcome.Arc.Problem);
        var arc = outcome.ToAuthenticationResultsModel().Results.Single(r => r.Method == "arc");
        Assert.Equal("fail", arc.Result);
        Assert.NotNull(arc.Reason);
    }
}
