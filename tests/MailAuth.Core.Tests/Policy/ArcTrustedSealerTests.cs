using System.Net;
using System.Text;
using MailAuth.Arc;
using MailAuth.AuthResults;
using MailAuth.Dmarc;
using MailAuth.Policy;
using MailAuth.Tests.Arc;
using Xunit;

namespace MailAuth.Tests.Policy;

/// <summary>
/// The trusted-forwarder override from a real ARC chain (RFC 8617 §7.2, RFC 7489 §7.2 <c>trusted_forwarder</c>): a list
/// breaks SPF and DKIM for a <c>p=reject</c> author, seals what it saw, and the receiver trusts that sealer.
/// </summary>
public sealed class ArcTrustedSealerTests
{
    private const string Recipient = "bob@example.net";

    private static ReceiverPolicy Policy(params string[] trustedSealers) => new(new ReceiverPolicySettings
    {
        Default = new DomainPolicySettings(),
        Domains = new Dictionary<string, DomainPolicySettings>
        {
            ["example.net"] = new() { Action = SpoofedMailAction.FollowDmarc, TrustedArcSealers = trustedSealers },
        },
    });

    private static AuthResultsHeader Recorded(string dmarc) => new("mx.list.example.org",
    [
        new AuthMethodResult("spf", "pass", [new AuthResultProperty("smtp", "mailfrom", "alice@example.com")]),
        new AuthMethodResult("dmarc", dmarc, [new AuthResultProperty("header", "from", "example.com")]),
    ]);

    private static async Task<AuthenticationOutcome> ReceiveAsync(ArcChains chains, string message)
    {
        chains.Zone.AddTxt("_dmarc.example.com", "v=DMARC1; p=reject");
        var authenticator = new MessageAuthenticator(chains.Zone, new MessageAuthenticatorOptions { AuthServId = "mx.example.net", TimeProvider = chains.Clock });
        return await authenticator.AuthenticateAsync(Encoding.UTF8.GetBytes(message), new SmtpContext(IPAddress.Parse("192.0.2.7"), "list.example.org", "list-bounces@list.example.org"));
    }

    // One hop: list.example.org seals what it received, recording DMARC as given; the receiver trusts one sealer.
    [Theory]
    [InlineData("pass", "list.example.org", false, PolicyAction.Accept, PolicyOverride.TrustedForwarder)] // trusted, recorded pass
    [InlineData("pass", "fwd.example.net", false, PolicyAction.Reject, PolicyOverride.None)] // the sealer is not the trusted one
    [InlineData("pass", "list.example.org", true, PolicyAction.Reject, PolicyOverride.None)] // body changed after sealing: chain fails
    [InlineData("fail", "list.example.org", false, PolicyAction.Reject, PolicyOverride.None)] // trusted, but it recorded DMARC fail
    public async Task Decide_ListSealedChain_OverrideOnlyForTrustedSealerWithRecordedPass(string recorded, string trusted, bool changeBody, PolicyAction action, PolicyOverride expectedOverride)
    {
        using var chains = new ArcChains();
        (string message, _) = await chains.SealAsync(ArcChains.Base(), "list.example.org", results: Recorded(recorded));
        if (changeBody)
        {
            message = message.Replace("went through", "was changed by", StringComparison.Ordinal);
        }

        AuthenticationOutcome outcome = await ReceiveAsync(chains, message);
        Assert.Equal(changeBody ? ArcStatus.Fail : ArcStatus.Pass, outcome.Arc.Status);
        Assert.Equal(DmarcPolicy.Reject, outcome.Disposition);

        PolicyDecision decision = Policy(trusted).Decide(outcome, Recipient);

        Assert.Equal(action, decision.Action);
        Assert.Equal(expectedOverride, decision.Override);
    }

    [Fact]
    public async Task Decide_AttackerAddsOwnSetClaimingTrustedDomain_NoOverride()
    {
        // An attacker seals as itself (fwd.example.net) but writes an AAR whose authserv-id names the trusted list: only
        // the ARC-Seal d= identifies a sealer, so the AAR text cannot borrow trust.
        using var chains = new ArcChains();
        var forged = new AuthResultsHeader("list.example.org", [new AuthMethodResult("dmarc", "pass", [new AuthResultProperty("header", "from", "example.com")])]);
        (string message, _) = await chains.SealAsync(ArcChains.Base(), "fwd.example.net", results: forged);
        AuthenticationOutcome outcome = await ReceiveAsync(chains, message);

        PolicyDecision decision = Policy("list.example.org").Decide(outcome, Recipient);

        Assert.Equal(PolicyAction.Reject, decision.Action);
    }

    [Fact]
    public async Task FromResult_TwoHops_OneSealerPerSetWithRecordedDmarc()
    {
        using var chains = new ArcChains();
        (string first, _) = await chains.SealAsync(ArcChains.Base(), "list.example.org", results: Recorded("pass"));
        (string second, _) = await chains.SealAsync(first, "fwd.example.net", ed25519: true, results: Recorded("fail"));
        ArcResult result = await chains.ValidateAsync(second);

        ArcEvidence evidence = ArcEvidence.FromResult(result);

        Assert.True(evidence.ChainPassed);
        Assert.Equal(
            [new ArcSealerEvidence("list.example.org", 1, DmarcStatus.Pass), new ArcSealerEvidence("fwd.example.net", 2, DmarcStatus.Fail)],
            evidence.Sealers.OrderBy(s => s.Instance));
    }
}
