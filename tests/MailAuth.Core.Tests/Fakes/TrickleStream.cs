namespace MailAuth.Tests.Fakes;

/// <summary>A read-only stream that returns at most the next of a cycle of read sizes per call.</summary>
public sealed class TrickleStream : ReadOnlyTestStream
{
    private readonly byte[] _data;
    private readonly int[] _sizes;
    private int _call;

    public TrickleStream(byte[] data, int[] sizes)
    {
        _data = data;
        _sizes = sizes.Length == 0 ? [int.MaxValue] : sizes.Select(s => Math.Max(1, Math.Abs(s % 100_000))).ToArray();
    }

    public override int Read(Span<byte> buffer)
    {
        int position = (int)Consumed;
        int n = Math.Min(Math.Min(buffer.Length, _sizes[_call++ % _sizes.Length]), _data.Length - position);
        _data.AsSpan(position, n).CopyTo(buffer);
        Consumed += n;
        return n;
    }
}
