using System.Buffers;

namespace MailAuth.Dkim;

/// <summary>
/// Header field canonicalization (RFC 6376 §3.4.1 simple, §3.4.2 relaxed), span to span, over the raw bytes of one
/// field as it appears in the message (name, colon, value with any folding, and the terminating CRLF if present).
/// </summary>
internal static class DkimHeaderCanonicalizer
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';
    private const byte Sp = (byte)' ';
    private const byte Tab = (byte)'\t';
    private const byte Colon = (byte)':';
    private static readonly SearchValues<byte> WspOrCr = SearchValues.Create(" \t\r"u8);

    /// <summary>An upper bound of the canonical length of a field of <paramref name="rawLength"/> octets.</summary>
    /// <param name="rawLength">Length of the raw field.</param>
    /// <returns>The bound.</returns>
    public static int GetMaxLength(int rawLength) => rawLength + 2;

    /// <summary>Canonicalizes one header field.</summary>
    /// <param name="canonicalization">Simple or relaxed.</param>
    /// <param name="field">The raw field, with or without its terminating CRLF.</param>
    /// <param name="destination">At least <see cref="GetMaxLength"/> octets.</param>
    /// <param name="terminate"><see langword="true"/> to end the output with CRLF; <see langword="false"/> for the
    /// DKIM-Signature field being signed or verified, which is hashed without its trailing CRLF (§3.7).</param>
    /// <returns>The number of octets written.</returns>
    public static int Canonicalize(DkimCanonicalization canonicalization, ReadOnlySpan<byte> field, Span<byte> destination, bool terminate)
    {
        if (field.EndsWith("\r\n"u8))
        {
            field = field[..^2];
        }

        int n;
        if (canonicalization == DkimCanonicalization.Simple)
        {
            // §3.4.1: the field exactly as it is, folding included.
            field.CopyTo(destination);
            n = field.Length;
        }
        else
        {
            n = Relaxed(field, destination);
        }

        if (terminate)
        {
            destination[n++] = Cr;
            destination[n++] = Lf;
        }

        return n;
    }

    // §3.4.2: lowercase the name; unfold; WSP runs -> one SP; no WSP at the end of the value; none around the colon.
    private static int Relaxed(ReadOnlySpan<byte> field, Span<byte> destination)
    {
        int colon = field.IndexOf(Colon);
        var name = colon < 0 ? field : field[..colon];
        name = name.TrimEnd(" \t"u8);
        int n = 0;
        foreach (byte b in name)
        {
            destination[n++] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
        }

        destination[n++] = Colon;
        if (colon < 0)
        {
            return n;
        }

        // Text without WSP or CR is copied in runs found by a vectorized search; only those bytes need a decision.
        var value = field[(colon + 1)..];
        bool wrote = false;
        bool space = false;
        while (!value.IsEmpty)
        {
            int stop = value.IndexOfAny(WspOrCr);
            if (stop != 0)
            {
                var text = stop < 0 ? value : value[..stop];
                if (space)
                {
                    destination[n++] = Sp;
                    space = false;
                }

                text.CopyTo(destination[n..]);
                n += text.Length;
                wrote = true;
                if (stop < 0)
                {
                    break;
                }

                value = value[stop..];
            }

            byte b = value[0];
            if (b == Cr)
            {
                if (value.Length > 1 && value[1] == Lf)
                {
                    // Unfolding removes the CRLF of a continuation line; the WSP after it forms the separator.
                    value = value[2..];
                    continue;
                }

                // A lone CR is ordinary text.
                if (space)
                {
                    destination[n++] = Sp;
                    space = false;
                }

                destination[n++] = Cr;
                wrote = true;
            }
            else
            {
                // SP or HTAB: a run becomes one SP, none at the start or end of the value.
                space = wrote;
            }

            value = value[1..];
        }

        return n;
    }
}
