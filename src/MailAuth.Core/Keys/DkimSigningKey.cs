using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace MailAuth.Keys;

/// <summary>
/// A private key for DKIM signing: RSA (rsa-sha256, RFC 6376 §3.3.2) or Ed25519 (ed25519-sha256, RFC 8463 §3).
/// Load one from PEM (<see cref="FromPem"/>), wrap an <see cref="RSA"/> (<see cref="FromRsa"/>) or an Ed25519 seed
/// (<see cref="FromEd25519Seed"/>), or generate one with <see cref="DkimKeyGenerator"/>.
/// </summary>
/// <remarks>Thread-safe for signing. Dispose it to release the key material; a key obtained from an <see cref="IKeyStore"/> belongs to the store.</remarks>
public sealed class DkimSigningKey : IDisposable
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string Ed25519Oid = "1.3.101.112";

    private readonly RSA? _rsa;
    private readonly Ed25519PrivateKeyParameters? _ed25519;
    private readonly byte[]? _seed;
    private bool _disposed;

    private DkimSigningKey(RSA rsa)
    {
        _rsa = rsa;
        KeyType = DkimKeyType.Rsa;
        KeySize = rsa.KeySize;
    }

    private DkimSigningKey(byte[] seed)
    {
        _seed = seed;
        _ed25519 = new Ed25519PrivateKeyParameters(seed);
        KeyType = DkimKeyType.Ed25519;
        KeySize = 256;
    }

    /// <summary>The key type: RSA or Ed25519.</summary>
    public DkimKeyType KeyType { get; }

    /// <summary>The signing algorithm this key uses: rsa-sha256 for RSA (RFC 8301 §3.1 forbids signing with rsa-sha1), ed25519-sha256 for Ed25519.</summary>
    public DkimAlgorithm Algorithm => KeyType == DkimKeyType.Ed25519 ? DkimAlgorithm.Ed25519Sha256 : DkimAlgorithm.RsaSha256;

    /// <summary>The key size in bits (the RSA modulus size; 256 for Ed25519).</summary>
    public int KeySize { get; }

    /// <summary>Wraps an RSA private key. The new object owns <paramref name="rsa"/> and disposes it.</summary>
    /// <param name="rsa">An RSA key with its private part, at least 1024 bits (RFC 8301 §3.2).</param>
    /// <returns>The signing key.</returns>
    /// <exception cref="ArgumentException">The key is smaller than 1024 bits.</exception>
    public static DkimSigningKey FromRsa(RSA rsa)
    {
        ArgumentNullException.ThrowIfNull(rsa);
        if (rsa.KeySize < 1024)
        {
            throw new ArgumentException("RFC 8301 §3.2: RSA signing keys must be at least 1024 bits.", nameof(rsa));
        }

        return new DkimSigningKey(rsa);
    }

    /// <summary>Creates an Ed25519 signing key from its 32-byte private key (the RFC 8032 §5.1.5 seed).</summary>
    /// <param name="seed">The 32-byte private key.</param>
    /// <returns>The signing key.</returns>
    /// <exception cref="ArgumentException">The seed is not 32 bytes long.</exception>
    public static DkimSigningKey FromEd25519Seed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != Ed25519.SecretKeySize)
        {
            throw new ArgumentException("An Ed25519 private key is 32 bytes (RFC 8032 §5.1.5).", nameof(seed));
        }

        return new DkimSigningKey(seed.ToArray());
    }

    /// <summary>
    /// Loads a private key from PEM: "RSA PRIVATE KEY" (PKCS#1) or "PRIVATE KEY" (PKCS#8, RSA or Ed25519).
    /// </summary>
    /// <param name="pem">The PEM text (other text around the PEM block is ignored).</param>
    /// <param name="key">The key.</param>
    /// <param name="error">Why loading failed.</param>
    /// <returns><see langword="true"/> when a key was loaded.</returns>
    public static bool TryFromPem(ReadOnlySpan<char> pem, [NotNullWhen(true)] out DkimSigningKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            error = "no PEM block found";
            return false;
        }

        var label = pem[fields.Label];
        byte[] der;
        try
        {
            der = Convert.FromBase64String(pem[fields.Base64Data].ToString());
        }
        catch (FormatException)
        {
            error = "malformed base64 in the PEM block";
            return false;
        }

        try
        {
            if (label.SequenceEqual("RSA PRIVATE KEY"))
            {
                var rsa = RSA.Create();
                try
                {
                    rsa.ImportRSAPrivateKey(der, out _);
                    return CheckRsa(rsa, out key, out error);
                }
                catch
                {
                    rsa.Dispose();
                    throw;
                }
            }

            if (label.SequenceEqual("PRIVATE KEY"))
            {
                return TryFromPkcs8(der, out key, out error);
            }

            error = $"unsupported PEM label '{label}' (expected RSA PRIVATE KEY or PRIVATE KEY; encrypted keys are not supported)";
            return false;
        }
        catch (CryptographicException ex)
        {
            error = "malformed private key: " + ex.Message;
            return false;
        }
        catch (AsnContentException ex)
        {
            error = "malformed private key: " + ex.Message;
            return false;
        }
    }

    /// <summary>Loads a private key from PEM; see <see cref="TryFromPem"/>.</summary>
    /// <param name="pem">The PEM text.</param>
    /// <returns>The key.</returns>
    /// <exception cref="FormatException">The text holds no supported private key.</exception>
    public static DkimSigningKey FromPem(ReadOnlySpan<char> pem) =>
        TryFromPem(pem, out var key, out var error) ? key! : throw new FormatException(error);

    /// <summary>The public key as published in the <c>p=</c> tag: base64 of the DER SubjectPublicKeyInfo for RSA (RFC 6376 §3.6.1), of the raw 32-byte key for Ed25519 (RFC 8463 §4).</summary>
    /// <returns>The base64 text.</returns>
    public string GetPublicKeyBase64()
    {
        ThrowIfDisposed();
        return _rsa is not null
            ? Convert.ToBase64String(_rsa.ExportSubjectPublicKeyInfo())
            : Convert.ToBase64String(_ed25519!.GeneratePublicKey().GetEncoded());
    }

    /// <summary>The DNS TXT record to publish at <c>selector._domainkey.domain</c> (RFC 6376 §3.6.1): <c>v=DKIM1; k=rsa|ed25519; p=...</c>.</summary>
    /// <returns>The record text.</returns>
    public string GetDnsRecord() => $"v=DKIM1; k={DkimKeyTypes.GetName(KeyType)}; p={GetPublicKeyBase64()}";

    /// <summary>Exports the private key as PKCS#8 PEM ("PRIVATE KEY").</summary>
    /// <returns>The PEM text.</returns>
    public string ExportPrivateKeyPem()
    {
        ThrowIfDisposed();
        if (_rsa is not null)
        {
            return PemEncoding.WriteString("PRIVATE KEY", _rsa.ExportPkcs8PrivateKey());
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Ed25519Oid);
            }

            // RFC 8410 §7: the private key is an OCTET STRING wrapped in the PKCS#8 privateKey OCTET STRING.
            var inner = new AsnWriter(AsnEncodingRules.DER);
            inner.WriteOctetString(_seed);
            writer.WriteOctetString(inner.Encode());
        }

        return PemEncoding.WriteString("PRIVATE KEY", writer.Encode());
    }

    /// <summary>Releases the key material.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _rsa?.Dispose();
        if (_seed is not null)
        {
            CryptographicOperations.ZeroMemory(_seed);
        }
    }

    /// <summary>Signs the SHA-256 hash of the canonicalized header data.</summary>
    internal byte[] SignHash(ReadOnlySpan<byte> hash)
    {
        ThrowIfDisposed();
        if (_rsa is not null)
        {
            return _rsa.SignHash(hash.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        // RFC 8463 §3: PureEdDSA over the SHA-256 hash, no context.
        var signature = new byte[Ed25519.SignatureSize];
        _ed25519!.Sign(Ed25519.Algorithm.Ed25519, null, hash, signature);
        return signature;
    }

    private static bool TryFromPkcs8(byte[] der, [NotNullWhen(true)] out DkimSigningKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        var info = reader.ReadSequence();
        info.ReadInteger();
        var algorithm = info.ReadSequence();
        string oid = algorithm.ReadObjectIdentifier();
        if (oid == RsaOid)
        {
            var rsa = RSA.Create();
            try
            {
                rsa.ImportPkcs8PrivateKey(der, out _);
            }
            catch
            {
                rsa.Dispose();
                throw;
            }

            return CheckRsa(rsa, out key, out error);
        }

        if (oid == Ed25519Oid)
        {
            var inner = new AsnReader(info.ReadOctetString(), AsnEncodingRules.DER);
            byte[] seed = inner.ReadOctetString();
            if (seed.Length != Ed25519.SecretKeySize)
            {
                error = "an Ed25519 private key must be 32 bytes";
                return false;
            }

            key = new DkimSigningKey(seed);
            error = null;
            return true;
        }

        error = $"unsupported private key algorithm {oid} (expected RSA or Ed25519)";
        return false;
    }

    private static bool CheckRsa(RSA rsa, [NotNullWhen(true)] out DkimSigningKey? key, [NotNullWhen(false)] out string? error)
    {
        if (rsa.KeySize < 1024)
        {
            rsa.Dispose();
            key = null;
            error = $"RSA key of {rsa.KeySize} bits is below the 1024-bit minimum of RFC 8301 §3.2";
            return false;
        }

        key = new DkimSigningKey(rsa);
        error = null;
        return true;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
