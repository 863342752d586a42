using System.Buffers;

namespace MailAuth.MimeKit;

/// <summary>Byte-level helpers for a message's header block (RFC 5322 §2.2): where it ends and where each field ends.</summary>
internal static class ArfHeaderBlock
{
    /// <summary>The length of the header block including the line break of its last field, excluding the empty line; the whole input when there is no body.</summary>
    public static int HeaderLength(ReadOnlySpan<byte> message)
    {
        int lineStart = 0;
        while (lineStart < message.Length)
        {
            int lf = message[lineStart..].IndexOf((byte)'\n');
            if (lf < 0)
            {
                return message.Length;
            }

            int lineEnd = lineStart + lf;
            bool empty = lf == 0 || (lf == 1 && message[lineStart] == (byte)'\r');
            if (empty)
            {
                return lineStart;
            }

            lineStart = lineEnd + 1;
        }

        return message.Length;
    }

    /// <summary>The end (exclusive, after the line break) of the field starting at <paramref name="start"/>: the next line not starting with WSP.</summary>
    public static int FieldEnd(ReadOnlySpan<byte> header, int start)
    {
        int position = start;
        while (true)
        {
            int lf = header[position..].IndexOf((byte)'\n');
            if (lf < 0)
            {
                return header.Length;
            }

            position += lf + 1;
            if (position >= header.Length || (header[position] != (byte)' ' && header[position] != (byte)'\t'))
            {
                return position;
            }
        }
    }

    /// <summary>The bytes with every bare LF (and bare CR) turned into CRLF, as MIME requires of a message/rfc822 body part.</summary>
    public static byte[] ToCrlf(ReadOnlySpan<byte> bytes)
    {
        var output = new ArrayBufferWriter<byte>(bytes.Length + (bytes.Length / 32) + 2);
        for (int i = 0; i < bytes.Length; i++)
        {
            byte b = bytes[i];
            if (b == (byte)'\r')
            {
                output.Write("\r\n"u8);
                if (i + 1 < bytes.Length && bytes[i + 1] == (byte)'\n')
                {
                    i++;
                }
            }
            else if (b == (byte)'\n')
            {
                output.Write("\r\n"u8);
            }
            else
            {
                output.GetSpan(1)[0] = b;
                output.Advance(1);
            }
        }

        return output.WrittenSpan.ToArray();
    }
}
