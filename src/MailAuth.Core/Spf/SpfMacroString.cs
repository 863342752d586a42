using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace MailAuth.Spf;

/// <summary>
/// A parsed macro-string (RFC 7208 §7.1): literal runs, escapes and macro-expands, parsed once so that evaluation
/// never re-parses the text. <see cref="ToString"/> gives the canonical text.
/// </summary>
internal sealed class SpfMacroString : IEquatable<SpfMacroString>
{
    private readonly SpfMacroToken[] _tokens;
    private string? _text;

    private SpfMacroString(SpfMacroToken[] tokens)
    {
        _tokens = tokens;
        bool allLiteral = true;
        foreach (SpfMacroToken t in tokens)
        {
            allLiteral &= t.IsLiteral;
        }

        if (allLiteral)
        {
            LiteralValue = tokens.Length == 1 ? tokens[0].Literal : string.Concat(tokens.Select(t => t.Literal));
        }
    }

    /// <summary><see langword="true"/> when the string holds at least one macro letter (its value depends on the evaluation).</summary>
    public bool HasMacros => LiteralValue is null;

    /// <summary>The value when <see cref="HasMacros"/> is <see langword="false"/>; otherwise <see langword="null"/>.</summary>
    public string? LiteralValue { get; }

    internal SpfMacroToken[] Tokens => _tokens;

    internal bool UsesValidatedName => Array.Exists(_tokens, t => !t.IsLiteral && t.Letter == 'p');

    /// <summary>Parses a domain-spec (RFC 7208 §7.1: <c>domain-spec = macro-string domain-end</c>).</summary>
    /// <param name="text">The domain-spec text.</param>
    /// <param name="value">The parsed value, or <see langword="null"/>.</param>
    /// <param name="error">The error when parsing fails.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParseDomainSpec(ReadOnlySpan<char> text, [NotNullWhen(true)] out SpfMacroString? value, out SpfParseError error)
        => TryParse(text, SpfMacroSyntax.DomainSpec, 0, out value, out error);

    /// <summary>Parses an explanation string (RFC 7208 §6.2: <c>explain-string = *( macro-string / SP )</c>), where <c>%{c}</c>, <c>%{r}</c> and <c>%{t}</c> are allowed.</summary>
    /// <param name="text">The explanation text (the TXT strings joined).</param>
    /// <param name="value">The parsed value, or <see langword="null"/>.</param>
    /// <param name="error">The error when parsing fails.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParseExplanation(ReadOnlySpan<char> text, [NotNullWhen(true)] out SpfMacroString? value, out SpfParseError error)
        => TryParse(text, SpfMacroSyntax.Explanation, 0, out value, out error);

    // macro-string = *( macro-expand / macro-literal )
    // macro-expand = ( "%{" macro-letter transformers *delimiter "}" ) / "%%" / "%_" / "%-"
    // macro-literal = %x21-24 / %x26-7E
    internal static bool TryParse(ReadOnlySpan<char> text, SpfMacroSyntax syntax, int offset, [NotNullWhen(true)] out SpfMacroString? value, out SpfParseError error)
    {
        value = null;
        // Fast path: a plain literal (no '%'), the common case for domain-specs.
        if (!text.IsEmpty && text.IndexOfAny('%', ' ') < 0 && IsPrintableAscii(text)
            && (syntax != SpfMacroSyntax.DomainSpec || SpfDomainName.EndsWithDotToplabel(text)))
        {
            value = new SpfMacroString([SpfMacroToken.ForLiteral(text.ToString())]);
            error = default;
            return true;
        }

        var tokens = default(SpfArrayBuilder<SpfMacroToken>);
        try
        {
            return TryParseTokens(text, syntax, offset, ref tokens, out value, out error);
        }
        finally
        {
            tokens.Dispose();
        }
    }

    private static bool IsPrintableAscii(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseTokens(ReadOnlySpan<char> text, SpfMacroSyntax syntax, int offset, ref SpfArrayBuilder<SpfMacroToken> tokens, [NotNullWhen(true)] out SpfMacroString? value, out SpfParseError error)
    {
        value = null;
        int literalStart = 0; // start of the current literal run
        int literalTailStart = 0; // raw start of the literal text after the last macro-expand (for domain-end)
        bool lastWasExpand = false;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c != '%')
            {
                bool ok = c is >= '!' and <= '~' || (c == ' ' && syntax == SpfMacroSyntax.Explanation);
                if (!ok)
                {
                    error = new SpfParseError($"invalid character U+{(int)c:X4}", offset + i, text.ToString());
                    return false;
                }

                lastWasExpand = false;
                i++;
                continue;
            }

            if (i + 1 >= text.Length)
            {
                error = new SpfParseError("'%' at the end of a macro-string", offset + i, text.ToString());
                return false;
            }

            char next = text[i + 1];
            if (next is '%' or '_' or '-')
            {
                FlushLiteral(ref tokens, text, literalStart, i);
                tokens.Add(SpfMacroToken.ForEscape(next));
                i += 2;
                literalStart = i;
                literalTailStart = i;
                lastWasExpand = true;
                continue;
            }

            if (next != '{')
            {
                error = new SpfParseError($"invalid macro character '%{next}'", offset + i, text.ToString());
                return false;
            }

            int close = text[i..].IndexOf('}');
            if (close < 0)
            {
                error = new SpfParseError("unterminated macro '%{'", offset + i, text.ToString());
                return false;
            }

            if (!TryParseExpand(text.Slice(i + 2, close - 2), syntax, out SpfMacroToken macro, out string? problem))
            {
                error = new SpfParseError(problem!, offset + i, text.Slice(i, close + 1).ToString());
                return false;
            }

            FlushLiteral(ref tokens, text, literalStart, i);
            tokens.Add(macro);
            i += close + 1;
            literalStart = i;
            literalTailStart = i;
            lastWasExpand = true;
        }

