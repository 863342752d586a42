using System.Buffers;

namespace MailAuth.Messages;

/// <summary>
/// An RFC 5322 message as read by <see cref="MessageReader"/>: the header fields in order, exactly as they are in the
/// message, and the body bytes.
/// </summary>
/// <remarks>
/// A message read from memory without changes refers to the caller's memory, which must stay unchanged while the
/// message is used. A message read from a <see cref="Stream"/> or <see cref="System.IO.Pipelines.PipeReader"/>, or
/// whose line endings were normalised, lives in buffers rented from <see cref="ArrayPool{T}.Shared"/>:
/// <see cref="Dispose"/> returns them, after which <see cref="Body"/>, <see cref="HeaderBlock"/> and every
/// <see cref="HeaderField.Raw"/> must no longer be used. Not thread-safe to dispose while in use.
/// </remarks>
public sealed class RawMessage : IDisposable
{
    private static readonly ReadOnlyMemory<byte> Crlf = "\r\n"u8.ToArray();

    private readonly ReadOnlySequence<byte> _body;
    private readonly ReadOnlyMemory<byte> _headerBlock;
    private IDisposable? _owner;
    private bool _disposed;

    internal RawMessage(IReadOnlyList<HeaderField> headers, ReadOnlyMemory<byte> headerBlock, ReadOnlySequence<byte> body, bool hasBodySeparator, long length, bool lineEndingsNormalized, IDisposable? owner)
    {
        Headers = headers;
        _headerBlock = headerBlock;
        _body = body;
        HasBodySeparator = hasBodySeparator;
        Length = length;
        LineEndingsNormalized = lineEndingsNormalized;
        _owner = owner;
    }

    /// <summary>The header fields in message order (top first).</summary>
    public IReadOnlyList<HeaderField> Headers { get; }

    /// <summary>The header block: all fields with their CRLFs, without the blank line that ends it.</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public ReadOnlyMemory<byte> HeaderBlock
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _headerBlock;
        }
    }

    /// <summary>
    /// The body (RFC 5322 §2.1): exactly the bytes after the blank line, possibly in several segments; empty when the
    /// message has no blank line.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public ReadOnlySequence<byte> Body
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _body;
        }
    }

    /// <summary><see langword="true"/> when a blank line separates header and body; <see langword="false"/> for a headers-only message.</summary>
    public bool HasBodySeparator { get; }

    /// <summary>The length of the message in bytes, after line-ending normalisation.</summary>
    public long Length { get; }

    /// <summary><see langword="true"/> when the reader converted bare LFs to CRLF (<see cref="MessageReaderOptions.NormalizeLineEndings"/>).</summary>
    public bool LineEndingsNormalized { get; }

    /// <summary>The first field named <paramref name="name"/> (ASCII case-insensitive), or <see langword="null"/>.</summary>
    /// <param name="name">The field name.</param>
    /// <returns>The field.</returns>
    public HeaderField? GetFirst(string name)
    {
        int i = IndexOf(name);
        return i < 0 ? null : Headers[i];
    }

    /// <summary>The fields named <paramref name="name"/> (ASCII case-insensitive), top to bottom.</summary>
    /// <param name="name">The field name.</param>
    /// <returns>The fields.</returns>
    public IEnumerable<HeaderField> GetFields(string name)
    {
        for (int i = IndexOf(name); i >= 0; i = IndexOf(name, i + 1))
        {
            yield return Headers[i];
        }
    }

    /// <summary>
    /// The fields named <paramref name="name"/> (ASCII case-insensitive), bottom to top — the order in which DKIM
    /// selects instances of a field listed several times in <c>h=</c> (RFC 6376 §5.4.2).
    /// </summary>
    /// <param name="name">The field name.</param>
    /// <returns>The fields.</returns>
    public IEnumerable<HeaderField> GetFieldsBottomUp(string name)
    {
        for (int i = LastIndexOf(name, Headers.Count - 1); i >= 0; i = LastIndexOf(name, i - 1))
        {
            yield return Headers[i];
        }
    }

    /// <summary>The index of the first field named <paramref name="name"/> at or after <paramref name="startIndex"/>.</summary>
    /// <param name="name">The field name, compared ignoring ASCII case.</param>
    /// <param name="startIndex">Where to start.</param>
    /// <returns>The index in <see cref="Headers"/>, or -1.</returns>
    public int IndexOf(ReadOnlySpan<char> name, int startIndex = 0)
    {
        for (int i = Math.Max(0, startIndex); i < Headers.Count; i++)
        {
            if (Headers[i].HasName(name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The index of the last field named <paramref name="name"/> at or before <paramref name="startIndex"/>, searching
    /// upwards (RFC 6376 §5.4.2).
    /// </summary>
    /// <param name="name">The field name, compared ignoring ASCII case.</param>
    /// <param name="startIndex">Where to start; values past the end start at the last field.</param>
    /// <returns>The index in <see cref="Headers"/>, or -1.</returns>
    public int LastIndexOf(ReadOnlySpan<char> name, int startIndex)
    {
        for (int i = Math.Min(startIndex, Headers.Count - 1); i >= 0; i--)
        {
            if (Headers[i].HasName(name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Writes the message: <paramref name="headers"/> (by default <see cref="Headers"/>) as their <see cref="HeaderField.Raw"/>
    /// bytes, the blank line when the message had one, and the body — for passing a message on after removing fields
    /// (e.g. forged Authentication-Results, RFC 8601 §5). Write fields to prepend to <paramref name="destination"/> first.
    /// </summary>
    /// <param name="destination">The stream to write to.</param>
    /// <param name="headers">The fields to write, in order; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when everything is written.</returns>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public async Task WriteToAsync(Stream destination, IReadOnlyList<HeaderField>? headers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (HeaderField field in headers ?? Headers)
        {
            await destination.WriteAsync(field.Raw, cancellationToken).ConfigureAwait(false);
        }

        if (HasBodySeparator)
        {
            await destination.WriteAsync(Crlf, cancellationToken).ConfigureAwait(false);
        }

        foreach (ReadOnlyMemory<byte> segment in _body)
        {
            await destination.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Returns rented buffers to the pool. The message's bytes must not be used afterwards.</summary>
    public void Dispose()
    {
        _disposed = true;
        Interlocked.Exchange(ref _owner, null)?.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Headers.Count} field(s), body {_body.Length} byte(s)";
}
