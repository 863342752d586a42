namespace MailAuth.Srs;

/// <summary>The form of an address in the Sender Rewriting Scheme.</summary>
public enum SrsAddressKind
{
    /// <summary>Not an SRS address (an ordinary address, or one left as it was).</summary>
    None = 0,

    /// <summary><c>SRS0=HHHH=TT=domain=local@alias</c>: rewritten by the first forwarder, with hash and timestamp.</summary>
    Srs0 = 1,

    /// <summary><c>SRS1=HHHH=first-hop==HHHH=TT=domain=local@alias</c>: an SRS0 address forwarded again, pointing back at the first forwarder.</summary>
    Srs1 = 2,
}
