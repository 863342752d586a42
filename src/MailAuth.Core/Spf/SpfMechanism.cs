using System.Net;
using System.Net.Sockets;

namespace MailAuth.Spf;

/// <summary>
/// A mechanism (RFC 7208 §5): qualifier, kind, and its argument — a domain-spec for
/// <c>include a mx ptr exists</c>, a network for <c>ip4 ip6</c>, and CIDR prefix lengths where allowed.
/// </summary>
public sealed class SpfMechanism : SpfTerm, IEquatable<SpfMechanism>
{
    private string? _text;

    internal SpfMechanism(SpfQualifier qualifier, SpfMechanismKind kind, SpfMacroString? domainSpec, IPAddress? network, int? ip4PrefixLength, int? ip6PrefixLength)
    {
        Qualifier = qualifier;
        Kind = kind;
        DomainSpecMacro = domainSpec;
        Network = network;
        Ip4PrefixLength = ip4PrefixLength;
        Ip6PrefixLength = ip6PrefixLength;
        if (network is not null)
        {
            NetworkBits = SpfAddress.ToBits(network);
        }
    }

    /// <summary>The qualifier (§4.6.2); <see cref="SpfQualifier.Pass"/> when none was written.</summary>
    public SpfQualifier Qualifier { get; }

    /// <summary>The mechanism.</summary>
    public SpfMechanismKind Kind { get; }

    /// <summary>
    /// The domain-spec argument as text (RFC 7208 §7.1 macro-string, canonical form), or <see langword="null"/> when absent
    /// (the current domain is used). <see cref="DomainSpecHasMacros"/> tells whether its value depends on the evaluation.
    /// </summary>
    public string? DomainSpec => DomainSpecMacro?.ToString();

    /// <summary><see langword="true"/> when <see cref="DomainSpec"/> holds a macro-expand (RFC 7208 §7), so its target is known only at evaluation.</summary>
    public bool DomainSpecHasMacros => DomainSpecMacro?.HasMacros == true;

    /// <summary>The parsed domain-spec the evaluator expands.</summary>
    internal SpfMacroString? DomainSpecMacro { get; }

    /// <summary>The network of <c>ip4</c>/<c>ip6</c>; <see langword="null"/> for other mechanisms.</summary>
    public IPAddress? Network { get; }

    /// <summary>The IPv4 prefix length as written (<c>ip4</c>, <c>a</c>, <c>mx</c>); <see langword="null"/> means 32 (§5.6).</summary>
    public int? Ip4PrefixLength { get; }

    /// <summary>The IPv6 prefix length as written (<c>ip6</c>, <c>a</c>, <c>mx</c>); <see langword="null"/> means 128 (§5.6).</summary>
    public int? Ip6PrefixLength { get; }

    /// <summary><see langword="true"/> for the mechanisms that query DNS and count toward the limit of §4.6.4.</summary>
    public bool QueriesDns => Kind is SpfMechanismKind.Include or SpfMechanismKind.A or SpfMechanismKind.Mx or SpfMechanismKind.Ptr or SpfMechanismKind.Exists;

    internal UInt128 NetworkBits { get; }

    /// <summary>The result word of this mechanism's qualifier (§4.6.2).</summary>
    public SpfStatus MatchResult => Qualifier switch
    {
        SpfQualifier.Fail => SpfStatus.Fail,
        SpfQualifier.SoftFail => SpfStatus.SoftFail,
        SpfQualifier.Neutral => SpfStatus.Neutral,
        _ => SpfStatus.Pass,
    };

    /// <summary>The lower-case mechanism name.</summary>
    public string Name => Kind switch
    {
        SpfMechanismKind.All => "all",
        SpfMechanismKind.Include => "include",
        SpfMechanismKind.A => "a",
        SpfMechanismKind.Mx => "mx",
        SpfMechanismKind.Ptr => "ptr",
        SpfMechanismKind.Ip4 => "ip4",
        SpfMechanismKind.Ip6 => "ip6",
        _ => "exists",
    };

    /// <inheritdoc />
    public override string ToString() => _text ??= Format();

    private string Format()
    {
        string qualifier = Qualifier switch { SpfQualifier.Fail => "-", SpfQualifier.SoftFail => "~", SpfQualifier.Neutral => "?", _ => string.Empty };
        string argument = Network is not null ? ":" + Network : DomainSpec is not null ? ":" + DomainSpec : string.Empty;
        string cidr = Kind == SpfMechanismKind.Ip6
            ? (Ip6PrefixLength is { } p6 ? "/" + p6 : string.Empty)
            : (Ip4PrefixLength is { } p4 ? "/" + p4 : string.Empty) + (Ip6PrefixLength is { } q6 ? "//" + q6 : string.Empty);
        return qualifier + Name + argument + cidr;
    }

    /// <inheritdoc />
    public bool Equals(SpfMechanism? other) => other is not null && Qualifier == other.Qualifier && Kind == other.Kind
        && Equals(DomainSpecMacro, other.DomainSpecMacro) && Equals(Network, other.Network)
        && Ip4PrefixLength == other.Ip4PrefixLength && Ip6PrefixLength == other.Ip6PrefixLength;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SpfMechanism);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Qualifier, Kind, DomainSpecMacro, Network, Ip4PrefixLength, Ip6PrefixLength);

    /// <summary>True when <paramref name="address"/> (bits from <see cref="SpfAddress.ToBits"/>) lies in this ip4/ip6 network.</summary>
    internal bool ContainsAddress(UInt128 address, AddressFamily family)
    {
        if (Kind == SpfMechanismKind.Ip4)
        {
            return family == AddressFamily.InterNetwork && SpfAddress.PrefixMatches(address, NetworkBits, Ip4PrefixLength ?? 32, 32);
        }

        return family == AddressFamily.InterNetworkV6 && Network!.AddressFamily == AddressFamily.InterNetworkV6
            && SpfAddress.PrefixMatches(address, NetworkBits, Ip6PrefixLength ?? 128, 128);
    }
}
