namespace MailAuth.Dmarc;

/// <summary>Which DMARC specification drives record discovery and the Organizational Domain.</summary>
public enum DmarcMode
{
    /// <summary>
    /// RFC 9989 (DMARCbis, draft-ietf-dmarc-dmarcbis §4.10): DNS tree walk for the policy record and the Organizational
    /// Domain, <c>psd</c> and <c>t</c> tags honoured, <c>pct</c> ignored. The default.
    /// </summary>
    Rfc9989TreeWalk = 0,

    /// <summary>
    /// RFC 7489 §3.2 and §6.6.3: the Organizational Domain comes from the Public Suffix List; the record is looked up at the
    /// From domain and then at its Organizational Domain; <c>pct</c> is honoured through <see cref="DmarcOptions.PercentageSampler"/>.
    /// </summary>
    Rfc7489Psl = 1,
}
