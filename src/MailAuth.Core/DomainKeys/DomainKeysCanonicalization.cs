namespace MailAuth.DomainKeys;

/// <summary>A DomainKeys canonicalization algorithm (<c>c=</c>, draft-delany-domainkeys-base-06 §3.4.2).</summary>
public enum DomainKeysCanonicalization
{
    /// <summary>"simple" (§3.4.2.1): every line as it is; trailing empty lines ignored.</summary>
    Simple = 0,

    /// <summary>"nofws" (§3.4.2.2): header fields unfolded, and SP, HTAB, CR and LF removed from every line.</summary>
    NoFws = 1,
}
