using System.Buffers;
using System.Text;
using MailAuth.Messages;

namespace MailAuth.Tests.Messages;

internal static class MessageTestHelpers
{
    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    public static string Str(ReadOnlyMemory<byte> bytes) => Encoding.Latin1.GetString(bytes.Span);

    public static string Str(ReadOnlySequence<byte> bytes) => Encoding.Latin1.GetString(bytes.ToArray());

    /// <summary>Whether two reads observed the same message (or error); disposes both.</summary>
    public static bool SameAndDispose(MessageReadResult a, MessageReadResult b)
    {
        bool same = Describe(a) == Describe(b);
        a.Message?.Dispose();
        b.Message?.Dispose();
        return same;
    }

    /// <summary>Everything observable about a read, as one comparable string.</summary>
    public static string Describe(MessageReadResult result)
    {
        if (!result.IsSuccess)
        {
            return $"error {result.Error.Kind} @{result.Error.Offset}";
        }

        var sb = new StringBuilder();
        var m = result.Message;
        sb.Append($"sep={m.HasBodySeparator} len={m.Length} norm={m.LineEndingsNormalized}\n");
        foreach (var f in m.Headers)
        {
            sb.Append($"[{f.Name}|{f.Offset}|{Convert.ToHexString(f.Raw.Span)}|{Convert.ToHexString(f.Value.Span)}]\n");
        }

        sb.Append("header=").Append(Convert.ToHexString(m.HeaderBlock.Span)).Append('\n');
        sb.Append("body=").Append(Convert.ToHexString(m.Body.ToArray()));
        return sb.ToString();
    }
}
