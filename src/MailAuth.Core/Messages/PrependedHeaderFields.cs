using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Text;

namespace MailAuth.Messages;

/// <summary>
/// New header fields to write in front of a message: Authentication-Results (RFC 8601), DKIM-Signature (RFC 6376),
/// an ARC set (RFC 8617), Received-SPF (RFC 7208 §9.1) or any other field. Each field is checked when added, encoded
/// as UTF-8 (RFC 6532 §3.2: values of an internationalized message may carry UTF-8, e.g. <c>smtp.mailfrom</c> with a
/// UTF-8 local part, RFC 8601 §1.5.2) and terminated with CRLF; the message bytes are then copied unchanged.
/// </summary>
/// <remarks>
/// <para>
/// Fields are written in the order added, the first on top. Add them in the order the producers return them:
/// a DKIM signer's or ARC sealer's fields as a group, the receiver's Authentication-Results first (RFC 8601 §4:
/// a trace field goes above what was there).
/// </para>
/// <para>
/// A field is refused (<see cref="TryAdd"/> returns the reason) when a CR or LF is anything but a fold (CRLF followed
/// by a space or tab and more text, RFC 5322 §2.2.3), when it has another control character than HTAB, an unpaired
/// UTF-16 surrogate, a name that is not printable US-ASCII (RFC 5322 §3.6.8) or a line longer than 998 octets
/// (RFC 5322 §2.1.1). So no value can end the field early and start another one (header injection).
/// </para>
/// <para>Not thread-safe while fields are added; the write methods only read and may run concurrently.</para>
/// </remarks>
public sealed class PrependedHeaderFields
{
    /// <summary>RFC 5322 §2.1.1: each line MUST be no more than 998 characters, excluding the CRLF.</summary>
    public const int MaxLineOctets = 998;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ArrayBufferWriter<byte> _bytes = new(512);
    private int _count;

    /// <summary>How many fields were added.</summary>
    public int Count => _count;

    /// <summary>The length of the encoded fields in octets, CRLFs included: how much longer the message becomes.</summary>
    public int ByteCount => _bytes.WrittenCount;

    /// <summary>The encoded fields (UTF-8, each ending in CRLF).</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes.WrittenMemory;

    /// <summary>Adds one field when it is safe to write.</summary>
    /// <param name="field">The whole field (<c>Name: value</c>, folded with CRLF + WSP), without or with one trailing CRLF.</param>
    /// <param name="error">Why the field was refused; <see langword="null"/> when it was added.</param>
    /// <returns><see langword="true"/> when the field was added.</returns>
    public bool TryAdd(string field, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(field);
        ReadOnlySpan<char> text = field.AsSpan();
        if (text.EndsWith("\r\n", StringComparison.Ordinal))
        {
            text = text[..^2];
        }

        error = Check(text);
        if (error is not null)
        {
            return false;
        }

        int length = StrictUtf8.GetByteCount(text);
        Span<byte> destination = _bytes.GetSpan(length + 2);
        int written = StrictUtf8.GetBytes(text, destination);
        destination[written] = (byte)'\r';
        destination[written + 1] = (byte)'\n';
        _bytes.Advance(written + 2);
        _count++;
        return true;
    }

    /// <summary>Adds one field.</summary>
    /// <param name="field">The whole field, e.g. <c>AuthenticationOutcome.ToAuthenticationResults()</c>.</param>
    /// <returns>This instance, to chain calls.</returns>
    /// <exception cref="ArgumentException">The field cannot be written safely (see <see cref="TryAdd"/>); nothing was added.</exception>
    public PrependedHeaderFields Add(string field) =>
        TryAdd(field, out string? error) ? this : throw new ArgumentException(error, nameof(field));

    /// <summary>Adds several fields in order, e.g. <c>DkimSigningResult.Fields</c> or <c>ArcSealResult.Fields</c>.</summary>
    /// <param name="fields">The fields.</param>
    /// <returns>This instance, to chain calls.</returns>
    /// <exception cref="ArgumentException">A field cannot be written safely; the fields before it were added.</exception>
    public PrependedHeaderFields AddRange(IEnumerable<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (string field in fields)
        {
            Add(field);
        }

        return this;
    }

    /// <summary>Returns a new array: the fields, then <paramref name="message"/> unchanged.</summary>
    /// <param name="message">The message bytes (header block, blank line, body).</param>
    /// <returns>The message with the fields in front.</returns>
    public byte[] Prepend(ReadOnlySpan<byte> message)
    {
        byte[] result = GC.AllocateUninitializedArray<byte>(ByteCount + message.Length);
        Bytes.Span.CopyTo(result);
        message.CopyTo(result.AsSpan(ByteCount));
        return result;
    }

