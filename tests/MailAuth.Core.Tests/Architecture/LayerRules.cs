namespace MailAuth.Tests.Architecture;

/// <summary>One reference from a type of MailAuth.Core to another type.</summary>
/// <param name="FromType">The referencing type (nested and compiler-generated types are reported under their own name).</param>
/// <param name="FromNamespace">The namespace of the referencing type's outermost declaring type.</param>
/// <param name="ToType">The referenced type.</param>
/// <param name="ToNamespace">The namespace of the referenced type's outermost declaring type.</param>
internal readonly record struct TypeEdge(string FromType, string FromNamespace, string ToType, string ToNamespace);

/// <summary>
/// The dependency rule of docs/architecture.md: a namespace uses only namespaces listed before it (and itself); protocol
/// namespaces do not use each other, except DomainKeys and Arc, which use the DKIM engine.
/// </summary>
internal static class LayerRules
{
    /// <summary>The layers of MailAuth.Core, bottom up (ARCHITECTURE.md, "Layers").</summary>
    public static readonly IReadOnlyList<string> Layers =
    [
        "MailAuth.Diagnostics",
        "MailAuth.Text",
        "MailAuth.Messages",
        "MailAuth.Dns",
        "MailAuth.AuthResults",
        "MailAuth.PublicSuffix",
        "MailAuth.Keys",
        "MailAuth.Spf",
        "MailAuth.Dkim",
        "MailAuth.DomainKeys",
        "MailAuth.Arc",
        "MailAuth.Dmarc",
        "MailAuth.Srs",
        "MailAuth",
        "MailAuth.Policy",
        "MailAuth.Reports",
        "MailAuth.Audit",
    ];

    private static readonly HashSet<string> Protocols =
        ["MailAuth.Spf", "MailAuth.Dkim", "MailAuth.DomainKeys", "MailAuth.Arc", "MailAuth.Dmarc", "MailAuth.Srs"];

    /// <summary>
    /// The layer a namespace belongs to: the listed namespace itself, or the listed namespace it is nested in
    /// (<c>MailAuth.Dkim.Engine</c> belongs to <c>MailAuth.Dkim</c>). The facade namespace <c>MailAuth</c> holds only itself,
    /// so an unlisted <c>MailAuth.Something</c> has no layer. <see langword="null"/> when the namespace has no layer.
    /// </summary>
    public static string? LayerOf(string ns)
    {
        if (ns == "MailAuth")
        {
            return ns;
        }

        string? best = null;
        foreach (string layer in Layers)
        {
            if (layer != "MailAuth" && (ns == layer || ns.StartsWith(layer + ".", StringComparison.Ordinal))
                && (best is null || layer.Length > best.Length))
            {
                best = layer;
            }
        }

        return best;
    }

    /// <summary>Whether a namespace is MailAuth's own (and so must be placed in a layer).</summary>
    public static bool IsOwn(string ns) => ns == "MailAuth" || ns.StartsWith("MailAuth.", StringComparison.Ordinal);

    /// <summary>Why a reference from <paramref name="fromNamespace"/> to <paramref name="toNamespace"/> breaks the rule, or <see langword="null"/> when it does not.</summary>
    public static string? Violation(string fromNamespace, string toNamespace)
    {
        if (!IsOwn(fromNamespace) || !IsOwn(toNamespace))
        {
            // System.*, Microsoft.*, <PrivateImplementationDetails> (empty namespace) and third-party code are not layered.
            return null;
        }

        string? from = LayerOf(fromNamespace);
        if (from is null)
        {
            return $"namespace {fromNamespace} is in no layer of docs/architecture.md";
        }

        string? to = LayerOf(toNamespace);
        if (to is null)
        {
            return $"namespace {toNamespace} is in no layer of docs/architecture.md";
        }

        if (from == to)
        {
            return null;
        }

        int fromIndex = IndexOf(from);
        int toIndex = IndexOf(to);
        if (toIndex > fromIndex)
        {
            return $"{from} may not use {to}, a layer above it";
        }

        if (Protocols.Contains(from) && Protocols.Contains(to)
            && !(to == "MailAuth.Dkim" && from is "MailAuth.DomainKeys" or "MailAuth.Arc"))
        {
            return $"protocol {from} may not use protocol {to} (only DomainKeys and Arc use Dkim)";
        }

        return null;
    }

    /// <summary>Every edge that breaks the rule, one line each (from-type → referenced type: reason), sorted and without duplicates.</summary>
    public static IReadOnlyList<string> FindViolations(IEnumerable<TypeEdge> edges)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var edge in edges)
        {
            string? reason = Violation(edge.FromNamespace, edge.ToNamespace);
            if (reason is not null)
            {
                lines.Add($"{edge.FromType} → {edge.ToType}: {reason}");
            }
        }

        return [.. lines];
    }

    private static int IndexOf(string layer)
    {
        for (int i = 0; i < Layers.Count; i++)
        {
            if (Layers[i] == layer)
            {
                return i;
            }
        }

        throw new ArgumentException("not a layer: " + layer, nameof(layer));
    }
}