        FlushLiteral(ref tokens, text, literalStart, text.Length);
        if (syntax == SpfMacroSyntax.DomainSpec)
        {
            if (text.IsEmpty)
            {
                error = new SpfParseError("empty domain-spec", offset, string.Empty);
                return false;
            }

            if (!lastWasExpand && !SpfDomainName.EndsWithDotToplabel(text[literalTailStart..]))
            {
                error = new SpfParseError("domain-spec must end in a macro or a valid top-level label", offset, text.ToString());
                return false;
            }
        }

        value = new SpfMacroString(tokens.ToArray());
        error = default;
        return true;
    }

    private static void FlushLiteral(ref SpfArrayBuilder<SpfMacroToken> tokens, ReadOnlySpan<char> text, int start, int end)
    {
        if (end > start)
        {
            tokens.Add(SpfMacroToken.ForLiteral(text[start..end].ToString()));
        }
    }

    // "%{" macro-letter transformers *delimiter "}" ; transformers = *DIGIT [ "r" ] ; delimiter = "." / "-" / "+" / "," / "/" / "_" / "="
    private static bool TryParseExpand(ReadOnlySpan<char> body, SpfMacroSyntax syntax, out SpfMacroToken token, [NotNullWhen(false)] out string? problem)
    {
        token = default;
        if (body.IsEmpty)
        {
            problem = "empty macro";
            return false;
        }

        char letter = body[0];
        char lower = char.ToLowerInvariant(letter);
        bool known = lower is 's' or 'l' or 'o' or 'd' or 'i' or 'p' or 'h' or 'v' or 'c' or 'r' or 't';
        if (!known || (syntax == SpfMacroSyntax.DomainSpec && lower is 'c' or 'r' or 't'))
        {
            problem = known ? $"macro letter '{letter}' is allowed only in explanation text" : $"unknown macro letter '{letter}'";
            return false;
        }

        int i = 1;
        int digits = 0;
        int digitCount = 0;
        while (i < body.Length && char.IsAsciiDigit(body[i]))
        {
            // A transformer above 128 keeps every part anyway (a name has at most 127 labels); cap to stay in range.
            digits = Math.Min(digits * 10 + (body[i] - '0'), 1000);
            digitCount++;
            i++;
        }

        if (digitCount > 0 && digits == 0)
        {
            problem = "the digit transformer must be non-zero";
            return false;
        }

        bool reverse = false;
        if (i < body.Length && body[i] is 'r' or 'R')
        {
            reverse = true;
            i++;
        }

        ReadOnlySpan<char> delimiters = body[i..];
        foreach (char d in delimiters)
        {
            if (d is not ('.' or '-' or '+' or ',' or '/' or '_' or '='))
            {
                problem = $"invalid macro delimiter '{d}'";
                return false;
            }
        }

        token = SpfMacroToken.ForMacro(lower, digits, reverse, delimiters.IsEmpty ? null : delimiters.ToString(), letter != lower);
        problem = null;
        return true;
    }

    /// <summary>The canonical macro-string text: escapes as written (<c>%%</c>, <c>%_</c>, <c>%-</c>), macros as <c>%{letter digits r delimiters}</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _text ??= Format();

    private string Format()
    {
        var sb = new StringBuilder();
        foreach (SpfMacroToken t in _tokens)
        {
            if (t.Literal is { } lit)
            {
                _ = t.Letter == '\0' ? sb.Append(lit) : sb.Append('%').Append(t.Letter);
                continue;
            }

            sb.Append("%{").Append(t.UrlEscape ? char.ToUpperInvariant(t.Letter) : t.Letter);
            if (t.Digits > 0)
            {
                sb.Append(t.Digits);
            }

            if (t.Reverse)
            {
                sb.Append('r');
            }

            sb.Append(t.Delimiters).Append('}');
        }

        return sb.ToString();
    }

    /// <inheritdoc />
    public bool Equals(SpfMacroString? other) => other is not null && _tokens.AsSpan().SequenceEqual(other._tokens);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SpfMacroString);

    /// <inheritdoc />
    public override int GetHashCode() => _tokens.Length == 0 ? 0 : _tokens[0].GetHashCode() ^ _tokens.Length;
}
