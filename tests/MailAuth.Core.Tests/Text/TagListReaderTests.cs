using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.Text;
using Xunit;

namespace MailAuth.Tests.Text;

public class TagListReaderTests
{
    private static List<(string Name, string Value)> ReadAll(string text, out TagListError error, bool allowEmpty = false)
    {
        var list = new List<(string, string)>();
        var reader = new TagListReader(text, allowEmpty);
        while (reader.MoveNext())
        {
            list.Add((reader.CurrentName.ToString(), reader.CurrentValue.ToString()));
        }

        error = reader.Error;
        return list;
    }

    [Fact]
    public void MoveNext_DkimSignature_YieldsTagsInOrder()
    {
        const string text = "v=1; a=rsa-sha256; d=example.net; s=brisbane;\r\n c=simple; q=dns/txt; i=@eng.example.net;\r\n t=1117574938; x=1118006938;\r\n h=from:to:subject:date;\r\n bh=MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=;\r\n b=dzdVyOfAKCdLXdJOc9G2q8LoXSlEniSbav+yuU4zGeeruD00lszZ\r\n      VoG4ZHRNiYzR";
        var tags = ReadAll(text, out var error);
        Assert.False(error.IsError);
        Assert.Equal(["v", "a", "d", "s", "c", "q", "i", "t", "x", "h", "bh", "b"], tags.Select(t => t.Name));
        Assert.Equal("rsa-sha256", tags[1].Value);
        Assert.Equal("@eng.example.net", tags[6].Value);
        Assert.Equal("dzdVyOfAKCdLXdJOc9G2q8LoXSlEniSbav+yuU4zGeeruD00lszZ\r\n      VoG4ZHRNiYzR", tags[11].Value);
    }

