using System.Security.Cryptography;

namespace MailAuth.Dkim;

/// <summary>
/// What a body hash depends on: body canonicalization, hash function and <c>l=</c> (RFC 6376 §3.7). Signatures that
/// agree on all three share one hasher, whatever their header field: rsa-sha256 and ed25519-sha256 share SHA-256, and a
/// DKIM-Signature and an ARC-Message-Signature (RFC 8617 §4.1.2) with the same c= and a= share one pass.
/// </summary>
/// <param name="Canonicalization">The body canonicalization.</param>
/// <param name="Hash">SHA-256 or SHA-1.</param>
/// <param name="Length">The <c>l=</c> value, or <see langword="null"/> for the whole body.</param>
internal readonly record struct DkimBodyHashKey(DkimCanonicalization Canonicalization, HashAlgorithmName Hash, long? Length)
{
    /// <summary>The key of a DKIM-Signature's body hash.</summary>
    /// <param name="signature">The signature.</param>
    /// <returns>The key.</returns>
    public static DkimBodyHashKey Of(DkimSignature signature) =>
        new(signature.BodyCanonicalization, DkimAlgorithms.GetHash(signature.Algorithm), signature.BodyLength);
}
