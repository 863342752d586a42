using System.Text;

namespace MailAuth.Benchmarks.Dkim;

/// <summary>Deterministic, realistic messages of a given size (CRLF, folded headers, 8-bit text body).</summary>
internal static class BenchmarkMessages
{
    private const string Headers =
        "Received: from mail.sender.example (mail.sender.example [192.0.2.25])\r\n" +
        "\tby mx.receiver.example (Postfix) with ESMTPS id 4Xk9Zq1mQzz9tD\r\n" +
        "\tfor <bob@receiver.example>; Mon, 23 Nov 2026 09:15:02 +0000 (UTC)\r\n" +
        "From: Alice <alice@bench.mailauth.test>\r\n" +
        "To: Bob Example <bob@receiver.example>,\r\n  Carol Example <carol@receiver.example>\r\n" +
        "Subject: Benchmark message with a subject line that is folded\r\n over two lines\r\n" +
        "Date: Mon, 23 Nov 2026 10:14:58 +0100\r\n" +
        "Message-ID: <bench-1@bench.mailauth.test>\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n" +
        "Content-Transfer-Encoding: 8bit\r\n" +
        "\r\n";

    private const string Line = "Grüße aus Zürich — the quick brown fox jumps over the lazy dog,  twice\t.\r\n";

    /// <summary>A message of about <paramref name="size"/> bytes.</summary>
    public static byte[] Create(int size)
    {
        var text = new StringBuilder(Headers, size + Line.Length * 2);
        var bytes = Encoding.UTF8.GetByteCount(Headers);
        var lineBytes = Encoding.UTF8.GetByteCount(Line);
        for (var n = 0; bytes < size; n++)
        {
            var blank = n % 10 == 9;
            text.Append(blank ? "\r\n" : Line);
            bytes += blank ? 2 : lineBytes;
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
