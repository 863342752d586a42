using System.Security.Cryptography;

namespace MailAuth.Keys;

/// <summary>
/// Generates DKIM key pairs: the private key (PKCS#8 PEM) and the exact DNS TXT record to publish at
/// <c>selector._domainkey.domain</c> (RFC 6376 §3.6.1, RFC 8463 §4).
/// </summary>
public static class DkimKeyGenerator
{
    /// <summary>The default RSA key size (RFC 8301 §3.2: signers SHOULD use at least 2048 bits).</summary>
    public const int DefaultRsaKeySize = 2048;

    /// <summary>The smallest RSA key size accepted (RFC 8301 §3.2).</summary>
    public const int MinimumRsaKeySize = 1024;

    /// <summary>The largest RSA key size generated (larger keys are rejected by most verifiers, including ours by default).</summary>
    public const int MaximumRsaKeySize = 8192;

    /// <summary>Generates a new key pair.</summary>
    /// <param name="keyType">RSA or Ed25519.</param>
    /// <param name="rsaKeySize">The RSA modulus size in bits (1024 to 8192, a multiple of 8); ignored for Ed25519.</param>
    /// <returns>The private key PEM and the DNS record.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The key size is out of range.</exception>
    public static DkimGeneratedKey Generate(DkimKeyType keyType, int rsaKeySize = DefaultRsaKeySize)
    {
        using var key = GenerateSigningKey(keyType, rsaKeySize);
        return new DkimGeneratedKey(keyType, key.KeySize, key.ExportPrivateKeyPem(), key.GetPublicKeyBase64());
    }

    /// <summary>Generates a new key and returns it ready for signing.</summary>
    /// <param name="keyType">RSA or Ed25519.</param>
    /// <param name="rsaKeySize">The RSA modulus size in bits (1024 to 8192, a multiple of 8); ignored for Ed25519.</param>
    /// <returns>The key; the caller disposes it.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The key size is out of range.</exception>
    public static DkimSigningKey GenerateSigningKey(DkimKeyType keyType, int rsaKeySize = DefaultRsaKeySize)
    {
        if (keyType == DkimKeyType.Ed25519)
        {
            Span<byte> seed = stackalloc byte[32];
            RandomNumberGenerator.Fill(seed);
            var key = DkimSigningKey.FromEd25519Seed(seed);
            CryptographicOperations.ZeroMemory(seed);
            return key;
        }

        if (rsaKeySize is < MinimumRsaKeySize or > MaximumRsaKeySize || rsaKeySize % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rsaKeySize), rsaKeySize, $"RSA key size must be a multiple of 8 from {MinimumRsaKeySize} to {MaximumRsaKeySize}.");
        }

        return DkimSigningKey.FromRsa(RSA.Create(rsaKeySize));
    }

    /// <summary>
    /// Splits TXT record text into character-strings of at most 255 octets (RFC 1035 §3.3.14; RFC 6376 §3.6.2.2
    /// has verifiers join them without separators).
    /// </summary>
    /// <param name="text">ASCII record text.</param>
    /// <returns>The pieces in order.</returns>
    public static IReadOnlyList<string> SplitTxt(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const int Max = 255;
        var parts = new List<string>((text.Length / Max) + 1);
        for (int i = 0; i < text.Length; i += Max)
        {
            parts.Add(text.Substring(i, Math.Min(Max, text.Length - i)));
        }

        if (parts.Count == 0)
        {
            parts.Add(string.Empty);
        }

        return parts;
    }
}
