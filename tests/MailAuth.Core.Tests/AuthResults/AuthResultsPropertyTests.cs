using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.AuthResults;

namespace MailAuth.Tests.AuthResults;

public class AuthResultsPropertyTests
{
    private static readonly Gen<string> Keyword =
        from chars in Gen.NonEmptyListOf(Gen.Elements("abcxyzABZ019-_".ToCharArray()))
        select new string([.. chars]);

    private static readonly Gen<string> PropertyName =
        from parts in Gen.NonEmptyListOf(Keyword)
        select string.Join('.', parts.Take(3));

    // Any text without forbidden controls: printable ASCII incl. specials, spaces, tabs and non-ASCII.
    private static readonly Gen<string> FreeText =
        from chars in Gen.ListOf(Gen.Elements("aZ09 \t.@;:=/()\"\\<>,?[]!#+-_~\u00e9\u4e2d".ToCharArray()))
        select new string([.. chars]);

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
        from props in Gen.ListOf(Property)
        from reason in OptionalText
        from version in OptionalVersion
        from comment in OptionalText
        select new AuthMethodResult(method, result, props.Take(6), reason, version, comment);

    private static readonly Gen<AuthenticationResults> Field =
        from id in Gen.OneOf(Keyword.Select(k => k + ".example"), FreeText.Where(s => s.Length > 0))
        from version in OptionalVersion
        from results in Gen.ListOf(MethodResult)
        select new AuthenticationResults(id, results.Take(5), version);

    [Property(MaxTest = 1000)]
    public Property FormatThenParse_Equal()
    {
        return Prop.ForAll(Field.ToArbitrary(), ar =>
        {
            string text = ar.ToString();
            return AuthenticationResults.TryParse(text, out var parsed, out var error) && parsed.Equals(ar)
                ? true
                : throw new InvalidOperationException($"{text}\n{error}");
        });
    }

    [Property(MaxTest = 500)]
    public Property Format_LinesOfShortWordsStayWithinWidth()
    {
        var shortField =
            from id in Keyword
            from results in Gen.ListOf(
                from m in Keyword
                from r in Keyword
                from props in Gen.ListOf(from t in Keyword from n in Keyword from v in Keyword select new AuthResultProperty(t[..Math.Min(t.Length, 8)], n[..Math.Min(n.Length, 8)], v[..Math.Min(v.Length, 20)]))
                select new AuthMethodResult(m[..Math.Min(m.Length, 10)], r[..Math.Min(r.Length, 10)], props))
            select new AuthenticationResults(id[..Math.Min(id.Length, 30)], results);
        return Prop.ForAll(shortField.ToArbitrary(), ar =>
            ar.ToString().Split("\r\n").All(l => l.Replace("\t", "        ", StringComparison.Ordinal).Length <= AuthResultsFormatter.LineWidth));
    }

    [Property(MaxTest = 2000)]
    public bool TryParse_ArbitraryText_NeverThrows(string? text)
    {
        text ??= "";
        bool ok = AuthenticationResults.TryParse(text, out var value, out var error);
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
            bool ok = AuthenticationResults.TryParse(mutated, out var value, out var error);
            return ok || (error is not null && error.Offset >= 0 && error.Offset <= mutated.Length);
        });
    }
}
