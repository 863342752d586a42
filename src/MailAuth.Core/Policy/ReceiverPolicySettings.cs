namespace MailAuth.Policy;

/// <summary>
/// The receiving settings of every customer domain: one <see cref="DomainPolicySettings"/> per recipient domain and the
/// settings for any other domain. A plain model; <see cref="ReceiverPolicy"/> validates it and keeps an immutable
/// compiled copy.
/// </summary>
public sealed class ReceiverPolicySettings
{
    /// <summary>The settings for recipient domains not in <see cref="Domains"/>.</summary>
    /// <value>Default: filtering on, follow DMARC, no allowlists.</value>
    public DomainPolicySettings Default { get; init; } = new();

    /// <summary>Settings per recipient domain (the key is the domain; case does not matter; a subdomain does not inherit its parent's).</summary>
    /// <value>Default empty.</value>
    public IReadOnlyDictionary<string, DomainPolicySettings> Domains { get; init; } = new Dictionary<string, DomainPolicySettings>();

    /// <summary>The most entries of one allowlist (each list of each domain).</summary>
    /// <value>Default 10 000; 1–1 000 000.</value>
    public int MaxListEntries { get; init; } = 10_000;

    /// <summary>The most recipient domains.</summary>
    /// <value>Default 100 000; 1–10 000 000.</value>
    public int MaxDomains { get; init; } = 100_000;
}
