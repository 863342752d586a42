using Xunit;

namespace MailAuth.Interop.Tests.Dkim;

/// <summary>
/// Tampered copies fail everywhere: every signer's signature (ours and each peer's), after a body byte,
/// a signed header, the b= value or the bh= value is changed, fails at every verifier (ours and each peer).
/// </summary>
public sealed class DkimTamperTests
{
    [SkippableTheory]
    [MemberData(nameof(DkimInteropMatrix.TamperCells), MemberType = typeof(DkimInteropMatrix))]
    public async Task Tampered_AnyChange_EveryVerifierFails(string signer, string tamper, string verifier, string algorithm)
    {
        var request = new DkimSignRequest(algorithm, "relaxed/relaxed", BodyLength: false);
        var signing = DkimPeerRegistry.Require(signer);
        var verifying = DkimPeerRegistry.Require(verifier);
        var signed = await SignedMessages.SignOnceAsync(signing, request, DkimTestMessages.Matrix[0]);

        // The untouched copy passes (else the failure below would prove nothing) ...
        var intact = await verifying.VerifyAsync(signed);
        Assert.True(intact.Passed, $"{verifier} rejected the untampered {signer} signature: {intact.Detail}");

        // ... and the tampered one fails, as a verdict (a crashing verifier throws instead).
        var tampered = DkimTamper.Apply(tamper, signed);
        Assert.NotEqual(signed, tampered);
        var verdict = await verifying.VerifyAsync(tampered);

        Assert.False(verdict.Passed, $"{verifier} accepted {signer}'s signature after {tamper}: {verdict.Detail}");
    }
}
