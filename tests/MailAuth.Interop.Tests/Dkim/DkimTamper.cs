using System.Text;

namespace MailAuth.Interop.Tests.Dkim;

/// <summary>Ways of breaking a signed message; each must make every verifier fail.</summary>
internal static class DkimTamper
{
    public const string BodyByte = "body-byte-changed";
    public const string SignedHeader = "signed-header-changed";
    public const string SignatureValue = "signature-b-changed";
    public const string BodyHashTag = "signature-bh-changed";

    public static readonly string[] All = [BodyByte, SignedHeader, SignatureValue, BodyHashTag];

    public static byte[] Apply(string tamper, byte[] signed)
    {
        var copy = (byte[])signed.Clone();
        var bodyStart = IndexOf(copy, "\r\n\r\n"u8, 0) + 4;
        switch (tamper)
        {
            case BodyByte:
                // A letter in the middle of the body: no canonicalization can hide a changed letter.
                FlipLetter(copy, bodyStart + ((copy.Length - bodyStart) / 2), copy.Length);
                break;
            case SignedHeader:
                var subject = IndexOf(copy, "\r\nSubject:"u8, 0);
                FlipLetter(copy, subject + "\r\nSubject:".Length, bodyStart);
                break;
            case SignatureValue:
                FlipBase64InTag(copy, "b=");
                break;
            case BodyHashTag:
                FlipBase64InTag(copy, "bh=");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(tamper), tamper, "unknown tamper");
        }

        return copy;
    }

    private static void FlipBase64InTag(byte[] message, string tag)
    {
        var field = IndexOf(message, "DKIM-Signature:"u8, 0);
        var end = IndexOf(message, "\r\n\r\n"u8, 0);
        var position = field;
        while (true)
        {
            position = IndexOf(message, Encoding.ASCII.GetBytes(tag), position + 1);
            if (position < 0 || position > end)
            {
                throw new InvalidOperationException($"no {tag} tag in the DKIM-Signature");
            }

            // The tag must start a tag-spec: preceded by ';', ':' or white space (so "b=" does not match inside "bh=").
            var before = message[position - 1];
            if (before is (byte)';' or (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)':')
            {
                break;
            }
        }

        // Change a base64 character well inside the value (never the padding region), keeping it valid base64.
        var at = position + tag.Length + 10;
        while (!IsBase64(message[at]))
        {
            at++;
        }

        message[at] = message[at] == (byte)'A' ? (byte)'B' : (byte)'A';
    }

    private static void FlipLetter(byte[] message, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var c = message[i];
            if (c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z')
            {
                message[i] = c == (byte)'x' ? (byte)'y' : (byte)'x';
                return;
            }
        }

        throw new InvalidOperationException("no letter to change");
    }

    private static bool IsBase64(byte c) => c is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'+' or (byte)'/';

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle, int start)
    {
        var i = haystack.AsSpan(start).IndexOf(needle);
        return i < 0 ? -1 : start + i;
    }
}
