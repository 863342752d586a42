namespace MailAuth.Dkim;

/// <summary>What a signature or hash tag's value must be.</summary>
internal enum DkimValueRule
{
    /// <summary>The header type has no such tag; one that appears is ignored.</summary>
    NotUsed,

    /// <summary>Non-empty base64 (FWS allowed inside, RFC 6376 §3.5).</summary>
    Base64,

    /// <summary>Base64 or empty: a signing template whose body hash the signer fills in (RFC 6376 §5).</summary>
    Base64OrEmpty,

    /// <summary>Empty: a signing template whose signature the signer fills in (RFC 6376 §5).</summary>
    Empty,
}