    /// <summary>Writes the fields, then <paramref name="message"/> unchanged, to <paramref name="destination"/>.</summary>
    /// <param name="message">The message, e.g. the buffer an SMTP server hands over.</param>
    /// <param name="destination">Where to write.</param>
    public void Prepend(ReadOnlySequence<byte> message, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(Bytes.Span);
        foreach (ReadOnlyMemory<byte> segment in message)
        {
            destination.Write(segment.Span);
        }
    }

    /// <summary>Writes the fields, then <paramref name="message"/> unchanged, to <paramref name="destination"/>.</summary>
    /// <param name="message">The message bytes.</param>
    /// <param name="destination">Where to write (not flushed or closed).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when everything is written.</returns>
    public async Task PrependAsync(ReadOnlyMemory<byte> message, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await destination.WriteAsync(Bytes, cancellationToken).ConfigureAwait(false);
        await destination.WriteAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the fields, then copies <paramref name="message"/> from its current position to its end unchanged,
    /// through one pooled buffer: the message is never held in memory as a whole.
    /// </summary>
    /// <param name="message">The message, read to its end (not closed).</param>
    /// <param name="destination">Where to write (not flushed or closed).</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>A task that completes when everything is written.</returns>
    public async Task PrependAsync(Stream message, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(destination);
        await destination.WriteAsync(Bytes, cancellationToken).ConfigureAwait(false);
        await message.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the fields, then <paramref name="message"/> unchanged, to <paramref name="destination"/>, flushing after each segment.</summary>
    /// <param name="message">The message.</param>
    /// <param name="destination">Where to write (not completed).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when everything is written and flushed.</returns>
    public async Task PrependAsync(ReadOnlySequence<byte> message, PipeWriter destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await destination.WriteAsync(Bytes, cancellationToken).ConfigureAwait(false);
        foreach (ReadOnlyMemory<byte> segment in message)
        {
            await destination.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the fields, then copies <paramref name="message"/> to its end unchanged into <paramref name="destination"/>.</summary>
    /// <param name="message">The message, read to its end (not closed).</param>
    /// <param name="destination">Where to write (flushed, not completed).</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>A task that completes when everything is written and flushed.</returns>
    public async Task PrependAsync(Stream message, PipeWriter destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(destination);
        await destination.WriteAsync(Bytes, cancellationToken).ConfigureAwait(false);
        await message.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The fields as text, each ending in CRLF.</summary>
    /// <returns>The header text.</returns>
    public override string ToString() => StrictUtf8.GetString(Bytes.Span);

    // One pass over the field. field-name = 1*ftext, ftext = %d33-57 / %d59-126 (RFC 5322 §3.6.8); in the body a CR
    // is allowed only as the start of a fold: CRLF followed by WSP (§2.2.3) and by a line that is not all WSP (§3.2.2).
    private static string? Check(ReadOnlySpan<char> field)
    {
        int colon = field.IndexOf(':');
        if (colon <= 0)
        {
            return "a header field is 'Name: value' with a non-empty name (RFC 5322 §2.2)";
        }

        foreach (char c in field[..colon])
        {
            if (c is < '!' or > '~')
            {
                return "the field name must be printable US-ASCII without spaces (RFC 5322 §3.6.8)";
            }
        }

        int lineOctets = colon + 1;
        bool lineHasText = true;
        for (int i = colon + 1; i < field.Length; i++)
        {
            char c = field[i];
            if (c == '\r')
            {
                if (i + 2 >= field.Length || field[i + 1] != '\n' || field[i + 2] is not (' ' or '\t'))
                {
                    return "a CR or LF in the field that is not a fold (CRLF followed by a space or tab) would end the field: refused (header injection)";
                }

                if (!lineHasText)
                {
                    return "a folded line that holds only white space (RFC 5322 §3.2.2)";
                }

                i++;
                lineOctets = 0;
                lineHasText = false;
                continue;
            }

            if (c == '\n')
            {
                return "a bare LF in the field would end it in many parsers: refused (header injection)";
            }

            if ((c < ' ' && c != '\t') || c == '\x7f')
            {
                return "a control character other than HTAB cannot be written in a header field (RFC 5322 §3.2.5, RFC 6532 §3.2)";
            }

            if (char.IsSurrogate(c))
            {
                if (!char.IsHighSurrogate(c) || i + 1 >= field.Length || !char.IsLowSurrogate(field[i + 1]))
                {
                    return "an unpaired UTF-16 surrogate has no UTF-8 form (RFC 6532 §3.1)";
                }

                i++;
                lineOctets += 4;
            }
            else
            {
                lineOctets += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }

            lineHasText |= c is not (' ' or '\t');
            if (lineOctets > MaxLineOctets)
            {
                return $"a line of the field is longer than {MaxLineOctets} octets (RFC 5322 §2.1.1)";
            }
        }

        return lineHasText ? null : "a folded line that holds only white space (RFC 5322 §3.2.2)";
    }
}
