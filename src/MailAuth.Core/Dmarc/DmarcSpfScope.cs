namespace MailAuth.Dmarc;

/// <summary>The identity SPF checked (RFC 7208 §2.3, §2.4).</summary>
public enum DmarcSpfScope
{
    /// <summary>The RFC5321.MailFrom domain.</summary>
    MailFrom = 0,

    /// <summary>
    /// The HELO identity. DMARC uses it only when the MAIL FROM was null and SPF therefore checked
    /// <c>postmaster@HELO</c> (RFC 7489 §4.1, RFC 9989 §3.2.4); pass it only in that case.
    /// </summary>
    Helo = 1,
}
