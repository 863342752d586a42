using MailAuth.Text;
using Xunit;

namespace MailAuth.Tests.Text;

public class TagListTests
{
    [Fact]
    public void TryParse_DuplicateTag_FailsAtSecondOccurrence()
    {
        Span<TagRange> tags = stackalloc TagRange[8];
        Assert.False(TagList.TryParse("v=1; a=x; v=2", tags, out int count, out var error));
        Assert.Equal(new TagListError(TagListErrorKind.DuplicateTag, 10), error);
        Assert.Equal(2, count);
    }

    [Fact]
    public void TryParse_NamesDifferingInCase_AreNotDuplicates()
    {
        Span<TagRange> tags = stackalloc TagRange[8];
        Assert.True(TagList.TryParse("v=1; V=2", tags, out int count, out _));
        Assert.Equal(2, count);
    }

    [Fact]
    public void TryParse_MoreTagsThanBuffer_FailsWithTooManyTags()
    {
        Span<TagRange> tags = stackalloc TagRange[2];
        Assert.False(TagList.TryParse("a=1;b=2;c=3", tags, out int count, out var error));
        Assert.Equal(new TagListError(TagListErrorKind.TooManyTags, 8), error);
        Assert.Equal(2, count);
    }

    [Fact]
    public void TryParse_SyntaxError_IsReported()
    {
        Span<TagRange> tags = stackalloc TagRange[8];
        Assert.False(TagList.TryParse("a=1; b", tags, out _, out var error));
        Assert.Equal(TagListErrorKind.MissingEquals, error.Kind);
    }

    [Fact]
    public void TryGetValue_PresentEmptyAndMissing()
    {
        const string text = "v=DKIM1; t=; p=MIGf";
        Span<TagRange> tags = stackalloc TagRange[8];
        Assert.True(TagList.TryParse(text, tags, out int count, out _));
        var found = tags[..count];
        Assert.True(TagList.TryGetValue(text, found, "p", out var p));
        Assert.Equal("MIGf", p.ToString());
        Assert.True(TagList.TryGetValue(text, found, "t", out var t));
        Assert.True(t.IsEmpty);
        Assert.False(TagList.TryGetValue(text, found, "k", out _));
        Assert.False(TagList.TryGetValue(text, found, "V", out _));
    }

    [Fact]
    public void FindDuplicate_ReturnsIndexOfSecondOccurrence()
    {
        const string text = "a=1;b=2;a=3";
        var reader = new TagListReader(text);
        var list = new List<TagRange>();
        while (reader.MoveNext())
        {
            list.Add(reader.Current);
        }

        Assert.Equal(2, TagList.FindDuplicate(text, list.ToArray()));
        Assert.Equal(-1, TagList.FindDuplicate(text, list.Take(2).ToArray()));
    }
}
