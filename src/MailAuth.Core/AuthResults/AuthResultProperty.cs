namespace MailAuth.AuthResults;

/// <summary>
/// One <c>propspec</c> of a method result (RFC 8601 §2.2, §2.3): <c>ptype "." property "=" pvalue</c>, for example
/// <c>smtp.mailfrom=example.net</c> or <c>header.d=example.com</c>.
/// </summary>
public sealed class AuthResultProperty : IEquatable<AuthResultProperty>
{
    /// <summary>Creates a property.</summary>
    /// <param name="type">
    /// The ptype (RFC 8601 §2.3: <c>smtp</c>, <c>header</c>, <c>body</c>, <c>policy</c>, or an extension Keyword).
    /// Empty for a property written without a ptype, as some receivers do (<c>action=none</c>); such a
    /// property name cannot contain "." or be <c>reason</c>.
    /// </param>
    /// <param name="name">The property: a Keyword, possibly with inner dots or hyphens (e.g. <c>mailfrom</c>, <c>d</c>).</param>
    /// <param name="value">The pvalue, unquoted (the formatter quotes it when needed).</param>
    /// <param name="comment">A comment written after the value, without parentheses, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">A part has characters the syntax does not allow.</exception>
    public AuthResultProperty(string type, string name, string value, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (type.Length > 0 && !AuthResultsSyntax.IsKeyword(type))
        {
            throw new ArgumentException("The ptype must be a Keyword (letters, digits, '-').", nameof(type));
        }

        if (!AuthResultsSyntax.IsPropertyName(name)
            || (type.Length == 0 && (name.Contains('.', StringComparison.Ordinal) || name.Equals("reason", StringComparison.OrdinalIgnoreCase))))
        {
            throw new ArgumentException("The property must be a Keyword with optional inner dots.", nameof(name));
        }

        AuthResultsSyntax.ThrowIfControl(value, nameof(value));
        if (comment is not null)
        {
            AuthResultsSyntax.ThrowIfControl(comment, nameof(comment));
        }

        Type = type;
        Name = name;
        Value = value;
        Comment = comment;
    }

    /// <summary>The ptype (RFC 8601 §2.3), e.g. <c>smtp</c> or <c>header</c>; empty when the field had none.</summary>
    public string Type { get; }

    /// <summary>The property, e.g. <c>mailfrom</c> or <c>d</c>.</summary>
    public string Name { get; }

    /// <summary>The value, without quotes.</summary>
    public string Value { get; }

    /// <summary>A comment that followed the value, or <see langword="null"/>.</summary>
    public string? Comment { get; }

    /// <summary>Whether this is <paramref name="type"/>.<paramref name="name"/>, ignoring ASCII case.</summary>
    /// <param name="type">The ptype.</param>
    /// <param name="name">The property.</param>
    /// <returns><see langword="true"/> on a match.</returns>
    public bool Is(string type, string name)
        => string.Equals(Type, type, StringComparison.OrdinalIgnoreCase) && string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public bool Equals(AuthResultProperty? other)
        => other is not null && Type == other.Type && Name == other.Name && Value == other.Value && Comment == other.Comment;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AuthResultProperty);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, Name, Value, Comment);

    /// <summary>The propspec as the formatter writes it, e.g. <c>smtp.mailfrom=example.net</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Comment is null ? FormatSpec() : FormatSpec() + " " + AuthResultsSyntax.Comment(Comment);

    /// <summary><c>ptype "." property "=" pvalue</c> without the comment; tokens and addresses unquoted.</summary>
    internal string FormatSpec()
    {
        string value = AuthResultsSyntax.IsToken(Value) || AuthResultsSyntax.IsAddress(Value) ? Value : AuthResultsSyntax.Quote(Value);
        return (Type.Length > 0 ? Type + "." : "") + Name + "=" + value;
    }
}
