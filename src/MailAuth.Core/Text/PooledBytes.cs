using System.Buffers;

namespace MailAuth.Text;

/// <summary>Bytes in an array rented from <see cref="ArrayPool{T}.Shared"/>; <see cref="Dispose"/> returns it.</summary>
internal struct PooledBytes : IDisposable
{
    private byte[]? _array;

    /// <summary>Wraps a rented array of which the first <paramref name="length"/> bytes are used.</summary>
    public PooledBytes(byte[] array, int length)
    {
        _array = array;
        Length = length;
    }

    /// <summary>The number of bytes used.</summary>
    public int Length { get; private set; }

    /// <summary>The bytes; empty after <see cref="Dispose"/>.</summary>
    public readonly Span<byte> Span => _array is null ? default : _array.AsSpan(0, Length);

    /// <summary>Returns the array to the pool.</summary>
    public void Dispose()
    {
        byte[]? array = _array;
        _array = null;
        Length = 0;
        if (array is not null)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
