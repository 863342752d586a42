using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MailAuth.Text;

/// <summary>
/// A normalised domain name, the one form every protocol and the PSL compare and look up: A-labels (U-labels are
/// converted with <see cref="IdnMapping"/>, RFC 5890 §2.3.2.1), ASCII lower case (RFC 4343: DNS names compare
/// case-insensitively), no trailing dot, at most <see cref="MaxLength"/> characters and labels of 1–<see cref="MaxLabelLength"/>.
/// A struct over one string: it adds no allocation to a name that is already normalised. <c>default</c> is the empty name
/// (<see cref="IsEmpty"/>). Protocol-specific syntax (SPF <c>domain-spec</c>, DMARC's numeric top label) is checked by thin
/// functions in each protocol on top of this type.
/// </summary>
[DebuggerDisplay("{Value}")]
internal readonly struct DomainName : IEquatable<DomainName>
{
    /// <summary>Maximum length of a name in text form without the trailing dot (RFC 1035 §2.3.4: 255 octets on the wire).</summary>
    public const int MaxLength = 253;

    /// <summary>Maximum length of a label (RFC 1035 §2.3.4).</summary>
    public const int MaxLabelLength = 63;

    private readonly string? _value;

    private DomainName(string value) => _value = value;

    /// <summary>The normalised text; empty for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary><see langword="true"/> for <c>default</c> (no name, e.g. the parent of a single label).</summary>
    public bool IsEmpty => string.IsNullOrEmpty(_value);

    /// <summary>The number of labels (0 for the empty name).</summary>
    public int LabelCount => IsEmpty ? 0 : Value.AsSpan().Count('.') + 1;

    /// <summary>The right-most label (the top-level label), empty for the empty name.</summary>
    public ReadOnlySpan<char> TopLabel => Value.AsSpan(Value.LastIndexOf('.') + 1);

    /// <summary>The name without its left-most label; the empty name for a single label or the empty name.</summary>
    public DomainName Parent
    {
        get
        {
            string? parent = ParentOf(Value);
            return parent is null ? default : new DomainName(parent);
        }
    }

    /// <summary>The label at <paramref name="index"/>, counted from the left (0 is the left-most).</summary>
    /// <param name="index">The label index.</param>
    /// <returns>The label.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="LabelCount"/>.</exception>
    public ReadOnlySpan<char> GetLabel(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ReadOnlySpan<char> rest = Value;
        for (int i = 0; !rest.IsEmpty; i++)
        {
            int dot = rest.IndexOf('.');
            if (i == index)
            {
                return dot < 0 ? rest : rest[..dot];
            }

            if (dot < 0)
            {
                break;
            }

            rest = rest[(dot + 1)..];
        }

        throw new ArgumentOutOfRangeException(nameof(index));
    }

    /// <summary><see langword="true"/> when this name is a proper subdomain of <paramref name="parent"/> (it ends with "." + parent).</summary>
    /// <param name="parent">The candidate parent.</param>
    /// <returns>Whether this name lies strictly below <paramref name="parent"/>.</returns>
    public bool IsSubdomainOf(DomainName parent) => !parent.IsEmpty && IsSubdomainOf(Value, parent.Value);

    /// <summary><see langword="true"/> when this name equals <paramref name="other"/> or lies below it.</summary>
    /// <param name="other">The candidate ancestor.</param>
    /// <returns>Whether the names are equal or this one is a subdomain.</returns>
    public bool IsSameOrSubdomainOf(DomainName other) => Equals(other) || IsSubdomainOf(other);

    /// <inheritdoc/>
    public bool Equals(DomainName other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DomainName other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <summary>The normalised text.</summary>
    /// <returns><see cref="Value"/>.</returns>
    public override string ToString() => Value;

    /// <summary>Equality (case-insensitive, RFC 4343).</summary>
    /// <param name="left">A name.</param>
    /// <param name="right">Another name.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(DomainName left, DomainName right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">A name.</param>
    /// <param name="right">Another name.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(DomainName left, DomainName right) => !left.Equals(right);

    /// <summary>
    /// Normalises a host name: drops one trailing dot, converts U-labels to A-labels, lower-cases, then checks LDH syntax
    /// (<see cref="IsValid"/>) and the limits. Never throws for bad input.
    /// </summary>
    /// <param name="text">The name as written (not trimmed: callers that accept surrounding space trim first).</param>
    /// <param name="rules">Relaxations of the LDH syntax (a trailing dot is always accepted here).</param>
    /// <param name="name">The normalised name.</param>
    /// <param name="error">Why the text is not a name.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a valid name.</returns>
    public static bool TryParse(string? text, DomainNameRules rules, out DomainName name, [NotNullWhen(false)] out string? error)
    {
        name = default;
        text ??= string.Empty;
        string trimmed = text.EndsWith('.') ? text[..^1] : text;
        if (trimmed.Length == 0)
        {
            error = "empty domain";
            return false;
        }

        if (!System.Text.Ascii.IsValid(trimmed))
        {
            try
            {
                trimmed = new IdnMapping().GetAscii(trimmed);
            }
            catch (ArgumentException)
            {
                error = $"invalid internationalized domain '{text}'";
                return false;
            }
        }

        trimmed = ToLowerAscii(trimmed);
        if (!IsValid(trimmed, rules & ~DomainNameRules.AllowTrailingDot))
        {
            error = $"invalid domain '{text}'";
            return false;
        }

        name = new DomainName(trimmed);
        error = null;
        return true;
    }

    /// <summary>
    /// Normalises a DNS lookup name: drops one trailing dot and lower-cases ASCII letters, checking only what the wire
    /// format needs (RFC 1035 §2.3.4 lengths, no empty label) and rejecting controls and spaces. Any other character passes,
    /// as a DNS label may hold any octet (RFC 2181 §11; SPF macro expansions produce such names). The root (".") is not
    /// accepted: nothing in mail authentication looks it up.
    /// </summary>
    /// <param name="text">The name.</param>
    /// <param name="name">The lookup key.</param>
    /// <param name="error">Why the name cannot be queried.</param>
    /// <returns><see langword="true"/> when the name can be queried.</returns>
    public static bool TryCreateQueryName(string text, out DomainName name, [NotNullWhen(false)] out string? error)
    {
        ReadOnlySpan<char> span = TrimTrailingDot(text);
        name = default;
        if (span.IsEmpty)
        {
            error = "empty domain name";
            return false;
        }

        if (span.Length > MaxLength)
        {
            error = $"domain name longer than {MaxLength} characters";
            return false;
        }

        bool needsLower = false;
        int labelStart = 0;
        for (int i = 0; i <= span.Length; i++)
        {
            if (i == span.Length || span[i] == '.')
            {
                int length = i - labelStart;
                if (length == 0)
                {
                    error = "empty label in domain name";
                    return false;
                }

                if (length > MaxLabelLength)
                {
                    error = $"label longer than {MaxLabelLength} characters in domain name";
                    return false;
                }

                labelStart = i + 1;
                continue;
            }

            char c = span[i];
            if (c is >= 'A' and <= 'Z')
            {
                needsLower = true;
            }
            else if (c <= ' ' || c == 0x7F)
            {
                error = "control character or space in domain name";
                return false;
            }
        }

        error = null;
        string value = span.Length == text.Length ? text : span.ToString();
        name = new DomainName(needsLower ? ToLowerAscii(value) : value);
        return true;
    }

    /// <summary>
    /// Checks LDH syntax (RFC 5321 §4.1.2 <c>sub-domain = Let-dig [Ldh-str]</c>, RFC 6376 §3.5 <c>domain-name</c>):
    /// labels of 1–63 letters, digits and inner hyphens, at most 253 characters. A-labels (<c>xn--</c>) pass;
    /// U-labels (non-ASCII) do not — <see cref="TryParse"/> converts them first.
    /// </summary>
    /// <param name="name">The name.</param>
    /// <param name="rules">Relaxations.</param>
    /// <returns><see langword="true"/> when the name is syntactically valid.</returns>
    public static bool IsValid(ReadOnlySpan<char> name, DomainNameRules rules = DomainNameRules.None)
    {
        if ((rules & DomainNameRules.AllowTrailingDot) != 0 && name.Length > 1 && name[^1] == '.')
        {
            name = name[..^1];
        }

        if (name.IsEmpty || name.Length > MaxLength)
        {
            return false;
        }

        bool underscore = (rules & DomainNameRules.AllowUnderscore) != 0;
        int labels = 0;
        while (true)
        {
            int dot = name.IndexOf('.');
            ReadOnlySpan<char> label = dot < 0 ? name : name[..dot];
            if (!IsValidLabel(label, underscore))
            {
                return false;
            }

            labels++;
            if (dot < 0)
            {
                break;
            }

            name = name[(dot + 1)..];
        }

        return labels > 1 || (rules & DomainNameRules.AllowSingleLabel) != 0;
    }

    /// <summary>
    /// <see langword="true"/> when <paramref name="name"/> can be sent as a DNS query: labels of 1–63 characters, at most
    /// 253 characters without the optional trailing dot (RFC 1035 §2.3.4). Allocates nothing.
    /// </summary>
    /// <param name="name">The name.</param>
    /// <returns>Whether the name fits the wire limits.</returns>
    public static bool IsQueryable(ReadOnlySpan<char> name)
    {
        name = TrimTrailingDot(name);
        if (name.IsEmpty || name.Length > MaxLength)
        {
            return false;
        }

        int labelLength = 0;
        foreach (char c in name)
        {
            if (c == '.')
            {
                if (labelLength == 0)
                {
                    return false;
                }

                labelLength = 0;
            }
            else if (++labelLength > MaxLabelLength)
            {
                return false;
            }
        }

        return labelLength > 0;
    }

    /// <summary><paramref name="name"/> without one trailing dot (an absolute name in presentation form).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The relative form.</returns>
    public static ReadOnlySpan<char> TrimTrailingDot(ReadOnlySpan<char> name)
        => name.Length > 0 && name[^1] == '.' ? name[..^1] : name;

    /// <summary>The parent of a normalised name in text form, or <see langword="null"/> for a single label.</summary>
    /// <param name="normalized">A normalised name.</param>
    /// <returns>The name without its left-most label.</returns>
    public static string? ParentOf(string normalized)
    {
        int dot = normalized.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? null : normalized[(dot + 1)..];
    }

    /// <summary><see langword="true"/> when <paramref name="domain"/> is a proper subdomain of <paramref name="parent"/> (both normalised).</summary>
    /// <param name="domain">A normalised name.</param>
    /// <param name="parent">A normalised name.</param>
    /// <returns>Whether <paramref name="domain"/> ends with "." + <paramref name="parent"/>.</returns>
    public static bool IsSubdomainOf(string domain, string parent)
        => parent.Length > 0
            && domain.Length > parent.Length + 1
            && domain.EndsWith(parent, StringComparison.OrdinalIgnoreCase)
            && domain[domain.Length - parent.Length - 1] == '.';

    // sub-domain = Let-dig [Ldh-str] ; Ldh-str = *( ALPHA / DIGIT / "-" ) Let-dig
    private static bool IsValidLabel(ReadOnlySpan<char> label, bool underscore)
    {
        if (label.IsEmpty || label.Length > MaxLabelLength || label[0] == '-' || label[^1] == '-')
        {
            return false;
        }

        foreach (char c in label)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && !(underscore && c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    // ASCII-only lower-casing (RFC 4343 §3: only A–Z fold); returns the same instance when nothing changes.
    private static string ToLowerAscii(string text)
    {
        int first = text.AsSpan().IndexOfAnyInRange('A', 'Z');
        if (first < 0)
        {
            return text;
        }

        return string.Create(text.Length, text, static (dest, src) =>
        {
            for (int i = 0; i < src.Length; i++)
            {
                char c = src[i];
                dest[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            }
        });
    }
}
