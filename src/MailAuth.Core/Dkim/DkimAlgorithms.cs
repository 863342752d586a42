using System.Security.Cryptography;
using MailAuth.Keys;

namespace MailAuth.Dkim;

/// <summary>Wire names and properties of <see cref="DkimAlgorithm"/>, <see cref="DkimKeyType"/> and <see cref="DkimCanonicalization"/>.</summary>
internal static class DkimAlgorithms
{
    // sig-a-tag-alg = sig-a-tag-k "-" sig-a-tag-h   (RFC 6376 §3.5; names are case-insensitive in practice)
    public static bool TryParseAlgorithm(ReadOnlySpan<char> name, out DkimAlgorithm algorithm)
    {
        if (name.Equals("rsa-sha256", StringComparison.OrdinalIgnoreCase))
        {
            algorithm = DkimAlgorithm.RsaSha256;
            return true;
        }

        if (name.Equals("ed25519-sha256", StringComparison.OrdinalIgnoreCase))
        {
            algorithm = DkimAlgorithm.Ed25519Sha256;
            return true;
        }

        if (name.Equals("rsa-sha1", StringComparison.OrdinalIgnoreCase))
        {
            algorithm = DkimAlgorithm.RsaSha1;
            return true;
        }

        algorithm = default;
        return false;
    }

    public static string GetName(DkimAlgorithm algorithm) => algorithm switch
    {
        DkimAlgorithm.RsaSha256 => "rsa-sha256",
        DkimAlgorithm.Ed25519Sha256 => "ed25519-sha256",
        DkimAlgorithm.RsaSha1 => "rsa-sha1",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    public static DkimKeyType GetKeyType(DkimAlgorithm algorithm) =>
        algorithm == DkimAlgorithm.Ed25519Sha256 ? DkimKeyType.Ed25519 : DkimKeyType.Rsa;

    public static HashAlgorithmName GetHash(DkimAlgorithm algorithm) =>
        algorithm == DkimAlgorithm.RsaSha1 ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;

    /// <summary>The <c>h=</c> key-tag name of the hash ("sha1", "sha256"; RFC 6376 §3.6.1).</summary>
    /// <summary>A one-shot hash (cheaper than an <see cref="IncrementalHash"/> for short data).</summary>
    /// <param name="hashAlgorithm">SHA-256 or SHA-1.</param>
    /// <param name="data">The data.</param>
    /// <returns>The hash.</returns>
    public static byte[] HashData(HashAlgorithmName hashAlgorithm, ReadOnlySpan<byte> data) =>
        hashAlgorithm == HashAlgorithmName.SHA1 ? SHA1.HashData(data) : SHA256.HashData(data);

    public static string GetHashName(DkimAlgorithm algorithm) =>
        algorithm == DkimAlgorithm.RsaSha1 ? "sha1" : "sha256";


    public static bool TryParseCanonicalization(ReadOnlySpan<char> name, out DkimCanonicalization canonicalization)
    {
        if (name.Equals("relaxed", StringComparison.OrdinalIgnoreCase))
        {
            canonicalization = DkimCanonicalization.Relaxed;
            return true;
        }

        if (name.Equals("simple", StringComparison.OrdinalIgnoreCase))
        {
            canonicalization = DkimCanonicalization.Simple;
            return true;
        }

        canonicalization = default;
        return false;
    }

    public static string GetName(DkimCanonicalization canonicalization) =>
        canonicalization == DkimCanonicalization.Relaxed ? "relaxed" : "simple";
}
