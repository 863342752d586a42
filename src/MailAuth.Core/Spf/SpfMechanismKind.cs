namespace MailAuth.Spf;

/// <summary>The mechanisms of RFC 7208 §5.</summary>
public enum SpfMechanismKind
{
    /// <summary><c>all</c> (§5.1): always matches.</summary>
    All = 0,

    /// <summary><c>include:domain-spec</c> (§5.2): matches when the included policy passes.</summary>
    Include,

    /// <summary><c>a[:domain-spec][dual-cidr-length]</c> (§5.3).</summary>
    A,

    /// <summary><c>mx[:domain-spec][dual-cidr-length]</c> (§5.4).</summary>
    Mx,

    /// <summary><c>ptr[:domain-spec]</c> (§5.5, use discouraged).</summary>
    Ptr,

    /// <summary><c>ip4:ip4-network[/prefix]</c> (§5.6).</summary>
    Ip4,

    /// <summary><c>ip6:ip6-network[/prefix]</c> (§5.6).</summary>
    Ip6,

    /// <summary><c>exists:domain-spec</c> (§5.7).</summary>
    Exists,
}
