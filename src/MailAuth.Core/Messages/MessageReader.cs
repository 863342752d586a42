using System.Buffers;
using System.IO.Pipelines;

namespace MailAuth.Messages;

/// <summary>
/// Reads an RFC 5322 message into a <see cref="RawMessage"/>: header fields in order, exactly as they are in the
/// message (folding kept), and the body bytes. The reader never rewrites bytes, except that it converts bare LF to
/// CRLF when <see cref="MessageReaderOptions.NormalizeLineEndings"/> is on (the default). Malformed messages and
/// exceeded limits give a <see cref="MessageReadError"/>, never an exception. Immutable and thread-safe.
/// </summary>
public sealed class MessageReader
{
    private const int StreamReadSize = 64 * 1024;

    private readonly bool _normalize;
    private readonly int _maxHeaderBytes;
    private readonly int _maxHeaderFields;
    private readonly int _maxHeaderLineLength;
    private readonly long _maxMessageBytes;

    /// <summary>Creates a reader.</summary>
    /// <param name="options">Limits and behaviour; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of range; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public MessageReader(MessageReaderOptions? options = null)
    {
        options = (options ?? new MessageReaderOptions()).Freeze();
        _normalize = options.NormalizeLineEndings;
        _maxHeaderBytes = options.MaxHeaderBytes;
        _maxHeaderFields = options.MaxHeaderFields;
        _maxHeaderLineLength = options.MaxHeaderLineLength;
        _maxMessageBytes = options.MaxMessageBytes ?? long.MaxValue;
    }

    /// <summary>A reader with the default options.</summary>
    public static MessageReader Default { get; } = new();

    /// <summary>Reads a message held in memory. Without normalisation the result refers to <paramref name="message"/>.</summary>
    /// <param name="message">The message bytes.</param>
    /// <returns>The message or the error.</returns>
    public MessageReadResult Read(ReadOnlyMemory<byte> message) => Read(new ReadOnlySequence<byte>(message));

    /// <summary>Reads a message held in memory, possibly in several segments. Without normalisation the body refers to <paramref name="message"/>.</summary>
    /// <param name="message">The message bytes.</param>
    /// <returns>The message or the error.</returns>
    public MessageReadResult Read(in ReadOnlySequence<byte> message)
    {
        if (message.Length > _maxMessageBytes)
        {
            return TooLarge();
        }

        if (_normalize && ContainsBareLf(message))
        {
            var buffer = new PooledByteBuffer(normalizeLineEndings: true, message.Length);
            foreach (ReadOnlyMemory<byte> segment in message)
            {
                buffer.Append(segment.Span);
            }

            return Parse(buffer.ToSequence(), buffer, normalized: true);
        }

        return Parse(message, owner: null, normalized: false);
    }

