namespace MailAuth.Policy;

/// <summary>A provider's DKIM signing policy for one customer domain (guide 6.2.2, figure 6-9).</summary>
public enum SigningMode
{
    /// <summary>Sign everything: own-domain mail with the From domain's key, other mail with the customer domain's key (a third-party signature).</summary>
    SignAll = 0,

    /// <summary>Sign only mail whose From is the customer's domain (or a subdomain); send the rest unsigned.</summary>
    SignOwnDomainOnly = 1,

    /// <summary>Sign mail whose From is the customer's domain; refuse the rest.</summary>
    RefuseOtherDomains = 2,
}
