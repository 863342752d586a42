using MimeKit;
using MimeKit.Cryptography;

namespace MailAuth.Interop.Tests.Dkim;

/// <summary>MimeKit's <see cref="DkimSigner"/> and <see cref="DkimVerifier"/>, in process, keys from the key table.</summary>
internal sealed class MimeKitDkimPeer : IDkimPeer
{
    private static readonly FormatOptions Dos = CreateDos();

    public string Name => "MimeKit";

    public string? Unavailable => null;

    public string? CannotSign(DkimSignRequest request) =>
        request.BodyLength ? "MimeKit's DkimSigner never emits l=" : null;

    public string? CannotVerify(DkimSignRequest request) => null;

    public Task<byte[]> SignAsync(byte[] message, DkimSignRequest request) => Task.FromResult(Sign(message, request));

    public Task<DkimVerdict> VerifyAsync(byte[] message) => Task.FromResult(Verify(message, every: false));

    public Task<DkimVerdict> VerifyEveryAsync(byte[] message) => Task.FromResult(Verify(message, every: true));

    private static byte[] Sign(byte[] message, DkimSignRequest request)
    {
        var mime = Parse(message);
        var signer = new DkimSigner(DkimTestKeys.PemPath(request.Algorithm), request.Domain, request.Selector, Algorithm(request.Algorithm))
        {
            HeaderCanonicalizationAlgorithm = Canonicalization(request.HeaderCanonicalization),
            BodyCanonicalizationAlgorithm = Canonicalization(request.BodyCanonicalization),
        };
        var present = request.Headers.Where(h => mime.Headers.Contains(h)).ToList();
        signer.Sign(Dos, mime, present);
        using var output = new MemoryStream();
        mime.WriteTo(Dos, output);
        return output.ToArray();
    }

    private static DkimVerdict Verify(byte[] message, bool every)
    {
        var mime = Parse(message);
        var signatures = mime.Headers.Where(h => h.Id == HeaderId.DkimSignature).ToList();
        if (signatures.Count == 0)
        {
            return DkimVerdict.Fail("no DKIM-Signature");
        }

        var verifier = new DkimVerifier(new KeyTablePublicKeyLocator(DkimTestKeys.KeyTable));
        var failures = new List<string>();
        foreach (var signature in every ? signatures : signatures.Take(1))
        {
            try
            {
                if (!verifier.Verify(Dos, mime, signature))
                {
                    failures.Add($"signature {signatures.IndexOf(signature)}: DkimVerifier.Verify returned false");
                }
            }
            catch (FormatException e)
            {
                // MimeKit reports a malformed signature or key record with an exception: for the matrix that is a fail verdict.
                failures.Add($"signature {signatures.IndexOf(signature)}: {e.GetType().Name}: {e.Message}");
            }
        }

        return failures.Count == 0 ? DkimVerdict.Pass() : DkimVerdict.Fail(string.Join("; ", failures));
    }

    public override string ToString() => Name;

    internal static DkimSignatureAlgorithm Algorithm(string name) => name switch
    {
        DkimTestKeys.RsaSha256 => DkimSignatureAlgorithm.RsaSha256,
        DkimTestKeys.Ed25519Sha256 => DkimSignatureAlgorithm.Ed25519Sha256,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown algorithm"),
    };

    private static DkimCanonicalizationAlgorithm Canonicalization(string name) =>
        name == "simple" ? DkimCanonicalizationAlgorithm.Simple : DkimCanonicalizationAlgorithm.Relaxed;

    private static MimeMessage Parse(byte[] message)
    {
        using var stream = new MemoryStream(message, writable: false);
        return MimeMessage.Load(stream);
    }

    private static FormatOptions CreateDos()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        return options;
    }
}
