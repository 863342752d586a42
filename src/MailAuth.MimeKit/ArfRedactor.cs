using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace MailAuth.MimeKit;

/// <summary>
/// Redacts the local parts of mail addresses (RFC 6590 §4: replace the local part, keep the domain) in a header block and in
/// single addresses. One pass over the bytes: the backward scan for a local part never crosses the previous '@', so the cost
/// is linear in the header size.
/// </summary>
internal sealed class ArfRedactor
{
    // Fields that identify messages, not people; redacting them would only break correlation. Signatures are redacted too
    // (i= may name the author), which the report accepts: it carries no canonicalized forms (RFC 6591 §3.2.4).
    private static readonly HashSet<string> KeptFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "Message-ID", "In-Reply-To", "References", "Content-ID", "Resent-Message-ID",
    };

    // Fields of "name=value" pairs (A-R properties, DKIM tags): there '=' ends a local part (smtp.mailfrom=alice@example.com, i=alice@example.com).
    private static readonly HashSet<string> PropertyFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authentication-Results", "ARC-Authentication-Results", "Received-SPF",
        "DKIM-Signature", "DomainKey-Signature", "ARC-Seal", "ARC-Message-Signature",
    };

    private readonly DmarcFailureReportRedaction _mode;
    private readonly byte[] _token;
    private readonly byte[]? _key;

    public ArfRedactor(DmarcFailureReportRedaction mode, string token, byte[]? key)
    {
        _mode = mode;
        _token = Encoding.ASCII.GetBytes(token);
        _key = key is null ? null : (byte[])key.Clone();
    }

    public bool Enabled => _mode != DmarcFailureReportRedaction.None;

    /// <summary>An address with its local part redacted; an address without '@' is returned unchanged.</summary>
    public string RedactAddress(string address)
    {
        int at = address.LastIndexOf('@');
        if (!Enabled || at <= 0)
        {
            return address;
        }

        return Encoding.ASCII.GetString(Replacement(Encoding.UTF8.GetBytes(address[..at]))) + address[at..];
    }

    /// <summary>The header block (up to, not including, the empty line) with local parts redacted in every field but <see cref="KeptFields"/>.</summary>
    public byte[] RedactHeader(ReadOnlySpan<byte> header)
    {
        if (!Enabled)
        {
            return header.ToArray();
        }

        var output = new ArrayBufferWriter<byte>(header.Length + 64);
        int fieldStart = 0;
        while (fieldStart < header.Length)
        {
            int fieldEnd = ArfHeaderBlock.FieldEnd(header, fieldStart);
            ReadOnlySpan<byte> field = header[fieldStart..fieldEnd];
            int colon = field.IndexOf((byte)':');
            string name = colon > 0 ? Encoding.ASCII.GetString(field[..colon]).Trim() : string.Empty;
            if (colon <= 0 || KeptFields.Contains(name))
            {
                output.Write(field);
            }
            else
            {
                output.Write(field[..(colon + 1)]);
                RedactValue(field[(colon + 1)..], PropertyFields.Contains(name), output);
            }

            fieldStart = fieldEnd;
        }

        return output.WrittenSpan.ToArray();
    }

    private void RedactValue(ReadOnlySpan<byte> value, bool stopAtEquals, ArrayBufferWriter<byte> output)
    {
        int emitted = 0;
        int boundary = 0;
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] != (byte)'@')
            {
                continue;
            }

            int start = i;
            if (i > boundary && value[i - 1] == (byte)'"')
            {
                // quoted-string local part: back to the opening quote.
                int open = value[boundary..(i - 1)].LastIndexOf((byte)'"');
                start = open >= 0 ? boundary + open : i;
            }
            else
            {
                while (start > boundary && IsLocalPartByte(value[start - 1], stopAtEquals))
                {
                    start--;
                }
            }

            if (start < i && i + 1 < value.Length && IsDomainStart(value[i + 1]))
            {
                output.Write(value[emitted..start]);
                output.Write(Replacement(value[start..i]));
                emitted = i;
            }

            boundary = i + 1;
        }

        output.Write(value[emitted..]);
    }

    private byte[] Replacement(ReadOnlySpan<byte> localPart)
    {
        if (_mode != DmarcFailureReportRedaction.KeyedHash)
        {
            return _token;
        }

        // Case-folded so Alice@ and alice@ (the same mailbox almost everywhere) correlate.
        byte[] folded = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(localPart).ToLowerInvariant());
        byte[] mac = HMACSHA256.HashData(_key!, folded);
        return Encoding.ASCII.GetBytes(Convert.ToHexString(mac.AsSpan(0, 8)).ToLowerInvariant());
    }

    // RFC 5322 §3.2.3 atext and '.', plus UTF-8 (RFC 6532).
    private static bool IsLocalPartByte(byte b, bool stopAtEquals) =>
        b >= 0x80 || char.IsAsciiLetterOrDigit((char)b) || b switch
        {
            (byte)'=' => !stopAtEquals,
            (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\'' or (byte)'*' or (byte)'+' or (byte)'-' or (byte)'/'
                or (byte)'?' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'{' or (byte)'|' or (byte)'}' or (byte)'~' or (byte)'.' => true,
            _ => false,
        };

    private static bool IsDomainStart(byte b) => b >= 0x80 || char.IsAsciiLetterOrDigit((char)b) || b == (byte)'[';
}
