using System.Buffers;
using System.Security.Cryptography;
using MailAuth.Dkim;

namespace MailAuth.DomainKeys;

/// <summary>
/// DomainKeys canonicalization (draft-delany-domainkeys-base-06 §3.4.2) of the selected header fields and the body into
/// one SHA-1 hash. The body part is streamed: state crossing chunk boundaries is a pending CR, whether the current line
/// has content yet, and the count of empty lines held back (trailing empty lines are ignored). Every input byte is
/// looked at once and each held-back empty line is written at most once, so the cost is linear in the message size.
/// </summary>
internal sealed class DomainKeysCanonicalizer : IDisposable
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';
    private const int BufferSize = 16 * 1024;

    private readonly DomainKeysCanonicalization _mode;
    private readonly Sink _sink;
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _used;
    private long _pendingEmptyLines;
    private bool _lineHasContent;
    private bool _pendingCr;

    /// <summary>Receives canonical octets.</summary>
    /// <param name="data">The next octets.</param>
    internal delegate void Sink(ReadOnlySpan<byte> data);

    /// <summary>Creates a body canonicalizer.</summary>
    /// <param name="mode">simple or nofws.</param>
    /// <param name="sink">Receives the canonical octets, in pieces.</param>
    /// <param name="afterHeaders">
    /// <see langword="true"/> when the header/body separator line comes first: it counts as an empty line, so "if the body
    /// consists entirely of empty lines, then the header/body line is similarly ignored" (§3.4.2.1).
    /// </param>
    public DomainKeysCanonicalizer(DomainKeysCanonicalization mode, Sink sink, bool afterHeaders)
    {
        _mode = mode;
        _sink = sink;
        _pendingEmptyLines = afterHeaders ? 1 : 0;
    }

    /// <summary>A count of the loop steps taken (bytes consumed plus empty lines written), for the linear-cost tests.</summary>
    internal long WorkUnits { get; private set; }

    /// <summary>Canonicalizes one header field (§3.4.2.1: the lines as they are; §3.4.2.2: unfolded, FWS removed), with CRLF.</summary>
    /// <param name="mode">simple or nofws.</param>
    /// <param name="field">The raw field, with or without its CRLF.</param>
    /// <param name="destination">At least <c>field.Length + 2</c> octets.</param>
    /// <returns>The number of octets written.</returns>
    public static int CanonicalizeHeader(DomainKeysCanonicalization mode, ReadOnlySpan<byte> field, Span<byte> destination)
    {
        if (mode == DomainKeysCanonicalization.Simple)
        {
            return DkimHeaderCanonicalizer.Canonicalize(DkimCanonicalization.Simple, field, destination, terminate: true);
        }

        // nofws: "remove all folding white space characters ... 9 (HTAB), 10 (NL), 13 (CR) and 32 (SP)"; removing CR and
        // LF is what unwraps the continuation lines.
        int n = 0;
        foreach (byte b in field)
        {
            if (b is not ((byte)' ' or (byte)'\t' or Cr or Lf))
            {
                destination[n++] = b;
            }
        }

        destination[n++] = Cr;
        destination[n++] = Lf;
        return n;
    }

    /// <summary>The canonical form of a whole body, for tests and properties.</summary>
    /// <param name="mode">simple or nofws.</param>
    /// <param name="body">The body.</param>
    /// <param name="afterHeaders">Whether the header/body separator line precedes it.</param>
    /// <returns>The canonical octets.</returns>
    internal static byte[] CanonicalizeBody(DomainKeysCanonicalization mode, ReadOnlySpan<byte> body, bool afterHeaders = false)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var canonicalizer = new DomainKeysCanonicalizer(mode, s => output.Write(s), afterHeaders))
        {
            canonicalizer.Append(body);
            canonicalizer.Finish();
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>The SHA-1 hash DomainKeys signs: the selected fields, then the separator and the body (§3.4.2, §3.2.2).</summary>
    /// <param name="mode">simple or nofws.</param>
    /// <param name="fields">The raw selected fields, in message order.</param>
    /// <param name="body">The body.</param>
    /// <param name="cancellationToken">Checked between 64 KiB slices of the body.</param>
    /// <returns>The hash.</returns>
    public static byte[] ComputeHash(DomainKeysCanonicalization mode, IEnumerable<ReadOnlyMemory<byte>> fields, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        byte[] scratch = ArrayPool<byte>.Shared.Rent(1024);
        try
        {
            foreach (var field in fields)
            {
                if (scratch.Length < field.Length + 2)
                {
                    ArrayPool<byte>.Shared.Return(scratch);
                    scratch = ArrayPool<byte>.Shared.Rent(field.Length + 2);
                }

                int n = CanonicalizeHeader(mode, field.Span, scratch);
                hash.AppendData(scratch, 0, n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }

        using (var canonicalizer = new DomainKeysCanonicalizer(mode, hash.AppendData, afterHeaders: true))
        {
            const int Slice = 64 * 1024;
            foreach (var segment in body)
            {
                var span = segment.Span;
                while (!span.IsEmpty)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int take = Math.Min(Slice, span.Length);
                    canonicalizer.Append(span[..take]);
                    span = span[take..];
                }
            }

            canonicalizer.Finish();
        }

        return hash.GetHashAndReset();
    }

    /// <summary>Canonicalizes the next piece of the body.</summary>
    /// <param name="chunk">The bytes.</param>
    public void Append(ReadOnlySpan<byte> chunk)
    {
        bool nofws = _mode == DomainKeysCanonicalization.NoFws;
        WorkUnits += chunk.Length;
        foreach (byte b in chunk)
        {
            if (_pendingCr)
            {
                _pendingCr = false;
                if (b == Lf)
                {
                    EndLine();
                    continue;
                }

                // A CR not followed by LF: text in simple, white space to remove in nofws.
                if (!nofws)
                {
                    Content(Cr);
                }
            }

            if (b == Cr)
            {
                _pendingCr = true;
            }
            else if (nofws && b is (byte)' ' or (byte)'\t' or Lf)
            {
                // nofws removes SP, HTAB and a bare LF (§3.4.2.2); a line of white space only is an empty line.
            }
            else
            {
                Content(b);
            }
        }
    }

    /// <summary>Ends the body: "Append CRLF to the resulting line" for a last line without one; trailing empty lines are dropped.</summary>
    public void Finish()
    {
        if (_pendingCr)
        {
            _pendingCr = false;
            if (_mode == DomainKeysCanonicalization.Simple)
            {
                Content(Cr);
            }
        }

        if (_lineHasContent)
        {
            Write(Cr);
            Write(Lf);
            _lineHasContent = false;
        }

        Flush();
    }

    /// <summary>Returns the buffer.</summary>
    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void EndLine()
    {
        if (_lineHasContent)
        {
            Write(Cr);
            Write(Lf);
            _lineHasContent = false;
        }
        else
        {
            // §3.4.2.1: "All trailing empty lines are ignored": hold empty lines back until a line with content follows.
            _pendingEmptyLines++;
        }
    }

    private void Content(byte b)
    {
        if (!_lineHasContent)
        {
            WorkUnits += _pendingEmptyLines;
            for (; _pendingEmptyLines > 0; _pendingEmptyLines--)
            {
                Write(Cr);
                Write(Lf);
            }

            _lineHasContent = true;
        }

        Write(b);
    }

    private void Write(byte b)
    {
        if (_used == BufferSize)
        {
            Flush();
        }

        _buffer![_used++] = b;
    }

    private void Flush()
    {
        if (_used > 0)
        {
            _sink(_buffer.AsSpan(0, _used));
            _used = 0;
        }
    }
}
