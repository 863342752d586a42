using Xunit;

namespace MailAuth.Interop.Tests.Dkim;

/// <summary>
/// The DKIM interop matrix (docs/dkim-interop.md): messages signed by one implementation verify with the
/// others, and tampered copies fail everywhere. Peers are driven offline (files in, files out; keys from the
/// committed key table); DkimTamperTests holds the tampered copies. A missing peer skips with its reason, or fails under MAILAUTH_INTEROP=required.
/// </summary>
public sealed class DkimInteropTests
{
    [SkippableTheory]
    [MemberData(nameof(DkimInteropMatrix.SignAndVerifyCells), MemberType = typeof(DkimInteropMatrix))]
    public async Task SignAndVerify_PeersAgree_VerifierPasses(string signer, string verifier, string algorithm, string canonicalization, bool bodyLength, string message)
    {
        var request = new DkimSignRequest(algorithm, canonicalization, bodyLength);
        var signing = DkimPeerRegistry.Require(signer);
        var verifying = DkimPeerRegistry.Require(verifier);

        var signed = await SignedMessages.SignOnceAsync(signing, request, message);
        SignedMessages.AssertShape(signed, request);

        var verdict = await verifying.VerifyAsync(signed);

        Assert.True(verdict.Passed, $"{verifier} rejected {signer}'s {request} signature of {message}: {verdict.Detail}\n{SignedMessages.SignatureField(signed)}");
    }

    [SkippableTheory]
    [MemberData(nameof(DkimInteropMatrix.UnterminatedBodyCells), MemberType = typeof(DkimInteropMatrix))]
    public async Task SignAndVerify_BodyWithoutFinalCrlf_VerifierPasses(string signer, string verifier, string algorithm, string canonicalization)
    {
        var request = new DkimSignRequest(algorithm, canonicalization, BodyLength: false);
        var signing = DkimPeerRegistry.Require(signer);
        var verifying = DkimPeerRegistry.Require(verifier);

        var signed = await SignedMessages.SignOnceAsync(signing, request, DkimTestMessages.UnterminatedBody);
        var verdict = await verifying.VerifyAsync(signed);

        Assert.True(verdict.Passed, $"{verifier} rejected {signer}'s {request} signature of a body without final CRLF: {verdict.Detail}\n{SignedMessages.SignatureField(signed)}");
    }
}
