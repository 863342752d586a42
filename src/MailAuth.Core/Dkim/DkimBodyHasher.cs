using System.Buffers;
using System.Security.Cryptography;

namespace MailAuth.Dkim;

/// <summary>
/// Streams a message body through simple or relaxed body canonicalization (RFC 6376 §3.4.3, §3.4.4)
/// straight into an <see cref="IncrementalHash"/>, optionally stopping after <c>l=</c> canonical octets (§3.4.5).
/// </summary>
/// <remarks>
/// The body may arrive in buffers of any size split anywhere: the state that crosses a boundary is a pending CR
/// (which may start a CRLF), a pending whitespace run (relaxed) and the count of CRLFs held back because they may
/// be trailing empty lines. Output is gathered in one pooled buffer and handed to the hash in large blocks;
/// nothing allocates per byte or per call. Not thread-safe; one instance per (canonicalization, hash, l=).
/// </remarks>
internal sealed class DkimBodyHasher : IDisposable
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';
    private const byte Sp = (byte)' ';
    private const byte Tab = (byte)'\t';

    // Large enough that the hash sees few calls, small enough to stay in L1/L2.
    private const int BufferSize = 16 * 1024;

    private static ReadOnlySpan<byte> CrLf => "\r\n"u8;

    private static readonly SearchValues<byte> RelaxedStops = SearchValues.Create([Sp, Tab, Cr]);

    private readonly IncrementalHash _hash;
    private readonly bool _relaxed;
    private byte[]? _buffer;
    private int _count;
    private long _remaining; // canonical octets still to hash; -1 = no l=
    private long _canonicalLength;
    private long _pendingCrLf;
    private bool _pendingCr;
    private bool _pendingWsp;
    private bool _anyContent;
    private bool _completed;

    /// <summary>Creates a hasher.</summary>
    /// <param name="canonicalization">Body canonicalization.</param>
    /// <param name="hashAlgorithm">SHA-256 or SHA-1.</param>
    /// <param name="bodyLength">The <c>l=</c> value, or <see langword="null"/> to hash the whole canonical body.</param>
    public DkimBodyHasher(DkimCanonicalization canonicalization, HashAlgorithmName hashAlgorithm, long? bodyLength)
    {
        if (bodyLength < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bodyLength));
        }

        _relaxed = canonicalization == DkimCanonicalization.Relaxed;
        _hash = IncrementalHash.CreateHash(hashAlgorithm);
        _remaining = bodyLength ?? -1;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    /// <summary>Receives a copy of the hashed canonical octets (for tests and diagnostics); <see langword="null"/> normally.</summary>
    internal IBufferWriter<byte>? Capture { get; init; }

    /// <summary>The number of canonical body octets produced so far (the whole canonical body once <see cref="Complete"/> ran), regardless of <c>l=</c>.</summary>
    public long CanonicalLength => _canonicalLength;

    /// <summary>Feeds the next piece of the raw body.</summary>
    /// <param name="data">Raw body octets, continuing the previous call.</param>
    public void Append(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        if (_completed)
        {
            throw new InvalidOperationException("The body hash is already complete.");
        }

        if (_relaxed)
        {
            AppendRelaxed(data);
        }
        else
        {
            AppendSimple(data);
        }
    }

    /// <summary>Feeds every segment of <paramref name="body"/>.</summary>
    /// <param name="body">Raw body octets.</param>
    public void Append(in ReadOnlySequence<byte> body)
    {
        foreach (var segment in body)
        {
            Append(segment.Span);
        }
    }

    /// <summary>Ends the body (emits the final CRLF as the canonicalization requires) and returns the hash.</summary>
    /// <returns>The body hash (the <c>bh=</c> value, decoded).</returns>
    public byte[] Complete()
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        if (_completed)
        {
            throw new InvalidOperationException("The body hash is already complete.");
        }

        _completed = true;
        if (_pendingCr)
        {
            // A lone CR at the very end is ordinary content.
            _pendingCr = false;
            Content([Cr]);
        }

        // §3.4.3: simple turns an empty body into one CRLF and ends every other body with exactly one CRLF.
        // §3.4.4: relaxed leaves an empty body empty and ends a non-empty one with exactly one CRLF.
        if (!_relaxed || _anyContent)
        {
            Emit(CrLf);
        }

        Flush();
        return _hash.GetHashAndReset();
    }

    /// <summary>Returns the pooled buffer and the hash.</summary>
    public void Dispose()
    {
        var buffer = _buffer;
        if (buffer is not null)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
            _hash.Dispose();
        }
    }

    private void AppendSimple(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_pendingCr)
            {
                _pendingCr = false;
                if (data[0] == Lf)
                {
                    _pendingCrLf++;
                    data = data[1..];
                    continue;
                }

                Content([Cr]);
            }

            int cr = data.IndexOf(Cr);
            if (cr < 0)
            {
                Content(data);
                return;
            }

            if (cr > 0)
            {
                Content(data[..cr]);
            }

            if (cr + 1 == data.Length)
            {
                _pendingCr = true;
                return;
            }

            if (data[cr + 1] == Lf)
            {
                _pendingCrLf++;
                data = data[(cr + 2)..];
            }
            else
            {
                Content([Cr]);
                data = data[(cr + 1)..];
            }
        }
    }

    private void AppendRelaxed(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_pendingCr)
            {
                _pendingCr = false;
                if (data[0] == Lf)
                {
                    EndLine();
                    data = data[1..];
                    continue;
                }

                Content([Cr]);
            }

            int stop = data.IndexOfAny(RelaxedStops);
            if (stop < 0)
            {
                Content(data);
                return;
            }

            if (stop > 0)
            {
                Content(data[..stop]);
            }

            if (data[stop] != Cr)
            {
                // §3.4.4 b: a run of WSP becomes one SP, unless it ends the line (a); decided by what follows.
                _pendingWsp = true;
                int end = stop + 1;
                while (end < data.Length && (data[end] == Sp || data[end] == Tab))
                {
                    end++;
                }

                data = data[end..];
            }
            else if (stop + 1 == data.Length)
            {
                _pendingCr = true;
                return;
            }
            else if (data[stop + 1] == Lf)
            {
                EndLine();
                data = data[(stop + 2)..];
            }
            else
            {
                Content([Cr]);
                data = data[(stop + 1)..];
            }
        }
    }

    // §3.4.4 a: WSP at the end of a line is dropped; the CRLF is held back in case only empty lines follow.
    private void EndLine()
    {
        _pendingWsp = false;
        _pendingCrLf++;
    }

    // Non-empty content: the held-back CRLFs were not trailing after all, nor was a pending WSP run.
    private void Content(ReadOnlySpan<byte> content)
    {
        while (_pendingCrLf > 0)
        {
            _pendingCrLf--;
            Emit(CrLf);
        }

        if (_pendingWsp)
        {
            _pendingWsp = false;
            Emit([Sp]);
        }

        _anyContent = true;
        Emit(content);
    }

    private void Emit(ReadOnlySpan<byte> output)
    {
        _canonicalLength += output.Length;
        if (_remaining >= 0)
        {
            // §3.4.5: only the first l= canonical octets are hashed.
            if (_remaining == 0)
            {
                return;
            }

            if (output.Length > _remaining)
            {
                output = output[..(int)_remaining];
            }

            _remaining -= output.Length;
        }

        var buffer = _buffer!;
        if (output.Length > buffer.Length - _count)
        {
            Flush();
            if (output.Length >= buffer.Length)
            {
                _hash.AppendData(output);
                Capture?.Write(output);
                return;
            }
        }

        output.CopyTo(buffer.AsSpan(_count));
        _count += output.Length;
    }

    private void Flush()
    {
        if (_count > 0)
        {
            _hash.AppendData(_buffer!, 0, _count);
            Capture?.Write(_buffer.AsSpan(0, _count));
            _count = 0;
        }
    }
}
