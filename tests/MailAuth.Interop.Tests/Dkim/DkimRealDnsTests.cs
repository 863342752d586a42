using MailAuth.Dkim;
using MailAuth.Dns;
using MailAuth.Interop.Tests.Dns;
using Xunit;

namespace MailAuth.Interop.Tests.Dkim;

/// <summary>
/// The same keys over the wire: verifiers fetch them from the real DNS server (.ci/dns-server, NSD on
/// 127.0.0.1:5053, serving tests/zones/dkim.mailauth.test.zone) instead of the key table. Covers dkimpy
/// (dnspython), Mail::DKIM (Net::DNS) and us (DnsClientResolver); OpenDKIM's resolver cannot be pointed at
/// a port other than 53, so it reads the key table (see docs/dkim-interop.md).
/// </summary>
public sealed class DkimRealDnsTests
{
    public static TheoryData<string, string> PeerCells() => new()
    {
        { "dkimpy", DkimTestKeys.RsaSha256 },
        { "dkimpy", DkimTestKeys.Ed25519Sha256 },
        { "Mail-DKIM", DkimTestKeys.RsaSha256 },
    };

    public static TheoryData<string, string> OursCells() => new()
    {
        { DkimPeerRegistry.OursName, DkimTestKeys.RsaSha256 },
        { DkimPeerRegistry.OursName, DkimTestKeys.Ed25519Sha256 },
        { "dkimpy", DkimTestKeys.Ed25519Sha256 },
        { "OpenDKIM", DkimTestKeys.RsaSha256 },
        { "Mail-DKIM", DkimTestKeys.RsaSha256 },
        { "MimeKit", DkimTestKeys.Ed25519Sha256 },
    };

    [SkippableTheory]
    [MemberData(nameof(PeerCells))]
    public async Task PeerOverDns_OurSignature_Passes(string verifier, string algorithm)
    {
        await RequireDkimZoneAsync();
        var peer = (ScriptDkimPeer)DkimPeerRegistry.Require(verifier);
        var signed = await SignedMessages.SignOnceAsync(DkimPeerRegistry.Ours, new DkimSignRequest(algorithm, "relaxed/relaxed", false), DkimTestMessages.Matrix[0]);

        var verdict = await peer.VerifyAsync(signed, $"{DnsTestServer.EndPoint.Address}:{DnsTestServer.EndPoint.Port}");

        Assert.True(verdict.Passed, $"{verifier} (keys from {DnsTestServer.EndPoint}) rejected our {algorithm} signature: {verdict.Detail}");
    }

    [SkippableTheory]
    [MemberData(nameof(OursCells))]
    public async Task OursOverDns_Signature_Passes(string signer, string algorithm)
    {
        await RequireDkimZoneAsync();
        var signing = DkimPeerRegistry.Require(signer);
        var signed = await SignedMessages.SignOnceAsync(signing, new DkimSignRequest(algorithm, "relaxed/relaxed", false), DkimTestMessages.Matrix[0]);

        var results = await new DkimMessageVerifier(DnsTestServer.CreateResolver()).VerifyAsync(signed);

        var result = Assert.Single(results);
        Assert.True(result.Status == DkimStatus.Pass, $"our verifier (keys from {DnsTestServer.EndPoint}) rejected {signer}'s {algorithm} signature: {result}");
    }

    /// <summary>The server answers and serves this zone (under MAILAUTH_INTEROP=required it serves every tests/zones file).</summary>
    private static async Task RequireDkimZoneAsync()
    {
        await DnsTestServer.RequireAsync();
        var name = DkimTestKeys.Selector(DkimTestKeys.RsaSha256) + "._domainkey." + DkimTestKeys.Domain;
        var response = await DnsTestServer.CreateResolver().QueryTxtAsync(name);
        Peers.Require(
            response.Status == DnsStatus.NoError && response.Records.Count == 1,
            $"DNS test server {DnsTestServer.EndPoint} does not serve {name} ({response.Status}); restart .ci/dns-server from this tree");
    }
}
