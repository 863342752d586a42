using System.Text;
using MailAuth.Dkim;
using MailAuth.Dns;
using MailAuth.Keys;

namespace MailAuth.Interop.Tests.Dkim;

/// <summary>Our engine: <see cref="DkimMessageSigner"/> with the committed keys, <see cref="DkimMessageVerifier"/> over the zone file in memory.</summary>
internal sealed class MailAuthDkimPeer : IDkimPeer
{
    private static readonly ZoneFileResolver Zone = ZoneFileResolver.FromFile(DkimTestKeys.ZoneFilePath);

    public string Name => DkimPeerRegistry.OursName;

    public string? Unavailable => null;

    public string? CannotSign(DkimSignRequest request) => null;

    public string? CannotVerify(DkimSignRequest request) => null;

    public Task<byte[]> SignAsync(byte[] message, DkimSignRequest request)
    {
        using var key = DkimSigningKey.FromPem(File.ReadAllText(DkimTestKeys.PemPath(request.Algorithm)));
        var signer = new DkimMessageSigner(new DkimMessageSignerOptions
        {
            HeaderCanonicalization = Canonicalization(request.HeaderCanonicalization),
            BodyCanonicalization = Canonicalization(request.BodyCanonicalization),
            SignedHeaders = request.Headers,
            IncludeBodyLength = request.BodyLength,
        });
        var field = signer.Sign(message, [new DkimSigningRequest(key, request.Domain, request.Selector)])[0];
        return Task.FromResult(Prepend(field, message));
    }

    public Task<DkimVerdict> VerifyAsync(byte[] message) => VerifyAsync(message, every: false);

    public Task<DkimVerdict> VerifyEveryAsync(byte[] message) => VerifyAsync(message, every: true);

    /// <summary>Signs once with the RSA and once with the Ed25519 key (one call, body hashed once): RSA + Ed25519 dual signing.</summary>
    public static byte[] DualSign(byte[] message)
    {
        using var rsa = DkimSigningKey.FromPem(File.ReadAllText(DkimTestKeys.PemPath(DkimTestKeys.RsaSha256)));
        using var ed25519 = DkimSigningKey.FromPem(File.ReadAllText(DkimTestKeys.PemPath(DkimTestKeys.Ed25519Sha256)));
        var fields = new DkimMessageSigner().Sign(message,
        [
            new DkimSigningRequest(rsa, DkimTestKeys.Domain, DkimTestKeys.Selector(DkimTestKeys.RsaSha256)),
            new DkimSigningRequest(ed25519, DkimTestKeys.Domain, DkimTestKeys.Selector(DkimTestKeys.Ed25519Sha256)),
        ]);
        return Prepend(string.Join("\r\n", fields), message);
    }

    private static async Task<DkimVerdict> VerifyAsync(byte[] message, bool every)
    {
        var results = await new DkimMessageVerifier(Zone).VerifyAsync(message);
        if (results.Count == 0)
        {
            return DkimVerdict.Fail("none: no DKIM-Signature");
        }

        var checkedResults = every ? results : [results[0]];
        var detail = string.Join("\n", checkedResults); // one line per signature
        return checkedResults.All(r => r.Status == DkimStatus.Pass) ? DkimVerdict.Pass(detail) : DkimVerdict.Fail(detail);
    }

    public override string ToString() => Name;

    /// <summary>The message with <paramref name="field"/> (no trailing CRLF) as its first header field.</summary>
    internal static byte[] Prepend(string field, byte[] message)
    {
        var head = Encoding.ASCII.GetBytes(field + "\r\n");
        var signed = new byte[head.Length + message.Length];
        head.CopyTo(signed, 0);
        message.CopyTo(signed, head.Length);
        return signed;
    }

    private static DkimCanonicalization Canonicalization(string name) =>
        name == "simple" ? DkimCanonicalization.Simple : DkimCanonicalization.Relaxed;
}
