using MailAuth.Srs;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.Srs;

public sealed class SrsForwarderTests
{
    private static SrsForwarder Create(SrsForwarderHeader header = SrsForwarderHeader.ResentSender)
        => new(SrsRewriterTests.Create(new FakeTimeProvider(SrsRewriterTests.Day)), "forwarder@fwd.example", header);

    [Fact]
    public void Forward_OrdinarySender_RewritesAndAddsResentSender()
    {
        SrsForwarding result = Create().Forward("alice@example.com");
        Assert.True(result.Success);
        Assert.Equal("SRS0=MD8V=JV=example.com=alice@fwd.example", result.Envelope.Address);
        Assert.Equal("Resent-Sender: forwarder@fwd.example", result.HeaderField);
    }

    [Fact]
    public void Forward_SenderHeaderChosen_AddsSender()
        => Assert.Equal("Sender: forwarder@fwd.example", Create(SrsForwarderHeader.Sender).Forward("alice@example.com").HeaderField);

    [Fact]
    public void Forward_NoHeader_AddsNone()
        => Assert.Null(Create(SrsForwarderHeader.None).Forward("alice@example.com").HeaderField);

    [Fact]
    public void Forward_MalformedSender_GivesErrorAndNoHeader()
    {
        SrsForwarding result = Create().Forward("alice\r\nBcc: x@example.com");
        Assert.False(result.Success);
        Assert.Null(result.HeaderField);
    }

    [Fact]
    public void Forward_NullReversePath_StaysNull()
        => Assert.Equal(string.Empty, Create().Forward("<>").Envelope.Address);

    [Theory]
    [InlineData("fwd@fwd.example\r\nBcc: x@y.example")]
    [InlineData("no-domain")]
    [InlineData("a b@fwd.example")]
    public void Constructor_BadForwarderAddress_Throws(string address)
        => Assert.Throws<ArgumentException>(() => new SrsForwarder(SrsRewriterTests.Create(), address));

    [Fact]
    public void RouteBounce_OurSrs0_GivesOriginalSender()
    {
        SrsForwarder forwarder = Create();
        string srs = forwarder.Forward("alice@example.com").Envelope.Address!;
        Assert.Equal("alice@example.com", forwarder.RouteBounce(srs).Address);
    }

    [Fact]
    public void RouteBounce_Forged_IsRefused()
        => Assert.Equal(SrsError.BadHash, Create().RouteBounce("SRS0=AAAA=JV=example.com=alice@fwd.example").Error);

    [Fact]
    public void RouteBounce_OrdinaryRecipient_IsNotSrs()
        => Assert.Equal(SrsError.NotSrs, Create().RouteBounce("postmaster@fwd.example").Error);

    [Fact]
    public void RouteBounce_DecodesToOurOwnSrsAddress_IsRefusedAsLoop()
    {
        // An SRS1 address whose first hop is ourselves: decoding it gives an SRS0 address at our own domain again.
        SrsRewriter rewriter = SrsRewriterTests.Create(new FakeTimeProvider(SrsRewriterTests.Day));
        string srs0 = rewriter.Forward("alice@example.com", "fwd.example").Address!;
        string srs1 = rewriter.Forward(srs0, "other.example").Address!.Replace("@other.example", "@fwd.example", StringComparison.Ordinal);
        Assert.Equal(SrsError.Loop, Create().RouteBounce(srs1).Error);
    }
}
