namespace MailAuth.Text;

/// <summary>Relaxations of the LDH domain-name syntax checked by <see cref="DomainName.IsValid"/>.</summary>
[Flags]
internal enum DomainNameRules
{
    /// <summary>RFC 6376 <c>domain-name = sub-domain 1*("." sub-domain)</c>: at least two LDH labels, no trailing dot.</summary>
    None = 0,

    /// <summary>Accept a single label (RFC 5321 <c>Domain</c>, DKIM selectors).</summary>
    AllowSingleLabel = 1,

    /// <summary>Accept "_" in labels (DNS owner names such as <c>_dmarc</c>, selectors seen in the wild).</summary>
    AllowUnderscore = 2,

    /// <summary>Accept one trailing "." (an absolute name).</summary>
    AllowTrailingDot = 4,
}
