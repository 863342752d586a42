using System.Buffers;

namespace MailAuth.Messages;

/// <summary>
/// A growable byte sequence in chunks rented from <see cref="ArrayPool{T}.Shared"/>, exposed as a
/// <see cref="ReadOnlySequence{T}"/> without copying; optionally converts bare LF to CRLF while appending.
/// Owns its arrays (and any extra ones rented through it) until disposed.
/// </summary>
internal sealed class PooledByteBuffer : IDisposable
{
    private const int FirstChunkSize = 16 * 1024;
    private const int MaxChunkSize = 1024 * 1024;

    private readonly bool _normalize;
    private readonly List<byte[]> _rented = [];
    private Segment? _first;
    private Segment? _last;
    private int _nextChunkSize;
    private bool _lastWasCr;

    /// <summary>Creates an empty buffer.</summary>
    /// <param name="normalizeLineEndings">Convert bare LF to CRLF in <see cref="Append"/>.</param>
    /// <param name="sizeHint">Expected total size, to size the first chunk.</param>
    public PooledByteBuffer(bool normalizeLineEndings, long sizeHint = 0)
    {
        _normalize = normalizeLineEndings;
        _nextChunkSize = (int)Math.Clamp(sizeHint + (sizeHint / 16), FirstChunkSize, MaxChunkSize);
    }

    /// <summary>The number of bytes held.</summary>
    public long Length => _last is null ? 0 : _last.RunningIndex + _last.Memory.Length;

    /// <summary><see langword="true"/> when <see cref="Append"/> inserted a CR before a bare LF.</summary>
    public bool Normalized { get; private set; }

    /// <summary>Appends <paramref name="data"/>, converting bare LF to CRLF when normalising (state carries across calls).</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (!_normalize)
        {
            Write(data);
            return;
        }

        while (!data.IsEmpty)
        {
            int lf = data.IndexOf((byte)'\n');
            if (lf < 0)
            {
                Write(data);
                _lastWasCr = data[^1] == '\r';
                return;
            }

            bool precededByCr = lf > 0 ? data[lf - 1] == '\r' : _lastWasCr;
            if (precededByCr)
            {
                Write(data[..(lf + 1)]);
            }
            else
            {
                Write(data[..lf]);
                Write("\r\n"u8);
                Normalized = true;
            }

            _lastWasCr = false;
            data = data[(lf + 1)..];
        }
    }

    /// <summary>The bytes appended so far.</summary>
    public ReadOnlySequence<byte> ToSequence()
    {
        if (_first is null || _last is null)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        return new ReadOnlySequence<byte>(_first, 0, _last, _last.Memory.Length);
    }

    /// <summary>Rents an extra array that is returned with the buffer.</summary>
    public byte[] Rent(int minimumLength)
    {
        byte[] array = ArrayPool<byte>.Shared.Rent(minimumLength);
        _rented.Add(array);
        return array;
    }

    /// <summary>Returns every rented array.</summary>
    public void Dispose()
    {
        foreach (byte[] array in _rented)
        {
            ArrayPool<byte>.Shared.Return(array);
        }

        _rented.Clear();
        _first = _last = null;
    }

    private void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_last is null || _last.Free == 0)
            {
                AddSegment();
            }

            int n = Math.Min(_last!.Free, data.Length);
            _last.Write(data[..n]);
            data = data[n..];
        }
    }

    private void AddSegment()
    {
        var segment = new Segment(Rent(_nextChunkSize), Length);
        _nextChunkSize = Math.Min(_nextChunkSize * 2, MaxChunkSize);
        if (_last is null)
        {
            _first = segment;
        }
        else
        {
            _last.SetNext(segment);
        }

        _last = segment;
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        private readonly byte[] _array;
        private int _used;

        public Segment(byte[] array, long runningIndex)
        {
            _array = array;
            RunningIndex = runningIndex;
            Memory = ReadOnlyMemory<byte>.Empty;
        }

        public int Free => _array.Length - _used;

        public void Write(ReadOnlySpan<byte> data)
        {
            data.CopyTo(_array.AsSpan(_used));
            _used += data.Length;
            Memory = _array.AsMemory(0, _used);
        }

        public void SetNext(Segment next) => Next = next;
    }
}
