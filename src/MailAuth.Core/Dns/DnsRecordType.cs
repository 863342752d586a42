namespace MailAuth.Dns;

/// <summary>
/// The resource record types this library reads or serves, with their RFC 1035 §3.2.2 TYPE values
/// (AAAA: RFC 3596 §2.1; SPF: RFC 7208 §3.1, deprecated, never served as TXT).
/// </summary>
public enum DnsRecordType
{
    /// <summary>A host address (IPv4), RFC 1035 §3.4.1.</summary>
    A = 1,

    /// <summary>An authoritative name server, RFC 1035 §3.3.11.</summary>
    Ns = 2,

    /// <summary>The canonical name for an alias, RFC 1035 §3.3.1.</summary>
    Cname = 5,

    /// <summary>Start of a zone of authority, RFC 1035 §3.3.13.</summary>
    Soa = 6,

    /// <summary>A domain name pointer, RFC 1035 §3.3.12.</summary>
    Ptr = 12,

    /// <summary>Mail exchange, RFC 1035 §3.3.9.</summary>
    Mx = 15,

    /// <summary>Text strings, RFC 1035 §3.3.14.</summary>
    Txt = 16,

    /// <summary>An IPv6 host address, RFC 3596 §2.1.</summary>
    Aaaa = 28,

    /// <summary>The deprecated SPF type (RFC 7208 §3.1); kept apart from TXT.</summary>
    Spf = 99,
}
