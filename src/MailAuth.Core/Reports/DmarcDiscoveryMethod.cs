namespace MailAuth.Reports;

/// <summary>How the receiver found the DMARC Policy Record (RFC 9990 <c>DiscoveryType</c>).</summary>
public enum DmarcDiscoveryMethod
{
    /// <summary><c>psl</c>: the Public Suffix List method of RFC 7489 §3.2.</summary>
    Psl = 0,

    /// <summary><c>treewalk</c>: the DNS tree walk of RFC 9989 §4.10.</summary>
    TreeWalk = 1,
}