    [Theory]
    [InlineData("a=1", "a", "1")]
    [InlineData("  a  =  1  ", "a", "1")]
    [InlineData("a=1;", "a", "1")]
    [InlineData("a=1; \t", "a", "1")]
    [InlineData("a=", "a", "")]
    [InlineData("a= ;", "a", "")]
    [InlineData("a\r\n =\r\n\t1 2\r\n ;", "a", "1 2")]
    [InlineData("A_9=x=y", "A_9", "x=y")]
    [InlineData("n=h\u00e9llo", "n", "h\u00e9llo")]
    public void MoveNext_SingleTag_TrimsSurroundingFws(string text, string name, string value)
    {
        var tags = ReadAll(text, out var error);
        Assert.False(error.IsError, error.Message);
        Assert.Equal((name, value), Assert.Single(tags));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" \r\n ")]
    public void MoveNext_EmptyText_IsEmptyListWithoutError(string text)
    {
        Assert.Empty(ReadAll(text, out var error));
        Assert.False(error.IsError);
    }

    [Theory]
    [InlineData("a=1;;b=2", (int)TagListErrorKind.EmptyTagSpec, 4)]
    [InlineData(";a=1", (int)TagListErrorKind.EmptyTagSpec, 0)]
    [InlineData("a=1; ;", (int)TagListErrorKind.EmptyTagSpec, 5)]
    [InlineData("a=1; b", (int)TagListErrorKind.MissingEquals, 6)]
    [InlineData("a=1; b c=2", (int)TagListErrorKind.MissingEquals, 7)]
    [InlineData("a=1; b;c=2", (int)TagListErrorKind.MissingEquals, 6)]
    [InlineData("1a=1", (int)TagListErrorKind.InvalidTagName, 0)]
    [InlineData("a-b=1", (int)TagListErrorKind.InvalidTagName, 1)]
    [InlineData("_a=1", (int)TagListErrorKind.InvalidTagName, 0)]
    [InlineData("a=1\u0001", (int)TagListErrorKind.InvalidValueCharacter, 3)]
    [InlineData("a=1\u007f", (int)TagListErrorKind.InvalidValueCharacter, 3)]
    [InlineData("a=1\r\nb=2", (int)TagListErrorKind.InvalidFolding, 3)]
    [InlineData("a=1\nb=2", (int)TagListErrorKind.InvalidFolding, 3)]
    [InlineData("a=1;\r\n", (int)TagListErrorKind.InvalidFolding, 4)]
    [InlineData("a\rb=1", (int)TagListErrorKind.InvalidFolding, 1)]
    public void MoveNext_BadInput_ReportsKindAndPosition(string text, int kind, int position)
    {
        ReadAll(text, out var error);
        Assert.Equal(new TagListError((TagListErrorKind)kind, position), error);
        Assert.Contains(position.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MoveNext_AllowEmptyTagSpecs_SkipsThem()
    {
        var tags = ReadAll(";v=DMARC1;; p=none ;;", out var error, allowEmpty: true);
        Assert.False(error.IsError);
        Assert.Equal([("v", "DMARC1"), ("p", "none")], tags);
    }

    [Fact]
    public void MoveNext_AfterError_StaysFalse()
    {
        var reader = new TagListReader("a=1;;b=2");
        Assert.True(reader.MoveNext());
        Assert.False(reader.MoveNext());
        Assert.False(reader.MoveNext());
        Assert.Equal(TagListErrorKind.EmptyTagSpec, reader.Error.Kind);
    }

    [Property(MaxTest = 2000)]
    public bool MoveNext_ArbitraryText_NeverThrowsAndRangesStayInside(string? text)
    {
        text ??= string.Empty;
        var reader = new TagListReader(text);
        int guard = 0;
        while (reader.MoveNext())
        {
            var tag = reader.Current;
            if (tag.NameLength <= 0 || tag.ValueStart + tag.ValueLength > text.Length || guard++ > text.Length)
            {
                return false;
            }
        }

        return !reader.Error.IsError || (reader.Error.Position >= 0 && reader.Error.Position <= text.Length);
    }

    private static readonly Gen<string> NameGen =
        from first in Gen.Elements("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".ToCharArray())
        from rest in Gen.ArrayOf(Gen.Elements("abcxyzXYZ0189_".ToCharArray()))
        select first + new string(rest);

    // tval *( 1*(WSP / FWS) tval ) — values with inner whitespace and folds.
    private static readonly Gen<string> ValueGen =
        from words in Gen.ArrayOf(Gen.NonEmptyListOf(Gen.Elements("!:<=>~az09+/=.-@\u00e9".ToCharArray())).Select(w => new string([.. w])))
        from seps in Gen.ArrayOf(Gen.Elements(" ", "\t", "\r\n ", "  \r\n\t "))
        select string.Concat(words.Select((w, i) => i == 0 ? w : (seps.ElementAtOrDefault(i) ?? " ") + w));

    private static readonly Gen<string> FwsGen = Gen.Elements("", " ", "\t", "\r\n ", " \r\n\t");

    [Property(MaxTest = 1000)]
    public Property FormatThenParse_RoundTrips()
    {
        var listGen =
            from tags in Gen.ListOf(Gen.Zip(NameGen, ValueGen))
            from fws in Gen.ArrayOf(FwsGen)
            from trailing in Gen.Elements(true, false)
            select (Tags: tags.DistinctBy(t => t.Item1).Take(TagList.DefaultMaxTags).ToList(), Fws: fws, Trailing: trailing);

        return Prop.ForAll(listGen.ToArbitrary(), input =>
        {
            string F(int i) => input.Fws.Length == 0 ? "" : input.Fws[i % input.Fws.Length];
            var parts = input.Tags.Select((t, i) => F(i) + t.Item1 + F(i + 1) + "=" + F(i + 2) + t.Item2 + F(i + 3));
            string text = string.Join(";", parts) + (input.Trailing && input.Tags.Count > 0 ? ";" + F(7) : "");

            Span<TagRange> buffer = stackalloc TagRange[TagList.DefaultMaxTags];
            bool ok = TagList.TryParse(text, buffer, out int count, out var error);
            var parsed = buffer[..count].ToArray().Select(t => (text[t.Name], text[t.Value])).ToList();
            return ok && !error.IsError && parsed.SequenceEqual(input.Tags.Select(t => (t.Item1, t.Item2)));
        });
    }
}
