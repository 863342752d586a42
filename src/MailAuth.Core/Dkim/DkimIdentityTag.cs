namespace MailAuth.Dkim;

/// <summary>What the <c>i=</c> tag of a header type means.</summary>
internal enum DkimIdentityTag
{
    /// <summary>No <c>i=</c> tag is defined (DomainKey-Signature); one that appears is ignored.</summary>
    None,

    /// <summary>The agent or user identifier, AUID (DKIM-Signature, RFC 6376 §3.5).</summary>
    Auid,

    /// <summary>The ARC instance, 1 to 50 (RFC 8617 §4.2.1).</summary>
    Instance,
}
