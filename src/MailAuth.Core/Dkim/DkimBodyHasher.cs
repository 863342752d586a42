using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;
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

    // Held-back empty lines are emitted in blocks of this many CRLFs, not one call per line.
    private const int CrLfBlockLines = 256;
    private static readonly byte[] CrLfBlock = CreateCrLfBlock();

    // What may follow the l= part without counting as appended content.
    private static readonly SearchValues<byte> UnsignedWhitespace = SearchValues.Create(" \t\r\n"u8);

    // Contents at least this long are hashed straight from the input instead of being copied to the buffer.
    private const int DirectLength = 4 * 1024;

    private readonly HashAlgorithmName _hashAlgorithm;
    private IncrementalHash? _hash; // created at the first flush: a body that fits the buffer is hashed in one shot
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
    private bool _unsignedContent;

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
        _hashAlgorithm = hashAlgorithm;
        _remaining = bodyLength ?? -1;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    /// <summary>Receives a copy of the hashed canonical octets (for tests and diagnostics); <see langword="null"/> normally.</summary>
    internal IBufferWriter<byte>? Capture { get; init; }

    /// <summary>The number of canonical body octets produced so far (the whole canonical body once <see cref="Complete"/> ran), regardless of <c>l=</c>.</summary>
    public long CanonicalLength => _canonicalLength;

    /// <summary>
    /// Whether the canonical octets beyond <c>l=</c> (not hashed) include anything but SP, HTAB, CR and LF: content
    /// appended after the signed part (RFC 6376 §8.2). Always <see langword="false"/> without <c>l=</c>.
    /// </summary>
    public bool HasUnsignedContent => _unsignedContent;

    /// <summary>The hash <see cref="Complete"/> returned, or <see langword="null"/> before it ran.</summary>
    public byte[]? Hash { get; private set; }

    /// <summary>Bytes examined by the canonicalization loops so far: a machine-independent cost measure (tests check it stays linear).</summary>
    internal long WorkUnits { get; private set; }

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

        if (_hash is null)
        {
            Capture?.Write(_buffer.AsSpan(0, _count));
            return Hash = DkimAlgorithms.HashData(_hashAlgorithm, _buffer.AsSpan(0, _count));
        }

        Flush();
        return Hash = _hash.GetHashAndReset();
    }

    /// <summary>Returns the pooled buffer and the hash.</summary>
    public void Dispose()
    {
        var buffer = _buffer;
        if (buffer is not null)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
            _hash?.Dispose();
        }
    }

    private void AppendSimple(ReadOnlySpan<byte> data)
    {
        if (_pendingCr && !data.IsEmpty)
        {
            _pendingCr = false;
            if (data[0] == Lf)
            {
                _pendingCrLf++;
                data = data[1..];
            }
            else
            {
                Content([Cr]);
            }
        }

        // §3.4.3 changes nothing but trailing CRLFs: everything up to the last byte that is not CR or LF is copied
        // as it is; only the line breaks after it need counting.
        int end = data.LastIndexOfAnyExcept(Cr, Lf) + 1;
        WorkUnits += data.Length;
        if (end > 0)
        {
            Content(data[..end]);
            data = data[end..];
        }

        SimpleLineBreaks(data);
    }

    // Only CR and LF bytes: count CRLFs (held back), a lone CR or LF is content.
    private void SimpleLineBreaks(ReadOnlySpan<byte> data)
    {
        WorkUnits += data.Length;
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

            if (data[0] == Cr)
            {
                _pendingCr = true;
            }
            else
            {
                Content([Lf]);
            }

            data = data[1..];
        }
    }

    // Cost: every byte is scanned forward once (NextSpecial), stepped back over at most once (the trailing SP/CR/LF
    // trim) and stepped through at most once (RelaxedWhitespace), whatever the shape of the input: O(n). Each pass of
    // the loop starts where the previous one stopped; nothing is scanned again (issue 8 item 6: the former "rest of
    // the line" path rescanned to the next special byte once per line, quadratic in runs of empty lines).
    private void AppendRelaxed(ReadOnlySpan<byte> data)
    {
        int pos = 0;
        while (pos < data.Length)
        {
            // A pending CR, or a pending WSP run that the next byte may extend or end at a line break, is settled by
            // the byte-wise path; any other byte makes a pending WSP run one SP, which Content emits before the text.
            if (!_pendingCr && (!_pendingWsp || data[pos] is not (Sp or Tab or Cr)))
            {
                // Fast path: copy everything before the next special sequence as it is, except a trailing run of
                // SP/CR/LF, whose meaning depends on what follows.
                int scanEnd = pos + NextSpecial(data[pos..]);
                int end = scanEnd;
                while (end > pos && data[end - 1] is Sp or Cr or Lf)
                {
                    end--;
                }

                WorkUnits += (scanEnd - pos) + (scanEnd - end);
                if (end > pos)
                {
                    Content(data[pos..end]);
                }

                // The held-back tail holds only SP, CR and LF: step through it once instead of scanning it again.
                RelaxedWhitespace(data[end..scanEnd]);
                pos = scanEnd;
                if (pos == data.Length)
                {
                    return;
                }
            }

            // At a special sequence (HTAB, "  ", " CR") or with a pending CR or WSP run: the run of SP/HTAB/CR/LF here.
            pos += RelaxedWhitespace(data[pos..]);
        }
    }

    /// <summary>
    /// Relaxed canonicalization of a run of SP, HTAB, CR and LF, byte by byte (§3.4.4): a WSP run is held as one
    /// pending SP, CRLF ends the line (dropping the pending WSP, a), a lone CR or LF is content.
    /// </summary>
    /// <param name="data">The bytes, continuing the previous ones.</param>
    /// <returns>How many bytes were consumed: up to the first byte that is not SP, HTAB, CR or LF.</returns>
    private int RelaxedWhitespace(ReadOnlySpan<byte> data)
    {
        int i = 0;
        for (; i < data.Length; i++)
        {
            byte b = data[i];
            if (_pendingCr)
            {
                _pendingCr = false;
                if (b == Lf)
                {
                    EndLine();
                    continue;
                }

                // A CR not followed by LF is ordinary content.
                Content([Cr]);
            }

            if (b is Sp or Tab)
            {
                _pendingWsp = true;
            }
            else if (b == Cr)
            {
                _pendingCr = true;
            }
            else if (b == Lf)
            {
                Content([Lf]);
            }
            else
            {
                break;
            }
        }

        WorkUnits += i;
        return i;
    }

    /// <summary>
    /// The first HTAB, "  " or " \r" in <paramref name="data"/> (its length if none): the only places where relaxed
    /// output differs from the input, apart from trailing line breaks. One vectorized pass compares each byte and
    /// its successor, instead of a search per pattern; a space in the last byte is left to the caller.
    /// </summary>
    /// <param name="data">The bytes to scan.</param>
    /// <returns>The offset of the first special sequence, or <c>data.Length</c>.</returns>
    internal static int NextSpecial(ReadOnlySpan<byte> data)
    {
        int i = 0;
        ref byte start = ref MemoryMarshal.GetReference(data);
        if (Vector256.IsHardwareAccelerated)
        {
            var tab = Vector256.Create(Tab);
            var sp = Vector256.Create(Sp);
            var cr = Vector256.Create(Cr);
            for (; i + Vector256<byte>.Count < data.Length; i += Vector256<byte>.Count)
            {
                var a = Vector256.LoadUnsafe(ref start, (nuint)i);
                var b = Vector256.LoadUnsafe(ref start, (nuint)(i + 1));
                var hit = Vector256.Equals(a, tab) | (Vector256.Equals(a, sp) & (Vector256.Equals(b, sp) | Vector256.Equals(b, cr)));
                if (hit != Vector256<byte>.Zero)
                {
                    return i + BitOperations.TrailingZeroCount(hit.ExtractMostSignificantBits());
                }
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var tab = Vector128.Create(Tab);
            var sp = Vector128.Create(Sp);
            var cr = Vector128.Create(Cr);
            for (; i + Vector128<byte>.Count < data.Length; i += Vector128<byte>.Count)
            {
                var a = Vector128.LoadUnsafe(ref start, (nuint)i);
                var b = Vector128.LoadUnsafe(ref start, (nuint)(i + 1));
                var hit = Vector128.Equals(a, tab) | (Vector128.Equals(a, sp) & (Vector128.Equals(b, sp) | Vector128.Equals(b, cr)));
                if (hit != Vector128<byte>.Zero)
                {
                    return i + BitOperations.TrailingZeroCount(hit.ExtractMostSignificantBits());
                }
            }
        }

        for (; i < data.Length; i++)
        {
            byte c = data[i];
            if (c == Tab || (c == Sp && i + 1 < data.Length && data[i + 1] is Sp or Cr))
            {
                return i;
            }
        }

        return data.Length;
    }

    // §3.4.4 a: WSP at the end of a line is dropped; the CRLF is held back in case only empty lines follow.
    private void EndLine()
    {
        _pendingWsp = false;
        _pendingCrLf++;
    }

    // Non-empty content: the held-back CRLFs were not trailing after all, nor was a pending WSP run.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Content(ReadOnlySpan<byte> content)
    {
        if (_pendingCrLf > 0 || _pendingWsp)
        {
            FlushPending();
        }

        _anyContent = true;
        Emit(content);
    }

    private void FlushPending()
    {
        while (_pendingCrLf > 0)
        {
            int lines = (int)Math.Min(_pendingCrLf, CrLfBlockLines);
            _pendingCrLf -= lines;
            Emit(CrLfBlock.AsSpan(0, 2 * lines));
        }

        if (_pendingWsp)
        {
            _pendingWsp = false;
            Emit([Sp]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Emit(ReadOnlySpan<byte> output)
    {
        _canonicalLength += output.Length;
        var buffer = _buffer!;
        if (_remaining < 0 && output.Length <= buffer.Length - _count && output.Length < DirectLength)
        {
            // Common case: no l=, a short piece and room in the buffer.
            output.CopyTo(buffer.AsSpan(_count));
            _count += output.Length;
            return;
        }

        EmitSlow(output);
    }

    private void EmitSlow(ReadOnlySpan<byte> output)
    {
        if (_remaining >= 0)
        {
            // §3.4.5: only the first l= canonical octets are hashed; note whether the rest holds more than whitespace
            // (each octet is looked at once, and no more once content was seen).
            if (output.Length > _remaining)
            {
                if (!_unsignedContent && output[(int)_remaining..].IndexOfAnyExcept(UnsignedWhitespace) >= 0)
                {
                    _unsignedContent = true;
                }

                output = output[..(int)_remaining];
            }

            if (output.IsEmpty)
            {
                return;
            }

            _remaining -= output.Length;
        }

        var buffer = _buffer!;
        if (output.Length >= DirectLength || output.Length > buffer.Length - _count)
        {
            Flush();
            if (output.Length >= DirectLength)
            {
                // Long unchanged runs (all of a simple body, clean stretches of a relaxed one) skip the copy.
                _hash ??= IncrementalHash.CreateHash(_hashAlgorithm);
                _hash.AppendData(output);
                Capture?.Write(output);
                return;
            }
        }

        output.CopyTo(buffer.AsSpan(_count));
        _count += output.Length;
    }

    private static byte[] CreateCrLfBlock()
    {
        var block = new byte[2 * CrLfBlockLines];
        for (int i = 0; i < block.Length; i += 2)
        {
            block[i] = Cr;
            block[i + 1] = Lf;
        }

        return block;
    }

    private void Flush()
    {
        if (_count > 0)
        {
            _hash ??= IncrementalHash.CreateHash(_hashAlgorithm);
            _hash.AppendData(_buffer!, 0, _count);
            Capture?.Write(_buffer.AsSpan(0, _count));
            _count = 0;
        }
    }
}
