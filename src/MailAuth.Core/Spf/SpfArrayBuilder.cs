using System.Buffers;

namespace MailAuth.Spf;

/// <summary>
/// Collects parse results in a pooled buffer and copies them once into an exact-size array, so that parsing
/// allocates only what the parsed value keeps. Pass by <see langword="ref"/>; call <see cref="Dispose"/>.
/// </summary>
internal struct SpfArrayBuilder<T> : IDisposable
{
    private T[]? _buffer;
    private int _count;

    public readonly int Count => _count;

    public void Add(T item)
    {
        if (_buffer is null || _count == _buffer.Length)
        {
            T[] larger = ArrayPool<T>.Shared.Rent(Math.Max(8, _count * 2));
            _buffer?.AsSpan(0, _count).CopyTo(larger);
            Return();
            _buffer = larger;
        }

        _buffer[_count++] = item;
    }

    public readonly T[] ToArray() => _count == 0 ? [] : _buffer.AsSpan(0, _count).ToArray();

    public void Dispose()
    {
        Return();
        _buffer = null;
        _count = 0;
    }

    private readonly void Return()
    {
        if (_buffer is not null)
        {
            ArrayPool<T>.Shared.Return(_buffer, clearArray: true);
        }
    }
}
