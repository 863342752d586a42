namespace MailAuth.Keys;

/// <summary>Wire names of <see cref="DkimKeyType"/>: the <c>k=</c> tag of a DKIM key record (RFC 6376 §3.6.1, RFC 8463 §4).</summary>
internal static class DkimKeyTypes
{
    // key-k-tag-type = "rsa" / x-key-k-tag-type   (RFC 6376 §3.6.1; "ed25519" added by RFC 8463 §4)
    public static string GetName(DkimKeyType keyType) => keyType == DkimKeyType.Ed25519 ? "ed25519" : "rsa";

    public static bool TryParse(ReadOnlySpan<char> name, out DkimKeyType keyType)
    {
        if (name.Equals("rsa", StringComparison.OrdinalIgnoreCase))
        {
            keyType = DkimKeyType.Rsa;
            return true;
        }

        if (name.Equals("ed25519", StringComparison.OrdinalIgnoreCase))
        {
            keyType = DkimKeyType.Ed25519;
            return true;
        }

        keyType = default;
        return false;
    }
}
