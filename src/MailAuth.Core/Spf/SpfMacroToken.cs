namespace MailAuth.Spf;

/// <summary>
/// One piece of a parsed macro-string (RFC 7208 §7.1): either a literal run (escapes already resolved)
/// (<see cref="Letter"/> is NUL, or the escape character for <c>%%</c>, <c>%_</c>, <c>%-</c>) or a macro-expand <c>%{letter digits r delimiters}</c>.
/// </summary>
internal readonly struct SpfMacroToken : IEquatable<SpfMacroToken>
{
    private SpfMacroToken(string? literal, char letter, int digits, bool reverse, string? delimiters, bool urlEscape)
    {
        Literal = literal;
        Letter = letter;
        Digits = digits;
        Reverse = reverse;
        Delimiters = delimiters;
        UrlEscape = urlEscape;
    }

    /// <summary>The literal text, or <see langword="null"/> for a macro.</summary>
    public string? Literal { get; }

    /// <summary>The lower-case macro letter.</summary>
    public char Letter { get; }

    /// <summary>The digit transformer: keep this many right-hand parts; 0 keeps all.</summary>
    public int Digits { get; }

    /// <summary>The <c>r</c> transformer.</summary>
    public bool Reverse { get; }

    /// <summary>The delimiters, or <see langword="null"/> for the default ".".</summary>
    public string? Delimiters { get; }

    /// <summary>Upper-case macro letter: URL-escape the expansion (§7.3).</summary>
    public bool UrlEscape { get; }

    public bool IsLiteral => Literal is not null;

    public static SpfMacroToken ForLiteral(string text) => new(text, '\0', 0, false, null, false);

    /// <summary>An escape (§7.1): <c>%%</c> is '%', <c>%_</c> a space, <c>%-</c> the text "%20".</summary>
    public static SpfMacroToken ForEscape(char escape) => new(escape switch { '%' => "%", '_' => " ", _ => "%20" }, escape, 0, false, null, false);

    public static SpfMacroToken ForMacro(char letter, int digits, bool reverse, string? delimiters, bool urlEscape)
        => new(null, letter, digits, reverse, delimiters, urlEscape);

    public bool Equals(SpfMacroToken other) => string.Equals(Literal, other.Literal, StringComparison.Ordinal)
        && Letter == other.Letter && Digits == other.Digits && Reverse == other.Reverse
        && string.Equals(Delimiters, other.Delimiters, StringComparison.Ordinal) && UrlEscape == other.UrlEscape;

    public override bool Equals(object? obj) => obj is SpfMacroToken other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Literal, Letter, Digits, Reverse, Delimiters, UrlEscape);
}
