using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using MailAuth.Keys;
using MailAuth.Text;
using Org.BouncyCastle.Crypto.Parameters;

namespace MailAuth.Dkim;

/// <summary>
/// A parsed DKIM key record (RFC 6376 §3.6.1; RFC 8463 §4 for <c>k=ed25519</c>): the TXT record at
/// <c>selector._domainkey.domain</c>. An empty <c>p=</c> means the key was revoked (<see cref="IsRevoked"/>).
/// Unknown tags, hash names, service types and flags are ignored. Immutable and thread-safe; the imported
/// cryptographic key is created once, on first use, so a cached instance (see <see cref="IDkimPublicKeyCache"/>)
/// saves the import too.
/// </summary>
public sealed class DkimPublicKey
{
    private readonly object _importLock = new();
    private object? _imported; // RSA, Ed25519PublicKeyParameters or a DkimParseError (import failed)

    private DkimPublicKey()
    {
    }

    /// <summary><c>k=</c>: the key type (default rsa).</summary>
    public DkimKeyType KeyType { get; private init; }

    /// <summary><c>h=</c>: acceptable hash algorithms as written ("sha1", "sha256"); empty means all.</summary>
    public IReadOnlyList<string> HashAlgorithms { get; private init; } = [];

    /// <summary><c>s=</c>: service types; "*" (the default) or "email" make the key usable for DKIM.</summary>
    public IReadOnlyList<string> ServiceTypes { get; private init; } = ["*"];

    /// <summary><c>n=</c>: notes for humans, or <see langword="null"/>.</summary>
    public string? Notes { get; private init; }

    /// <summary><c>p=</c>: the public key data, decoded; empty when revoked.</summary>
    public ReadOnlyMemory<byte> PublicKeyData { get; private init; }

    /// <summary><see langword="true"/> when <c>p=</c> is empty: the key was revoked (RFC 6376 §3.6.1).</summary>
    public bool IsRevoked => PublicKeyData.IsEmpty;

    /// <summary><c>t=y</c>: the domain is testing DKIM (RFC 6376 §3.6.1); results are reported, but receivers should not act on failures.</summary>
    public bool IsTesting { get; private init; }

    /// <summary><c>t=s</c>: the <c>i=</c> domain must equal <c>d=</c>, not be a subdomain of it (RFC 6376 §3.6.1).</summary>
    public bool IsStrict { get; private init; }

    /// <summary>
    /// <c>g=</c> as written, or <see langword="null"/> when absent: the key granularity of DomainKeys
    /// (draft-delany-domainkeys-base-06 §3.2.3) and RFC 4871. RFC 6376 dropped it, so DKIM ignores it.
    /// </summary>
    internal string? Granularity { get; private init; }

    /// <summary>Parses a key record.</summary>
    /// <param name="record">The TXT record text (character-strings joined without separators, RFC 6376 §3.6.2.2).</param>
    /// <param name="key">The key.</param>
    /// <param name="error">Why the record is invalid, or <see cref="DkimParseError.None"/>.</param>
    /// <returns><see langword="true"/> when the record is a valid key record.</returns>
    public static bool TryParse(ReadOnlySpan<char> record, [NotNullWhen(true)] out DkimPublicKey? key, out DkimParseError error)
    {
        key = null;
        Span<TagRange> tags = stackalloc TagRange[TagList.DefaultMaxTags];
        if (!TagList.TryParse(record, tags, out int count, out var tagError))
        {
            error = new DkimParseError(DkimProblem.MalformedKey, "key syntax error: " + tagError.Description, tagError.Position);
            return false;
        }

        tags = tags[..count];

        // key-v-tag: if present it MUST be the first tag and be "DKIM1".
        int vi = TagList.IndexOf(record, tags, "v");
        if (vi > 0 || (vi == 0 && !record[tags[0].Value].SequenceEqual("DKIM1")))
        {
            error = new DkimParseError(DkimProblem.IncompatibleKeyVersion, "key record v= is not DKIM1 or not the first tag", vi >= 0 ? tags[vi].NameStart : -1);
            return false;
        }

        var keyType = DkimKeyType.Rsa;
        if (TagList.TryGetValue(record, tags, "k", out var k) && !DkimKeyTypes.TryParse(k, out keyType))
        {
            error = new DkimParseError(DkimProblem.KeyAlgorithmMismatch, $"unknown key type k={k}", -1);
            return false;
        }

        int pi = TagList.IndexOf(record, tags, "p");
        if (pi < 0)
        {
            error = new DkimParseError(DkimProblem.MalformedKey, "key record lacks p=", -1);
            return false;
        }

        byte[] data = [];
        var p = record[tags[pi].Value];
        if (!p.IsEmpty && !DkimSignature.TryDecodeBase64(p, out data, out _))
        {
            error = new DkimParseError(DkimProblem.MalformedKey, "p= is not valid base64", tags[pi].ValueStart);
            return false;
        }

        bool testing = false;
        bool strict = false;
        if (TagList.TryGetValue(record, tags, "t", out var t))
        {
            bool done = false;
            while (DkimText.TryTakeItem(ref t, out var flag, ref done))
            {
                testing |= flag.SequenceEqual("y");
                strict |= flag.SequenceEqual("s");
            }
        }

        key = new DkimPublicKey
        {
            KeyType = keyType,
            HashAlgorithms = TagList.TryGetValue(record, tags, "h", out var h) ? SplitList(h) : [],
            ServiceTypes = TagList.TryGetValue(record, tags, "s", out var s) ? SplitList(s) : ["*"],
            Notes = TagList.TryGetValue(record, tags, "n", out var n) ? n.ToString() : null,
            PublicKeyData = data,
            IsTesting = testing,
            IsStrict = strict,
            Granularity = TagList.TryGetValue(record, tags, "g", out var g) ? g.ToString() : null,
        };
        error = DkimParseError.None;
        return true;
    }

