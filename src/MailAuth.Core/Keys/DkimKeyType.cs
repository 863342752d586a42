namespace MailAuth.Keys;

/// <summary>A DKIM key type (<c>k=</c> tag of the key record, RFC 6376 §3.6.1, RFC 8463 §4).</summary>
public enum DkimKeyType
{
    /// <summary>"rsa" (RFC 6376 §3.6.1): <c>p=</c> holds a DER SubjectPublicKeyInfo (or, tolerated, a PKCS#1 RSAPublicKey).</summary>
    Rsa = 0,

    /// <summary>"ed25519" (RFC 8463 §4): <c>p=</c> holds the 32-byte raw public key.</summary>
    Ed25519 = 1,
}
