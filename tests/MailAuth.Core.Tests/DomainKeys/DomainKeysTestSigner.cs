using System.Security.Cryptography;
using System.Text;
using MailAuth.DomainKeys;
using MailAuth.Messages;

namespace MailAuth.Tests.DomainKeys;

/// <summary>
/// A test-only DomainKeys signer (draft-delany-domainkeys-base-06 §3.5): the library verifies only. It hashes the fields
/// (all of them, or those named in <c>h=</c>, selected as the verifier does) and the body with the library's canonicalizer, signs with rsa-sha1 and
/// prepends the field. Shared by the unit tests and the interop tests (linked), where Mail::DKIM checks its output.
/// </summary>
internal static class DomainKeysTestSigner
{
    /// <summary>Signs <paramref name="message"/>; returns the signed message.</summary>
    public static byte[] Sign(byte[] message, RSA key, string domain, string selector, DomainKeysCanonicalization canonicalization, string[]? headers = null)
    {
        string field = SignField(message, key, domain, selector, canonicalization, headers);
        return [.. Encoding.ASCII.GetBytes(field + "\r\n"), .. message];
    }

    /// <summary>The DomainKey-Signature field (no trailing CRLF) for <paramref name="message"/>.</summary>
    public static string SignField(byte[] message, RSA key, string domain, string selector, DomainKeysCanonicalization canonicalization, string[]? headers = null)
    {
        var read = MessageReader.Default.Read(message);
        using var raw = read.Message ?? throw new InvalidOperationException(read.Error?.ToString());
        var fields = DomainKeysVerifier.SelectFields(raw.Headers, 0, headers);
        byte[] hash = DomainKeysCanonicalizer.ComputeHash(canonicalization, fields, raw.Body, CancellationToken.None);
        byte[] signature = key.SignHash(hash, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
        string c = canonicalization == DomainKeysCanonicalization.NoFws ? "nofws" : "simple";
        string h = headers is null ? string.Empty : " h=" + string.Join(':', headers) + ";";
        return $"DomainKey-Signature: a=rsa-sha1; s={selector}; d={domain}; c={c}; q=dns;{h}\r\n b={Convert.ToBase64String(signature)};";
    }

    /// <summary>The key record to publish: <c>k=rsa; p=...</c> plus <paramref name="extra"/> tags.</summary>
    public static string Record(RSA key, string extra = "") =>
        $"{extra}k=rsa; p={Convert.ToBase64String(key.ExportSubjectPublicKeyInfo())}";

    /// <summary>
    /// A public key record whose modulus has exactly <paramref name="bits"/> bits (odd, no real private key): enough to
    /// test the size checks, which run before any RSA operation. Sizes OpenSSL will not generate (511) included.
    /// </summary>
    public static string FakeRecord(int bits)
    {
        byte[] modulus = new byte[(bits + 7) / 8];
        RandomNumberGenerator.Fill(modulus);
        int top = (bits - 1) % 8;
        modulus[0] = (byte)((modulus[0] & ((1 << top) - 1)) | (1 << top));
        modulus[^1] |= 1;
        using var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters { Modulus = modulus, Exponent = [1, 0, 1] });
        return "k=rsa; p=" + Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
    }
}
