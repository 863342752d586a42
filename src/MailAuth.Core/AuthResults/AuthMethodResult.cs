namespace MailAuth.AuthResults;

/// <summary>
/// One <c>resinfo</c> of an Authentication-Results field (RFC 8601 §2.2): the method, its result, an optional
/// reason and the properties it evaluated, e.g. <c>dkim=pass reason="good signature" header.d=example.com</c>.
/// </summary>
public sealed class AuthMethodResult : IEquatable<AuthMethodResult>
{
    /// <summary>Creates a method result.</summary>
    /// <param name="method">The method Keyword (RFC 8601 §2.7: <c>spf</c>, <c>dkim</c>, <c>dmarc</c>, <c>arc</c>, <c>iprev</c>, <c>auth</c>, …); unknown methods are allowed.</param>
    /// <param name="result">The result Keyword (RFC 8601 §2.7, e.g. <c>pass</c>, <c>fail</c>, <c>none</c>, <c>temperror</c>).</param>
    /// <param name="properties">The properties, in order; <see langword="null"/> for none.</param>
    /// <param name="reason">The <c>reason=</c> text (RFC 8601 §2.2 reasonspec), or <see langword="null"/>.</param>
    /// <param name="methodVersion">The method version (RFC 8601 §2.2 <c>method-version</c>, as in <c>dkim/1</c>), or <see langword="null"/>.</param>
    /// <param name="comment">A comment written after the result, without parentheses (e.g. <c>cram-md5</c>), or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">A part has characters the syntax does not allow.</exception>
    public AuthMethodResult(string method, string result, IEnumerable<AuthResultProperty>? properties = null, string? reason = null, int? methodVersion = null, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(result);
        if (!AuthResultsSyntax.IsKeyword(method))
        {
            throw new ArgumentException("The method must be a Keyword (letters, digits, '-').", nameof(method));
        }

        if (!AuthResultsSyntax.IsKeyword(result))
        {
            throw new ArgumentException("The result must be a Keyword (letters, digits, '-').", nameof(result));
        }

        if (methodVersion < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(methodVersion), "A method version is 1*DIGIT.");
        }

        if (reason is not null)
        {
            AuthResultsSyntax.ThrowIfControl(reason, nameof(reason));
        }

        if (comment is not null)
        {
            AuthResultsSyntax.ThrowIfControl(comment, nameof(comment));
        }

        Method = method;
        Result = result;
        Properties = properties is null ? [] : properties.Select(p => p ?? throw new ArgumentException("A property is null.", nameof(properties))).ToArray();
        Reason = reason;
        MethodVersion = methodVersion;
        Comment = comment;
    }

    /// <summary>The method, e.g. <c>dkim</c>.</summary>
    public string Method { get; }

    /// <summary>The method version (<c>dkim/1</c> → 1), or <see langword="null"/> when absent (which means 1, RFC 8601 §2.2).</summary>
    public int? MethodVersion { get; }

    /// <summary>The result, e.g. <c>pass</c>.</summary>
    public string Result { get; }

    /// <summary>The reason text, or <see langword="null"/>.</summary>
    public string? Reason { get; }

    /// <summary>A comment that followed the result, or <see langword="null"/>.</summary>
    public string? Comment { get; }

    /// <summary>The properties in order.</summary>
    public IReadOnlyList<AuthResultProperty> Properties { get; }

    /// <summary>Whether the method is <paramref name="method"/>, ignoring ASCII case.</summary>
    /// <param name="method">The method name.</param>
    /// <returns><see langword="true"/> on a match.</returns>
    public bool IsMethod(string method) => string.Equals(Method, method, StringComparison.OrdinalIgnoreCase);

    /// <summary>The value of the first property <paramref name="type"/>.<paramref name="name"/> (ignoring ASCII case), or <see langword="null"/>.</summary>
    /// <param name="type">The ptype, e.g. <c>header</c>.</param>
    /// <param name="name">The property, e.g. <c>d</c>.</param>
    /// <returns>The value.</returns>
    public string? GetProperty(string type, string name) => Properties.FirstOrDefault(p => p.Is(type, name))?.Value;

    /// <inheritdoc />
    public bool Equals(AuthMethodResult? other)
        => other is not null && Method == other.Method && MethodVersion == other.MethodVersion && Result == other.Result
           && Reason == other.Reason && Comment == other.Comment && Properties.SequenceEqual(other.Properties);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AuthMethodResult);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Method, MethodVersion, Result, Reason, Properties.Count);

    /// <summary>The resinfo as the formatter writes it, without the leading ";".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Join(' ', AuthResultsFormatter.Words(this));
}
