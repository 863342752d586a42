namespace MailAuth.Interop.Tests.Dkim;

/// <summary>
/// The committed TEST-ONLY keys of the interop matrix (TestData/Dkim/keys, see its README) and where
/// their public halves are published: <c>tests/zones/dkim.mailauth.test.zone</c> and the key table.
/// </summary>
internal static class DkimTestKeys
{
    public const string Domain = "dkim.mailauth.test";
    public const string RsaSha256 = "rsa-sha256";
    public const string Ed25519Sha256 = "ed25519-sha256";

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "TestData", "Dkim", "keys");

    /// <summary>Lines <c>selector._domainkey.domain&lt;TAB&gt;record</c>; read by every offline driver.</summary>
    public static string KeyTablePath => Path.Combine(Directory, "keys.table");

    /// <summary>The zone file the DNS server on 127.0.0.1:5053 serves with the same records.</summary>
    public static string ZoneFilePath => Path.Combine(AppContext.BaseDirectory, "zones", "dkim.mailauth.test.zone");

    public static string Selector(string algorithm) => algorithm switch
    {
        RsaSha256 => "rsa2048",
        Ed25519Sha256 => "ed25519",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown algorithm"),
    };

    /// <summary>The private key as PEM (PKCS#1 for RSA, PKCS#8 for Ed25519).</summary>
    public static string PemPath(string algorithm) => Path.Combine(Directory, Selector(algorithm) + ".pem");

    /// <summary>The Ed25519 key as the base64 32-byte seed that PyNaCl (dkimpy) takes.</summary>
    public static string Ed25519SeedPath => Path.Combine(Directory, "ed25519.seed.b64");

    /// <summary>The key table as a dictionary: DNS name (lower case, no trailing dot) to TXT record text.</summary>
    public static IReadOnlyDictionary<string, string> KeyTable { get; } = LoadKeyTable(KeyTablePath);

    public static IReadOnlyDictionary<string, string> LoadKeyTable(string path)
    {
        var table = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in File.ReadAllLines(path))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            table[line[..tab].TrimEnd('.')] = line[(tab + 1)..];
        }

        return table;
    }
}