    /// <summary>Parses a key record; see <see cref="TryParse"/>.</summary>
    /// <param name="record">The TXT record text.</param>
    /// <returns>The key.</returns>
    /// <exception cref="FormatException">The record is not a valid key record.</exception>
    public static DkimPublicKey Parse(ReadOnlySpan<char> record) =>
        TryParse(record, out var key, out var error) ? key : throw new FormatException(error.ToString());

    /// <summary>Whether the key's <c>h=</c> permits <paramref name="hashName"/> ("sha256", "sha1").</summary>
    internal bool AllowsHash(string hashName) =>
        HashAlgorithms.Count == 0 || HashAlgorithms.Contains(hashName, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <c>s=</c> includes "*" or "email".</summary>
    internal bool AllowsEmail =>
        ServiceTypes.Any(s => s == "*" || s.Equals("email", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Checks that the key can be used: it imports (once) and, for RSA, its size is within the limits. The size is
    /// checked before any RSA operation: first from the encoded length (so a huge key is not even imported), then exactly.
    /// </summary>
    /// <returns><see cref="DkimProblem.None"/> when usable, otherwise the problem.</returns>
    internal DkimProblem CheckUsable(int minRsaBits, int maxRsaBits, out string? reason, out int keyBits)
    {
        keyBits = 0;
        reason = null;
        if (KeyType == DkimKeyType.Ed25519)
        {
            if (GetImported() is not Ed25519PublicKeyParameters)
            {
                reason = "the Ed25519 public key is not a valid 32-byte point";
                return DkimProblem.MalformedKey;
            }

            keyBits = 256;
            return DkimProblem.None;
        }

        // An RSA SubjectPublicKeyInfo carries ~38 bytes around the modulus and exponent.
        if ((PublicKeyData.Length - 64) * 8L > maxRsaBits)
        {
            reason = $"RSA key of about {(PublicKeyData.Length - 38) * 8} bits exceeds the {maxRsaBits}-bit limit";
            return DkimProblem.KeyTooLarge;
        }

        if (GetImported() is not RSA rsa)
        {
            reason = "the RSA public key does not parse as SubjectPublicKeyInfo or RSAPublicKey";
            return DkimProblem.MalformedKey;
        }

        keyBits = rsa.KeySize;
        if (keyBits < minRsaBits)
        {
            reason = $"RSA key of {keyBits} bits is below the {minRsaBits}-bit minimum (RFC 8301 §3.2)";
            return DkimProblem.KeyTooSmall;
        }

        if (keyBits > maxRsaBits)
        {
            reason = $"RSA key of {keyBits} bits exceeds the {maxRsaBits}-bit limit";
            return DkimProblem.KeyTooLarge;
        }

        return DkimProblem.None;
    }

    /// <summary>Verifies <paramref name="signature"/> over <paramref name="hash"/> after <see cref="CheckUsable"/>.</summary>
    /// <returns><see cref="DkimProblem.None"/> when the signature is valid, otherwise the problem.</returns>
    internal DkimProblem Verify(DkimAlgorithm algorithm, ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, int minRsaBits, int maxRsaBits, out string? reason, out int keyBits)
    {
        var problem = CheckUsable(minRsaBits, maxRsaBits, out reason, out keyBits);
        if (problem != DkimProblem.None)
        {
            return problem;
        }

        if (GetImported() is Ed25519PublicKeyParameters ed)
        {
            if (signature.Length != Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.SignatureSize)
            {
                reason = "an Ed25519 signature is 64 bytes";
                return DkimProblem.SignatureMismatch;
            }

            return ed.Verify(Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Algorithm.Ed25519, null, hash, signature) ? DkimProblem.None : DkimProblem.SignatureMismatch;
        }

        try
        {
            return ((RSA)GetImported()!).VerifyHash(hash, signature, DkimAlgorithms.GetHash(algorithm), RSASignaturePadding.Pkcs1)
                ? DkimProblem.None
                : DkimProblem.SignatureMismatch;
        }
        catch (CryptographicException ex)
        {
            reason = ex.Message;
            return DkimProblem.SignatureMismatch;
        }
    }

    private object? GetImported()
    {
        var imported = Volatile.Read(ref _imported);
        if (imported is not null)
        {
            return imported;
        }

        lock (_importLock)
        {
            _imported ??= Import();
            return _imported;
        }
    }

    private object Import()
    {
        var data = PublicKeyData.Span;
        if (KeyType == DkimKeyType.Ed25519)
        {
            if (data.Length != 32)
            {
                return DkimProblem.MalformedKey;
            }

            try
            {
                return new Ed25519PublicKeyParameters(data);
            }
            catch (ArgumentException)
            {
                return DkimProblem.MalformedKey;
            }
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportSubjectPublicKeyInfo(data, out int read);
            if (read == data.Length)
            {
                return rsa;
            }
        }
        catch (CryptographicException)
        {
            // Not SubjectPublicKeyInfo; some domains publish a bare PKCS#1 RSAPublicKey instead.
        }

        try
        {
            rsa.ImportRSAPublicKey(data, out int read);
            if (read == data.Length)
            {
                return rsa;
            }
        }
        catch (CryptographicException)
        {
        }

        rsa.Dispose();
        return DkimProblem.MalformedKey;
    }

    private static string[] SplitList(ReadOnlySpan<char> list)
    {
        var items = new List<string>();
        bool done = false;
        while (DkimText.TryTakeItem(ref list, out var item, ref done))
        {
            if (!item.IsEmpty)
            {
                items.Add(item.ToString());
            }
        }

        return [.. items];
    }
}
