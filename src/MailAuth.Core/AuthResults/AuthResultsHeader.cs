using System.Diagnostics.CodeAnalysis;

namespace MailAuth.AuthResults;

/// <summary>
/// An Authentication-Results header field (RFC 8601): the authentication service identifier (§2.5), an optional
/// version (§2.6), and the method results, or none (<c>none</c>, §2.2 no-result).
/// </summary>
public sealed class AuthResultsHeader : IEquatable<AuthResultsHeader>
{
    /// <summary>The header field name (RFC 8601 §2.2).</summary>
    public const string FieldName = "Authentication-Results";

    /// <summary>The ARC header field that carries a copy of the results (RFC 8617 §4.1.1).</summary>
    public const string ArcFieldName = "ARC-Authentication-Results";

    /// <summary>How deeply comments may nest before the parser gives up (RFC 5322 §3.2.2 allows any depth; hostile input should not).</summary>
    public const int MaxCommentDepth = 8;

    /// <summary>Creates a field value.</summary>
    /// <param name="authServId">The authentication service identifier (RFC 8601 §2.5), e.g. <c>mx.example.com</c>.</param>
    /// <param name="results">The method results; <see langword="null"/> or empty for <c>none</c>.</param>
    /// <param name="version">The field version (RFC 8601 §2.6, written after the authserv-id), or <see langword="null"/> (meaning 1).</param>
    /// <exception cref="ArgumentException">The authserv-id is empty or has control characters.</exception>
    public AuthResultsHeader(string authServId, IEnumerable<AuthMethodResult>? results = null, int? version = null)
        : this(authServId, results, version, allowEmptyAuthServId: false)
    {
    }

    // Lenient parsing reads fields written without an authserv-id; only it may create one with "".
    internal AuthResultsHeader(string authServId, IEnumerable<AuthMethodResult>? results, int? version, bool allowEmptyAuthServId)
    {
        ArgumentNullException.ThrowIfNull(authServId);
        if (authServId.Length == 0 && !allowEmptyAuthServId)
        {
            throw new ArgumentException("The authserv-id is empty.", nameof(authServId));
        }

        AuthResultsSyntax.ThrowIfControl(authServId, nameof(authServId));
        if (version < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(version), "A version is 1*DIGIT.");
        }

        AuthServId = authServId;
        Version = version;
        Results = results is null ? [] : results.Select(r => r ?? throw new ArgumentException("A result is null.", nameof(results))).ToArray();
    }

    /// <summary>
    /// The authentication service identifier (RFC 8601 §2.5); empty only for a field read with
    /// <see cref="AuthResultsParseMode.Lenient"/> that had none.
    /// </summary>
    public string AuthServId { get; }

    /// <summary>The version after the authserv-id (RFC 8601 §2.6), or <see langword="null"/> when absent.</summary>
    public int? Version { get; }

    /// <summary>The method results in order; empty for <c>none</c>.</summary>
    public IReadOnlyList<AuthMethodResult> Results { get; }

    /// <summary><see langword="true"/> when no authentication was performed (<c>; none</c>, RFC 8601 §2.2).</summary>
    public bool IsNone => Results.Count == 0;

    /// <summary>
    /// Parses an Authentication-Results field value, or a whole field starting with its name and colon. Accepts what
    /// real receivers write: comments anywhere (nested up to <see cref="MaxCommentDepth"/>), folding, quoted strings
    /// with escapes, <c>none</c>, addresses as values, method versions, unknown methods and ptypes, a trailing ";",
    /// and properties without ptype (<c>action=none</c>).
    /// </summary>
    /// <param name="text">The field value (or field).</param>
    /// <param name="value">The parsed field, on success.</param>
    /// <param name="error">What was wrong and at which offset, on failure.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out AuthResultsHeader? value, [NotNullWhen(false)] out AuthResultsParseError? error)
        => new AuthResultsParser(text).TryParse(out value, out error);

    /// <summary>
    /// Parses an Authentication-Results field value (or whole field) in the given mode. <see cref="AuthResultsParseMode.Strict"/>
    /// is <see cref="TryParse(ReadOnlySpan{char}, out AuthResultsHeader?, out AuthResultsParseError?)"/>;
    /// <see cref="AuthResultsParseMode.Lenient"/> recovers at each ";" and reports in <paramref name="skipped"/> what it
    /// left out, each with its <see cref="AuthResultsParseError.Offset"/> and <see cref="AuthResultsParseError.Length"/>.
    /// </summary>
    /// <param name="text">The field value (or field).</param>
    /// <param name="mode">Strict (RFC 8601 §2.2) or lenient.</param>
    /// <param name="value">The parsed field: at least one result or <c>none</c>.</param>
    /// <param name="skipped">What lenient parsing skipped, in order; empty in strict mode.</param>
    /// <param name="error">Why no field could be read, on failure.</param>
    /// <returns><see langword="true"/> when a field was read.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, AuthResultsParseMode mode, [NotNullWhen(true)] out AuthResultsHeader? value, out IReadOnlyList<AuthResultsParseError> skipped, [NotNullWhen(false)] out AuthResultsParseError? error)
    {
        var parser = new AuthResultsParser(text, mode);
        bool ok = parser.TryParse(out value, out error);
        skipped = parser.Skipped;
        return ok;
    }

    /// <summary>
    /// Parses an ARC-Authentication-Results field value, or a whole field with its name (RFC 8617 §4.1.1:
    /// <c>arc-info = instance [CFWS] ";" authres-payload</c>): the instance <c>i=</c> and the Authentication-Results
    /// payload, with the same leniency as <see cref="TryParse(ReadOnlySpan{char}, out AuthResultsHeader?, out AuthResultsParseError?)"/>. The instance range (1–50) is left to the ARC layer.
    /// </summary>
    /// <param name="text">The field value (or field).</param>
    /// <param name="instance">The <c>i=</c> value, on success.</param>
    /// <param name="value">The payload, on success.</param>
    /// <param name="error">What was wrong and at which offset, on failure.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParseArc(ReadOnlySpan<char> text, out int instance, [NotNullWhen(true)] out AuthResultsHeader? value, [NotNullWhen(false)] out AuthResultsParseError? error)
        => new AuthResultsParser(text).TryParseArc(out instance, out value, out error);

    /// <summary>Parses like <see cref="TryParse(ReadOnlySpan{char}, out AuthResultsHeader?, out AuthResultsParseError?)"/>, throwing on a syntax error.</summary>
    /// <param name="text">The field value (or field).</param>
    /// <returns>The parsed field.</returns>
    /// <exception cref="FormatException">The text is not a valid field; the message has the offset.</exception>
    public static AuthResultsHeader Parse(ReadOnlySpan<char> text)
        => TryParse(text, out var value, out var error) ? value : throw new FormatException($"Invalid Authentication-Results: {error}.");

    /// <inheritdoc />
    public bool Equals(AuthResultsHeader? other)
        => other is not null && AuthServId == other.AuthServId && Version == other.Version && Results.SequenceEqual(other.Results);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AuthResultsHeader);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(AuthServId, Version, Results.Count);

    /// <summary>The whole field, folded at 78 columns, without a trailing CRLF (see <see cref="AuthResultsFormatter.Format"/>).</summary>
    /// <returns>The field text.</returns>
    public override string ToString() => AuthResultsFormatter.Format(this);
}
