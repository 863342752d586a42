using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.AuthResults;

namespace MailAuth.Tests.AuthResults;

public class AuthResultsPropertyTests
{
    private static Gen<IList<T>> SmallList<T>(Gen<T> gen, int max) =>
        from n in Gen.Choose(0, max)
        from items in Gen.ListOf(gen, n)
        select (IList<T>)items.ToList();

    // Strings from a seed rather than char by char: FsCheck's per-element generation dominates the run time otherwise.
    private static Gen<string> RandomText(string alphabet, int minLength, int maxLength) =>
        from seed in Gen.Choose(0, int.MaxValue)
        from length in Gen.Choose(minLength, maxLength)
        select Build(alphabet, length, seed);

    private static string Build(string alphabet, int length, int seed)
    {
        var random = new Random(seed);
        return string.Create(length, (alphabet, random), (span, state) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = state.alphabet[state.random.Next(state.alphabet.Length)];
            }
        });
    }

    private static readonly Gen<string> Keyword = RandomText("abcxyzABZ019-_", 1, 12);

    private static readonly Gen<string> PropertyName =
        from n in Gen.Choose(1, 3)
        from parts in Gen.ListOf(Keyword, n)
        select string.Join('.', parts);

    // Any text without forbidden controls: printable ASCII incl. specials, spaces, tabs and non-ASCII.
    private static readonly Gen<string> FreeText = RandomText("aZ09 \t.@;:=/()\"\\<>,?[]!#+-_~\u00e9\u4e2d", 0, 40);

    private static readonly Gen<string> PValue = Gen.OneOf(
        FreeText,
        Keyword,
        from l in Keyword from d in Keyword select l + "@" + d + ".example",
        from d in Keyword select "@" + d + ".example");

    private static readonly Gen<string?> OptionalText = Gen.OneOf(Gen.Constant<string?>(null), FreeText.Select(s => (string?)s));

    private static readonly Gen<int?> OptionalVersion = Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(0, 99999).Select(v => (int?)v));

    private static readonly Gen<AuthResultProperty> Property =
        from withType in Gen.Elements(true, true, true, false)
        from type in Keyword
        from name in withType ? PropertyName : Keyword.Where(k => !k.Equals("reason", StringComparison.OrdinalIgnoreCase))
        from value in PValue
        from comment in OptionalText
        select new AuthResultProperty(withType ? type : "", name, value, comment);

    private static readonly Gen<AuthMethodResult> MethodResult =
        from method in Keyword
        from result in Keyword
        from props in SmallList(Property, 6)
        from reason in OptionalText
        from version in OptionalVersion
        from comment in OptionalText
        select new AuthMethodResult(method, result, props, reason, version, comment);

    private static readonly Gen<AuthResultsHeader> Field =
        from id in Gen.OneOf(Keyword.Select(k => k + ".example"), FreeText.Where(s => s.Length > 0))
        from version in OptionalVersion
        from results in SmallList(MethodResult, 5)
        select new AuthResultsHeader(id, results, version);

    [Property(MaxTest = 1000)]
    public Property FormatThenParse_Equal()
    {
        return Prop.ForAll(Field.ToArbitrary(), ar =>
        {
            string text = ar.ToString();
            return AuthResultsHeader.TryParse(text, out var parsed, out var error) && parsed.Equals(ar)
                ? true
                : throw new InvalidOperationException($"{text}\n{error}");
        });
    }

    [Property(MaxTest = 500)]
    public Property Format_LinesOfShortWordsStayWithinWidth()
    {
        var shortField =
            from id in Keyword
            from results in SmallList(
                from m in Keyword
                from r in Keyword
                from props in SmallList(from t in Keyword from n in Keyword from v in Keyword select new AuthResultProperty(t[..Math.Min(t.Length, 8)], n[..Math.Min(n.Length, 8)], v[..Math.Min(v.Length, 20)]), 8)
                select new AuthMethodResult(m[..Math.Min(m.Length, 10)], r[..Math.Min(r.Length, 10)], props), 6)
            select new AuthResultsHeader(id[..Math.Min(id.Length, 30)], results);
        return Prop.ForAll(shortField.ToArbitrary(), ar =>
            ar.ToString().Split("\r\n").All(l => l.Replace("\t", "        ", StringComparison.Ordinal).Length <= AuthResultsFormatter.LineWidth));
    }

    // Long words separated by runs of spaces and tabs: the shapes that once folded into a whitespace-only line.
    private static readonly Gen<string> WhitespaceHeavyText =
        from parts in SmallList(Gen.OneOf(RandomText("ab", 1, 90), RandomText(" \t", 1, 16), RandomText("\t", 1, 14)), 8)
        select string.Concat(parts);

    private static readonly Gen<AuthResultsHeader> WhitespaceHeavyField =
        from id in Keyword.Select(k => k + ".example")
        from results in SmallList(
            from m in Keyword
            from r in Keyword
            from comment in WhitespaceHeavyText
            from reason in Gen.OneOf(Gen.Constant<string?>(null), WhitespaceHeavyText.Select(t => (string?)t))
            from value in WhitespaceHeavyText
            select new AuthMethodResult(m, r, [new AuthResultProperty("header", "x", value.Length == 0 ? "v" : value)], reason, null, comment), 4)
        select new AuthResultsHeader(id, results);

    /// <summary>RFC 5322 §2.2.3: every CR is followed by LF and every LF preceded by CR; each fold is CRLF WSP; no line is only WSP.</summary>
    internal static string? LineProblem(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r' && (i + 2 >= text.Length || text[i + 1] != '\n' || text[i + 2] is not (' ' or '\t')))
            {
                return $"bare CR or CRLF without WSP at {i}";
            }

            if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r'))
            {
                return $"bare LF at {i}";
            }
        }

        foreach (string line in text.Split("\r\n"))
        {
            if (line.All(c => c is ' ' or '\t'))
            {
                return $"whitespace-only line [{line.Replace("\t", "\\t", StringComparison.Ordinal)}]";
            }
        }

        return null;
    }

    [Property(MaxTest = 1000)]
    public Property Format_WhitespaceHeavyText_NoWhitespaceOnlyLineNoBareCrLfAndParsesBack()
    {
        return Prop.ForAll(Gen.OneOf(WhitespaceHeavyField, Field).ToArbitrary(), ar =>
        {
            string text = ar.ToString();
            string? problem = LineProblem(text);
            bool parsed = AuthResultsHeader.TryParse(text, out var back, out var error);
            return problem is null && parsed && back!.Equals(ar)
                ? true
                : throw new InvalidOperationException($"{problem} {error}\n{text}");
        });
    }

    [Property(MaxTest = 1000)]
    public Property TryParseLenient_MutatedField_NeverThrowsSkipsInsideTextAndValidFieldsAsStrict()
    {
        var gen = from ar in Field
                  from position in Gen.Choose(0, 10_000)
                  from insert in Gen.Elements("(", ")", "\"", "\\", ";", "=", ".", "/", "\r\n", "\u0001", "", " ", "; x.y=z;", "; example.org ;")
                  select (ar, position, insert);
        return Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (ar, position, insert) = input;
            string text = ar.ToString();
            int at = position % (text.Length + 1);
            string mutated = text[..at] + insert + text[at..];
            bool ok = AuthResultsHeader.TryParse(mutated, AuthResultsParseMode.Lenient, out var value, out var skipped, out var error);
            bool spansInside = skipped.All(e => e.Offset >= 0 && e.Length >= 0 && e.Offset + e.Length <= mutated.Length);
            bool strictOk = AuthResultsHeader.TryParse(text, AuthResultsParseMode.Lenient, out var clean, out var none, out _);
            return spansInside && (ok ? value is not null : error is not null) && strictOk && none.Count == 0 && clean!.Equals(ar);
        });
    }

    [Property(MaxTest = 2000)]
    public bool TryParse_ArbitraryText_NeverThrows(string? text)
    {
        text ??= "";
        bool ok = AuthResultsHeader.TryParse(text, out var value, out var error);
        AuthResultsFilter.HasAuthServId(text, "example.com");
        return ok ? value is not null && error is null : value is null && error is not null && error.Offset >= 0 && error.Offset <= text.Length;
    }

    [Property(MaxTest = 1000)]
    public Property TryParse_MutatedValidField_NeverThrows()
    {
        var gen = from ar in Field
                  from position in Gen.Choose(0, 10_000)
                  from insert in Gen.Elements("(", ")", "\"", "\\", ";", "=", ".", "/", "\r\n", "\u0001", "", " ")
                  from cut in Gen.Elements(true, false)
                  select (ar.ToString(), position, insert, cut);
        return Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (text, position, insert, cut) = input;
            int at = position % (text.Length + 1);
            string mutated = cut ? text[..at] + insert : text[..at] + insert + text[at..];
            bool ok = AuthResultsHeader.TryParse(mutated, out var value, out var error);
            return ok || (error is not null && error.Offset >= 0 && error.Offset <= mutated.Length);
        });
    }
}
