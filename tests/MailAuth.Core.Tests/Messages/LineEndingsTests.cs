using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.Messages;
using Xunit;

namespace MailAuth.Tests.Messages;

public class LineEndingsTests
{
    private static bool Reference(byte[] data, bool previousWasCr)
    {
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] == '\n' && (i == 0 ? !previousWasCr : data[i - 1] != '\r'))
            {
                return true;
            }
        }

        return false;
    }

    [Property(MaxTest = 2000)]
    public Property ContainsBareLf_MatchesByteByByteReference()
    {
        var gen = from bytes in Gen.ArrayOf(Gen.Frequency((8, Gen.Constant((byte)'x')), (2, Gen.Constant((byte)'\r')), (2, Gen.Constant((byte)'\n'))))
                  from prev in Gen.Elements(true, false)
                  select (bytes, prev);
        return Prop.ForAll(gen.ToArbitrary(), input => LineEndings.ContainsBareLf(input.bytes, input.prev) == Reference(input.bytes, input.prev));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(100)]
    public void ContainsBareLf_EveryPosition(int length)
    {
        for (int at = 0; at < length; at++)
        {
            byte[] data = Enumerable.Repeat((byte)'a', length).ToArray();
            data[at] = (byte)'\n';
            Assert.True(LineEndings.ContainsBareLf(data, false));
            Assert.Equal(at != 0, LineEndings.ContainsBareLf(data, true));
            if (at > 0)
            {
                data[at - 1] = (byte)'\r';
                Assert.False(LineEndings.ContainsBareLf(data, false));
            }
        }
    }
}
