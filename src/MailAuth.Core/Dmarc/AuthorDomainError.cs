namespace MailAuth.Dmarc;

/// <summary>Why no Author Domain could be taken from the RFC5322.From field (RFC 7489 §6.6.1).</summary>
internal enum AuthorDomainError
{
    /// <summary>At least one domain was found.</summary>
    None = 0,

    /// <summary>The message has no From field.</summary>
    NoFromField,

    /// <summary>
    /// The message has more than one From field (RFC 5322 §3.6 allows exactly one). <see cref="AuthorDomains.Extract(IReadOnlyList{string})"/>
    /// no longer reports it (it reads every field, see <see cref="AuthorDomains.FromFieldCount"/>); kept for callers that build their own.
    /// </summary>
    MultipleFromFields,

    /// <summary>The From field holds no address (e.g. an empty group).</summary>
    NoAddress,

    /// <summary>An address has no domain (no "@", or a domain literal such as <c>[192.0.2.1]</c>).</summary>
    AddressWithoutDomain,

    /// <summary>The field is not parseable (unbalanced quotes, comments or angle brackets).</summary>
    Malformed,

    /// <summary>
    /// A domain cannot be a DNS domain name for DMARC: an address literal written without brackets (<c>user@192.0.2.1</c>),
    /// an all-numeric top-level label, an empty or over-long label. No DNS query is made with it.
    /// </summary>
    InvalidDomain,
}
