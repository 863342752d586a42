namespace MailAuth.Spf;

/// <summary>
/// A modifier (RFC 7208 §6, §4.6.1): <c>redirect=</c>, <c>exp=</c> or an unknown <c>name=macro-string</c>,
/// which is kept but has no effect (§6).
/// </summary>
public sealed class SpfModifier : SpfTerm, IEquatable<SpfModifier>
{
    internal SpfModifier(string name, SpfMacroString value)
    {
        Name = name;
        MacroValue = value;
    }

    /// <summary>The modifier name: <c>redirect</c> and <c>exp</c> in lower case, unknown names as written.</summary>
    public string Name { get; }

    /// <summary>The value: a domain-spec for <c>redirect</c>/<c>exp</c>, a macro-string otherwise.</summary>
    public string Value => MacroValue.ToString();

    /// <summary><see langword="true"/> when <see cref="Value"/> holds a macro-expand (RFC 7208 §7).</summary>
    public bool ValueHasMacros => MacroValue.HasMacros;

    /// <summary>The parsed value the evaluator expands.</summary>
    internal SpfMacroString MacroValue { get; }

    /// <summary><see langword="true"/> for <c>redirect=</c> (§6.1).</summary>
    public bool IsRedirect => Name == "redirect";

    /// <summary><see langword="true"/> for <c>exp=</c> (§6.2).</summary>
    public bool IsExplanation => Name == "exp";

    /// <inheritdoc />
    public override string ToString() => Name + "=" + Value;

    /// <inheritdoc />
    public bool Equals(SpfModifier? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal) && MacroValue.Equals(other.MacroValue);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SpfModifier);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Name), MacroValue);
}
