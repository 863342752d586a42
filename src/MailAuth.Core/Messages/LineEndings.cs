using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MailAuth.Messages;

/// <summary>Line-ending checks over message bytes.</summary>
internal static class LineEndings
{
    /// <summary>
    /// Whether <paramref name="span"/> contains an LF not preceded by CR. <paramref name="previousWasCr"/> says whether
    /// the byte before the span (in an earlier segment) was a CR.
    /// </summary>
    public static bool ContainsBareLf(ReadOnlySpan<byte> span, bool previousWasCr)
    {
        if (span.IsEmpty)
        {
            return false;
        }

        if (span[0] == '\n' && !previousWasCr)
        {
            return true;
        }

        // From index 1 on, compare each block with the block shifted back by one byte: LF where the byte before is not CR.
        int i = 1;
        if (Vector128.IsHardwareAccelerated && span.Length >= Vector128<byte>.Count + 1)
        {
            ref byte start = ref MemoryMarshal.GetReference(span);
            var lf = Vector128.Create((byte)'\n');
            var cr = Vector128.Create((byte)'\r');
            int last = span.Length - Vector128<byte>.Count;
            for (; i <= last; i += Vector128<byte>.Count)
            {
                Vector128<byte> current = Vector128.LoadUnsafe(ref start, (nuint)i);
                Vector128<byte> isLf = Vector128.Equals(current, lf);
                if (isLf == Vector128<byte>.Zero)
                {
                    continue;
                }

                Vector128<byte> before = Vector128.LoadUnsafe(ref Unsafe.Add(ref start, i - 1));
                if (Vector128.AndNot(isLf, Vector128.Equals(before, cr)) != Vector128<byte>.Zero)
                {
                    return true;
                }
            }
        }

        for (; i < span.Length; i++)
        {
            if (span[i] == '\n' && span[i - 1] != '\r')
            {
                return true;
            }
        }

        return false;
    }
}