    /// <summary>Reads a message from a stream to its end, buffering it once in pooled memory.</summary>
    /// <param name="stream">The stream; it is read, not disposed.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The message (dispose it) or the error.</returns>
    public async ValueTask<MessageReadResult> ReadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new PooledByteBuffer(_normalize);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(StreamReadSize);
        try
        {
            long total = 0;
            bool headerChecked = false;
            int n;
            while ((n = await stream.ReadAsync(chunk.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += n;
                if (Append(buffer, chunk.AsSpan(0, n), total, ref headerChecked) is { } error)
                {
                    buffer.Dispose();
                    return MessageReadResult.Failure(error);
                }
            }
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return Parse(buffer.ToSequence(), buffer, buffer.Normalized);
    }

    /// <summary>
    /// Reads a message from a pipe until the writer completes, buffering it once in pooled memory. The reader is
    /// advanced past everything read but not completed; that is the caller's job.
    /// </summary>
    /// <param name="reader">The pipe.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The message (dispose it) or the error.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled, or the pending read was cancelled with <see cref="PipeReader.CancelPendingRead"/>.</exception>
    public async ValueTask<MessageReadResult> ReadAsync(PipeReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var buffer = new PooledByteBuffer(_normalize);
        try
        {
            long total = 0;
            bool headerChecked = false;
            while (true)
            {
                ReadResult read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                ReadOnlySequence<byte> data = read.Buffer;
                MessageReadError? error = null;
                foreach (ReadOnlyMemory<byte> segment in data)
                {
                    total += segment.Length;
                    error = Append(buffer, segment.Span, total, ref headerChecked);
                    if (error is not null)
                    {
                        break;
                    }
                }

                reader.AdvanceTo(data.End);
                if (error is not null)
                {
                    buffer.Dispose();
                    return MessageReadResult.Failure(error);
                }

                if (read.IsCanceled)
                {
                    // PipeReader.CancelPendingRead: the message is incomplete.
                    throw new OperationCanceledException("The pending pipe read was cancelled.");
                }

                if (read.IsCompleted)
                {
                    break;
                }
            }
        }
        catch
        {
            buffer.Dispose();
            throw;
        }

        return Parse(buffer.ToSequence(), buffer, buffer.Normalized);
    }

    private MessageReadError? Append(PooledByteBuffer buffer, ReadOnlySpan<byte> data, long total, ref bool headerChecked)
    {
        if (total > _maxMessageBytes)
        {
            return TooLarge().Error;
        }

        buffer.Append(data);

        // Fail early on an endless header block instead of buffering up to the message limit.
        if (!headerChecked && buffer.Length > (long)_maxHeaderBytes + 2)
        {
            headerChecked = true;
            if (!FindHeaderEnd(buffer.ToSequence(), out _, out _))
            {
                return HeaderTooLarge();
            }
        }

        return null;
    }

    private MessageReadResult Parse(ReadOnlySequence<byte> message, PooledByteBuffer? owner, bool normalized)
    {
        long headerEnd;
        long bodyStart;
        bool separator = FindHeaderEnd(message, out headerEnd, out bodyStart);
        if (!separator)
        {
            if (message.Length > _maxHeaderBytes)
            {
                owner?.Dispose();
                return MessageReadResult.Failure(HeaderTooLarge());
            }

            headerEnd = bodyStart = message.Length;
        }

        ReadOnlySequence<byte> headerBytes = message.Slice(0, headerEnd);
        ReadOnlyMemory<byte> headerBlock;
        if (headerBytes.IsSingleSegment)
        {
            headerBlock = headerBytes.First;
        }
        else
        {
            owner ??= new PooledByteBuffer(normalizeLineEndings: false);
            byte[] array = owner.Rent((int)headerEnd);
            headerBytes.CopyTo(array);
            headerBlock = array.AsMemory(0, (int)headerEnd);
        }

        var fields = new List<HeaderField>();
        MessageReadError? error = HeaderBlockParser.Parse(headerBlock, _maxHeaderFields, _maxHeaderLineLength, fields);
        if (error is not null)
        {
            owner?.Dispose();
            return MessageReadResult.Failure(error);
        }

        var raw = new RawMessage(fields, headerBlock, message.Slice(bodyStart), separator, message.Length, normalized, owner);
        return MessageReadResult.Success(raw);
    }

    // The header block ends at the first empty line (RFC 5322 §2.1): CRLF at the start, or CRLF CRLF.
    // Only the first MaxHeaderBytes + 2 bytes are searched, so the limit also bounds the work.
    private bool FindHeaderEnd(in ReadOnlySequence<byte> message, out long headerEnd, out long bodyStart)
    {
        ReadOnlySpan<byte> first = message.FirstSpan;
        if (message.Length >= 2 && (first.Length >= 2 ? first.StartsWith("\r\n"u8) : StartsWithCrlfSlow(message)))
        {
            headerEnd = 0;
            bodyStart = 2;
            return true;
        }

        var reader = new SequenceReader<byte>(message.Slice(0, Math.Min(message.Length, (long)_maxHeaderBytes + 2)));
        if (reader.TryReadTo(out ReadOnlySequence<byte> _, "\r\n\r\n"u8, advancePastDelimiter: false))
        {
            headerEnd = reader.Consumed + 2;
            bodyStart = reader.Consumed + 4;
            return true;
        }

        headerEnd = bodyStart = 0;
        return false;
    }

    private static bool StartsWithCrlfSlow(in ReadOnlySequence<byte> message)
    {
        Span<byte> two = stackalloc byte[2];
        message.Slice(0, 2).CopyTo(two);
        return two.SequenceEqual("\r\n"u8);
    }

    private static bool ContainsBareLf(in ReadOnlySequence<byte> message)
    {
        bool previousWasCr = false;
        foreach (ReadOnlyMemory<byte> memory in message)
        {
            ReadOnlySpan<byte> span = memory.Span;
            if (span.IsEmpty)
            {
                continue;
            }

            if (LineEndings.ContainsBareLf(span, previousWasCr))
            {
                return true;
            }

            previousWasCr = span[^1] == '\r';
        }

        return false;
    }

    private MessageReadResult TooLarge()
        => MessageReadResult.Failure(new MessageReadError(MessageReadErrorKind.MessageTooLarge, $"message larger than {_maxMessageBytes} bytes", _maxMessageBytes));

    private MessageReadError HeaderTooLarge()
        => new(MessageReadErrorKind.HeaderBlockTooLarge, $"header block larger than {_maxHeaderBytes} bytes", _maxHeaderBytes);
}
