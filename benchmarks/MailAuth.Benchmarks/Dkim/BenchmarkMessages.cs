using System.Text;

namespace MailAuth.Benchmarks.Dkim;

/// <summary>
/// Deterministic, realistic messages of a given size: CRLF, folded headers, an 8-bit text body of prose lines with
/// single spaces, where every eighth line carries a tab and a double space (work for relaxed canonicalization)
/// and every tenth line is empty.
/// </summary>
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

    private const string Line = "Grüße aus Zürich — the quick brown fox jumps over the lazy dog, and back again.\r\n";
    private const string OddLine = "Grüße aus Zürich — the quick brown fox jumps over the lazy dog,  twice\t.\r\n";

    /// <summary>A message of about <paramref name="size"/> bytes.</summary>
    public static byte[] Create(int size)
    {
        var text = new StringBuilder(Headers, size + Line.Length * 2);
        var bytes = Encoding.UTF8.GetByteCount(Headers);
        for (var n = 0; bytes < size; n++)
        {
            var line = n % 10 == 9 ? "\r\n" : n % 8 == 7 ? OddLine : Line;
            text.Append(line);
            bytes += Encoding.UTF8.GetByteCount(line);
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
