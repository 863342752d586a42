using Xunit;

namespace MailAuth.Interop.Tests.Dkim;

/// <summary>
/// RSA + Ed25519 dual signing (RFC 8463 §5 recommends it while Ed25519 support spreads): every signature
/// verifies at every peer that knows both algorithms; a verifier without Ed25519 still passes on the RSA one;
/// peers' dual-signed messages verify with us, both signatures.
/// </summary>
public sealed class DkimDualSignatureTests
{
    private static readonly DkimSignRequest Rsa = new(DkimTestKeys.RsaSha256, "relaxed/relaxed", BodyLength: false);
    private static readonly DkimSignRequest Ed25519 = new(DkimTestKeys.Ed25519Sha256, "relaxed/relaxed", BodyLength: false);

    public static TheoryData<string> Verifiers() => new(DkimPeerRegistry.Peers.Select(p => p.Name));

    public static TheoryData<string> DualSigners() =>
        new(DkimPeerRegistry.Peers.Where(p => p.CannotSign(Rsa) is null && p.CannotSign(Ed25519) is null).Select(p => p.Name));

    [SkippableTheory]
    [MemberData(nameof(Verifiers))]
    public async Task OursDualSigned_PeerVerifies_EverySignatureItKnowsPasses(string verifier)
    {
        var peer = DkimPeerRegistry.Require(verifier);
        var signed = MailAuthDkimPeer.DualSign(DkimTestMessages.Load(DkimTestMessages.Matrix[0]));

        // A peer without Ed25519 must ignore that signature (RFC 6376 §6.1.1: unknown a= is not a failure of the message).
        var verdict = peer.CannotVerify(Ed25519) is null ? await peer.VerifyEveryAsync(signed) : await peer.VerifyAsync(signed);

        Assert.True(verdict.Passed, $"{verifier} rejected our RSA + Ed25519 dual signature: {verdict.Detail}");
    }

    [SkippableTheory]
    [MemberData(nameof(DualSigners))]
    public async Task PeerDualSigned_OursVerifies_BothSignaturesPass(string signer)
    {
        var peer = DkimPeerRegistry.Require(signer);
        var once = await peer.SignAsync(DkimTestMessages.Load(DkimTestMessages.Matrix[0]), Rsa);
        var twice = await peer.SignAsync(once, Ed25519);

        var verdict = await DkimPeerRegistry.Ours.VerifyEveryAsync(twice);

        Assert.True(verdict.Passed, $"we rejected {signer}'s RSA + Ed25519 dual signature: {verdict.Detail}");
        Assert.Equal(2, verdict.Detail.Split('\n').Length); // both signatures were checked
    }
}
