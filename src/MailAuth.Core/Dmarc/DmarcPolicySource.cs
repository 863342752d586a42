namespace MailAuth.Dmarc;

/// <summary>Which tag of the record gave the applicable policy (RFC 9989 §4.10.1, RFC 7489 §6.6.3, RFC 9091).</summary>
public enum DmarcPolicySource
{
    /// <summary><c>p</c>: the Author Domain is the policy domain, or no <c>sp</c>/<c>np</c> applied.</summary>
    Domain = 0,

    /// <summary><c>sp</c>: the Author Domain is an existing subdomain of the policy domain.</summary>
    Subdomain = 1,

    /// <summary><c>np</c>: the Author Domain is a non-existent subdomain of the policy domain.</summary>
    NonExistentSubdomain = 2,
}
