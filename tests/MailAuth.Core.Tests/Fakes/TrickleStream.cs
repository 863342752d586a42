namespace MailAuth.Tests.Fakes;

/// <summary>A read-only stream that returns at most the next of a cycle of read sizes per call.</summary>
public sealed class TrickleStream : Stream
{
    private readonly byte[] _data;
    private readonly int[] _sizes;
    private int _position;
    private int _call;

    public TrickleStream(byte[] data, int[] sizes)
    {
        _data = data;
        _sizes = sizes.Length == 0 ? [int.MaxValue] : sizes.Select(s => Math.Max(1, Math.Abs(s % 100_000))).ToArray();
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = Math.Min(Math.Min(buffer.Length, _sizes[_call++ % _sizes.Length]), _data.Length - _position);
        _data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
