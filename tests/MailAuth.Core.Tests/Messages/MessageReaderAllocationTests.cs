using MailAuth.Messages;
using MailAuth.Tests.Fakes;
using MailAuth.Text;
using Xunit;
using static MailAuth.Tests.Messages.MessageTestHelpers;

namespace MailAuth.Tests.Messages;

// Allocation is measured per thread with GC.GetAllocatedBytesForCurrentThread; the checks compare a small and a
// large input, so they hold whatever the runtime allocates once (JIT, pool warm-up).
public class MessageReaderAllocationTests
{
    private static byte[] Message(int bodyBytes) =>
        Bytes("From: a@example.com\r\nTo: b@example.net\r\nSubject: hello\r\n\r\n" + string.Concat(Enumerable.Repeat(new string('x', 76) + "\r\n", bodyBytes / 78)));

    private static long Allocated(Action action)
    {
        action();
        action();
        return Allocations.Least(action);
    }

    [Fact]
    public void Read_FromMemory_AllocationDoesNotGrowWithBodySize()
    {
        byte[] small = Message(1_000);
        byte[] large = Message(1_000_000);
        long a = Allocated(() => MessageReader.Default.Read(small).Message!.Dispose());
        long b = Allocated(() => MessageReader.Default.Read(large).Message!.Dispose());
        Assert.True(b - a < 1024, $"small {a} B, large {b} B");
    }

    [Fact]
    public void ReadAsync_FromStream_BuffersArePooled()
    {
        byte[] small = Message(1_000);
        byte[] large = Message(1_000_000);
        long a = Allocated(() => MessageReader.Default.ReadAsync(new MemoryStream(small)).AsTask().GetAwaiter().GetResult().Message!.Dispose());
        long b = Allocated(() => MessageReader.Default.ReadAsync(new MemoryStream(large)).AsTask().GetAwaiter().GetResult().Message!.Dispose());

        // Some segment objects per chunk, but no copy of the message on the managed heap.
        Assert.True(b - a < 16 * 1024, $"small {a} B, large {b} B");
    }

    [Fact]
    public void TagListReader_AllocatesNothing()
    {
        const string text = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=sel;\r\n h=from:to:subject; bh=abc=; b=def\r\n ghi=";
        int count = 0;
        long allocated = Allocated(() =>
        {
            var reader = new TagListReader(text);
            while (reader.MoveNext())
            {
                count += reader.CurrentValue.Length;
            }

            Span<TagRange> tags = stackalloc TagRange[TagList.DefaultMaxTags];
            TagList.TryParse(text, tags, out int n, out _);
            count += n;
        });
        Assert.Equal(0, allocated);
        Assert.True(count > 0);
    }
}
