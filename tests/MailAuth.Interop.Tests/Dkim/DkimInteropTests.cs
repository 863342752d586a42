using System.Collections.Concurrent;
using System.Text;
using Xunit;

namespace MailAuth.Interop.Tests.Dkim;

/// <summary>
/// The DKIM interop matrix (docs/dkim-interop.md): messages signed by one implementation verify with the
/// others, and tampered copies fail everywhere. Peers are driven offline (files in, files out; keys from the
/// committed key table). A missing peer skips with its reason, or fails under MAILAUTH_INTEROP=required.
/// </summary>
public sealed class DkimInteropTests
{
    // One signature per (signer, request, message): several verifier cells share it.
    private static readonly ConcurrentDictionary<(string, DkimSignRequest, string), Lazy<Task<byte[]>>> Signed = new();

    [SkippableTheory]
    [MemberData(nameof(DkimInteropMatrix.SignAndVerifyCells), MemberType = typeof(DkimInteropMatrix))]
    public async Task SignAndVerify_PeersAgree_VerifierPasses(string signer, string verifier, string algorithm, string canonicalization, bool bodyLength, string message)
    {
        var request = new DkimSignRequest(algorithm, canonicalization, bodyLength);
        var signing = DkimPeerRegistry.Require(signer);
        var verifying = DkimPeerRegistry.Require(verifier);

        var signed = await SignOnceAsync(signing, request, message);
        AssertSignatureShape(signed, request);

        var verdict = await verifying.VerifyAsync(signed);

        Assert.True(verdict.Passed, $"{verifier} rejected {signer}'s {request} signature of {message}: {verdict.Detail}\n{SignatureField(signed)}");
    }

    [SkippableTheory]
    [MemberData(nameof(DkimInteropMatrix.TamperCells), MemberType = typeof(DkimInteropMatrix))]
    public async Task Tampered_AnyChange_EveryVerifierFails(string signer, string tamper, string verifier, string algorithm)
    {
        var request = new DkimSignRequest(algorithm, "relaxed/relaxed", BodyLength: false);
        var signing = DkimPeerRegistry.Require(signer);
        var verifying = DkimPeerRegistry.Require(verifier);
        var signed = await SignOnceAsync(signing, request, DkimTestMessages.Matrix[0]);

        // The untouched copy passes (else the failure below would prove nothing) ...
        var intact = await verifying.VerifyAsync(signed);
        Assert.True(intact.Passed, $"{verifier} rejected the untampered {signer} signature: {intact.Detail}");

        // ... and the tampered one fails, as a verdict (a crashing verifier throws instead).
        var tampered = DkimTamper.Apply(tamper, signed);
        Assert.NotEqual(signed, tampered);
        var verdict = await verifying.VerifyAsync(tampered);

        Assert.False(verdict.Passed, $"{verifier} accepted {signer}'s signature after {tamper}: {verdict.Detail}");
    }

    internal static Task<byte[]> SignOnceAsync(IDkimPeer signer, DkimSignRequest request, string message) =>
        Signed.GetOrAdd((signer.Name, request, message), _ => new Lazy<Task<byte[]>>(() => signer.SignAsync(DkimTestMessages.Load(message), request))).Value;

    /// <summary>The signer did what it was asked: one DKIM-Signature with the algorithm, canonicalization and l= requested.</summary>
    private static void AssertSignatureShape(byte[] signed, DkimSignRequest request)
    {
        var tags = Tags(SignatureField(signed));
        Assert.Equal(request.Algorithm, tags.GetValueOrDefault("a"));
        var c = tags.GetValueOrDefault("c", "simple");
        Assert.Equal(request.Canonicalization, c.Contains('/', StringComparison.Ordinal) ? c : c + "/simple");
        Assert.Equal(request.BodyLength, tags.ContainsKey("l"));
        Assert.Equal(request.Domain, tags.GetValueOrDefault("d"));
    }

    internal static string SignatureField(byte[] signed)
    {
        var text = Encoding.Latin1.GetString(signed);
        var start = text.IndexOf("DKIM-Signature:", StringComparison.OrdinalIgnoreCase);
        Assert.True(start >= 0, "the signer added no DKIM-Signature field");
        var end = start;
        do
        {
            end = text.IndexOf("\r\n", end, StringComparison.Ordinal) + 2;
        }
        while (end < text.Length && text[end] is ' ' or '\t');

        return text[start..end];
    }

    /// <summary>The tags of a DKIM-Signature field, white space removed (a plain test-side reading, not the library's parser).</summary>
    private static Dictionary<string, string> Tags(string field)
    {
        var value = field[(field.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var compact = new string(value.Where(ch => ch is not (' ' or '\t' or '\r' or '\n')).ToArray());
        return compact.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(spec => spec.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : string.Empty, StringComparer.Ordinal);
    }
}
