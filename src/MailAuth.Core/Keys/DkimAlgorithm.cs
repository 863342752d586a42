namespace MailAuth.Keys;

/// <summary>A DKIM signing algorithm (<c>a=</c> tag, RFC 6376 §3.3, RFC 8463 §3).</summary>
public enum DkimAlgorithm
{
    /// <summary>"rsa-sha256" (RFC 6376 §3.3.2): RSASSA-PKCS1-v1_5 with SHA-256. The default.</summary>
    RsaSha256 = 0,

    /// <summary>"ed25519-sha256" (RFC 8463 §3): PureEdDSA (Ed25519) over the SHA-256 hash of the signed data.</summary>
    Ed25519Sha256 = 1,

    /// <summary>"rsa-sha1" (RFC 6376 §3.3.1): historic; RFC 8301 §3.1 forbids signing with it and lets verifiers reject it. Verify only, and only when allowed.</summary>
    RsaSha1 = 2,
}
