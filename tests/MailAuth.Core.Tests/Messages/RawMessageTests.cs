using MailAuth.Messages;
using Xunit;
using static MailAuth.Tests.Messages.MessageTestHelpers;

namespace MailAuth.Tests.Messages;

public class RawMessageTests
{
    private const string Message = "Received: r1\r\nFrom: a\r\nreceived: r2\r\nTo: b\r\nRECEIVED: r3\r\n\r\nbody";

    private static RawMessage Read(string text) => MessageReader.Default.Read(Bytes(text)).Message!;

    [Fact]
    public void GetFields_CaseInsensitive_TopDown()
    {
        using var m = Read(Message);
        Assert.Equal([" r1", " r2", " r3"], m.GetFields("Received").Select(f => Str(f.Value)));
    }

    [Fact]
    public void GetFieldsBottomUp_ReturnsReverseOrder()
    {
        using var m = Read(Message);
        Assert.Equal([" r3", " r2", " r1"], m.GetFieldsBottomUp("received").Select(f => Str(f.Value)));
        Assert.Empty(m.GetFieldsBottomUp("Cc"));
    }

    [Fact]
    public void IndexOfAndLastIndexOf_SearchFromStart()
    {
        using var m = Read(Message);
        Assert.Equal(0, m.IndexOf("RECEIVED"));
        Assert.Equal(2, m.IndexOf("received", 1));
        Assert.Equal(-1, m.IndexOf("received", 5));
        Assert.Equal(4, m.LastIndexOf("Received", int.MaxValue));
        Assert.Equal(2, m.LastIndexOf("Received", 3));
        Assert.Equal(-1, m.LastIndexOf("Received", -1));
        Assert.Equal(-1, m.LastIndexOf("Cc", 4));
    }

    [Fact]
    public void GetFirst_MissingField_IsNull()
    {
        using var m = Read(Message);
        Assert.Equal(" a", Str(m.GetFirst("from")!.Value));
        Assert.Null(m.GetFirst("Cc"));
        Assert.True(m.GetFirst("To")!.HasName("tO"));
        Assert.Equal("To: b", m.GetFirst("To")!.ToString());
    }

    [Theory]
    [InlineData("A: 1\r\nB: 2\r\n\r\nbody\r\n")]
    [InlineData("A: 1\r\nB: 2")]
    [InlineData("\r\nbody")]
    [InlineData("A: 1\nB: 2\n\nbody\n")]
    public async Task WriteToAsync_AllFields_ReproducesNormalisedInput(string text)
    {
        using var m = Read(text);
        var output = new MemoryStream();
        await m.WriteToAsync(output);
        Assert.Equal(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal), System.Text.Encoding.Latin1.GetString(output.ToArray()));
    }

    [Fact]
    public async Task WriteToAsync_SelectedFields_WritesOnlyThose()
    {
        using var m = Read(Message);
        var output = new MemoryStream();
        await m.WriteToAsync(output, m.Headers.Where(h => !h.HasName("Received")).ToList());
        Assert.Equal("From: a\r\nTo: b\r\n\r\nbody", System.Text.Encoding.Latin1.GetString(output.ToArray()));
        m.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => m.WriteToAsync(new MemoryStream()));
    }

    [Fact]
    public void Dispose_BodyAndHeaderBlockThrowAfterwards()
    {
        var m = Read("A: 1\n\nbody\n");
        Assert.Equal("body\r\n", Str(m.Body));
        m.Dispose();
        m.Dispose();
        Assert.Throws<ObjectDisposedException>(() => m.Body);
        Assert.Throws<ObjectDisposedException>(() => m.HeaderBlock);
        Assert.Single(m.Headers);
    }
}
