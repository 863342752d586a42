using Xunit;

namespace MailAuth.Interop.Tests.Dkim;

/// <summary>
/// The cells of the interop matrix. Every (signer, verifier) pair with us on one side runs over every
/// algorithm, canonicalization, l= choice and message; peer-to-peer pairs run a smaller set that proves
/// the drivers themselves. Cells a peer cannot do (see <see cref="DkimPeerRegistry"/>) are left out.
/// </summary>
public static class DkimInteropMatrix
{
    internal static readonly string[] Algorithms = [DkimTestKeys.RsaSha256, DkimTestKeys.Ed25519Sha256];
    internal static readonly string[] Canonicalizations = ["simple/simple", "simple/relaxed", "relaxed/simple", "relaxed/relaxed"];

    /// <summary>signer, verifier, algorithm, canonicalization, bodyLength, message.</summary>
    public static TheoryData<string, string, string, string, bool, string> SignAndVerifyCells()
    {
        var data = new TheoryData<string, string, string, string, bool, string>();
        foreach (var signer in DkimPeerRegistry.All)
        {
            foreach (var verifier in DkimPeerRegistry.All)
            {
                var full = DkimPeerRegistry.IsOurs(signer) || DkimPeerRegistry.IsOurs(verifier);
                foreach (var algorithm in Algorithms)
                {
                    foreach (var canonicalization in full ? Canonicalizations : ["simple/simple", "relaxed/relaxed"])
                    {
                        foreach (var bodyLength in new[] { false, true })
                        {
                            var request = new DkimSignRequest(algorithm, canonicalization, bodyLength);
                            if (signer.CannotSign(request) is not null || verifier.CannotVerify(request) is not null)
                            {
                                continue;
                            }

                            foreach (var message in full ? DkimTestMessages.Matrix : DkimTestMessages.Matrix[..1])
                            {
                                data.Add(signer.Name, verifier.Name, algorithm, canonicalization, bodyLength, message);
                            }
                        }
                    }
                }
            }
        }

        return data;
    }

    /// <summary>signer, tamper, verifier, algorithm: every signer's signature, broken, fails at every verifier.</summary>
    public static TheoryData<string, string, string, string> TamperCells()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var signer in DkimPeerRegistry.All)
        {
            foreach (var tamper in DkimTamper.All)
            {
                foreach (var verifier in DkimPeerRegistry.All)
                {
                    foreach (var algorithm in Algorithms)
                    {
                        var request = new DkimSignRequest(algorithm, "relaxed/relaxed", BodyLength: false);
                        if (signer.CannotSign(request) is null && verifier.CannotVerify(request) is null)
                        {
                            data.Add(signer.Name, tamper, verifier.Name, algorithm);
                        }
                    }
                }
            }
        }

        return data;
    }

    /// <summary>
    /// signer, verifier, algorithm, canonicalization over the message whose body does not end in CRLF
    /// (RFC 6376 §3.4.3/§3.4.4 add one). Cells with a peer known to canonicalize it differently are left out
    /// (<see cref="DkimPeerRegistry.UnterminatedBodyDeviation"/>); DkimUnterminatedBodyTests pins our side to the RFC.
    /// </summary>
    public static TheoryData<string, string, string, string> UnterminatedBodyCells()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var (signer, verifier) in OursWithEachPeer())
        {
            foreach (var algorithm in Algorithms)
            {
                foreach (var canonicalization in Canonicalizations)
                {
                    var request = new DkimSignRequest(algorithm, canonicalization, BodyLength: false);
                    if (signer.CannotSign(request) is null && verifier.CannotVerify(request) is null
                        && DkimPeerRegistry.UnterminatedBodyDeviation(signer, request.BodyCanonicalization) is null
                        && DkimPeerRegistry.UnterminatedBodyDeviation(verifier, request.BodyCanonicalization) is null)
                    {
                        data.Add(signer.Name, verifier.Name, algorithm, canonicalization);
                    }
                }
            }
        }

        return data;
    }

    /// <summary>(ours, peer) and (peer, ours) for every peer.</summary>
    private static IEnumerable<(IDkimPeer Signer, IDkimPeer Verifier)> OursWithEachPeer()
    {
        foreach (var peer in DkimPeerRegistry.Peers)
        {
            yield return (DkimPeerRegistry.Ours, peer);
            yield return (peer, DkimPeerRegistry.Ours);
        }
    }
}
