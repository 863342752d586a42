namespace MailAuth.Dmarc;

/// <summary>Outcome of an Organizational Domain look-up.</summary>
public enum OrganizationalDomainStatus
{
    /// <summary>Determined.</summary>
    Found = 0,

    /// <summary>A transient DNS failure stopped the tree walk.</summary>
    TempError = 1,

    /// <summary>The input is not a usable domain name.</summary>
    InvalidDomain = 2,
}
