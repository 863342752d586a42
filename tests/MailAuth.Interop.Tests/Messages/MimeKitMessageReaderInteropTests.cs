using System.Buffers;
using System.Text;
using MailAuth.Messages;
using MimeKit;
using Xunit;

namespace MailAuth.Interop.Tests.Messages;

/// <summary>Header fields as our reader sees them against MimeKit's parser (in-process peer).</summary>
public class MimeKitMessageReaderInteropTests
{
    private const string Message =
        "Received: from mail.example.com (mail.example.com [192.0.2.25])\r\n\tby mx.example.net with ESMTPS\r\n" +
        "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=sel;\r\n  h=from:to; bh=abc=;\r\n  b=def\r\n" +
        "From: =?UTF-8?Q?Al=C3=AFce?= <alice@example.com>\r\n" +
        "To: Bob <bob@example.net>\r\n" +
        "Subject: hello\r\n  folded\r\n" +
        "X-Empty:\r\n" +
        "\r\n" +
        "Hello\r\n\r\n-- \r\nAlice\r\n";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_SameFieldsAsMimeKit(bool lfOnly)
    {
        string text = lfOnly ? Message.Replace("\r\n", "\n", StringComparison.Ordinal) : Message;
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        using var ours = MessageReader.Default.Read(bytes).Message!;
        var theirs = MimeMessage.Load(new MemoryStream(bytes));

        Assert.Equal(theirs.Headers.Select(h => h.Field), ours.Headers.Select(h => h.Name));

        // MimeKit's RawValue is the value bytes after the colon, including the line break; ours normalise LF to CRLF.
        Assert.Equal(
            theirs.Headers.Select(h => Encoding.ASCII.GetString(h.RawValue).Replace("\r\n", "\n", StringComparison.Ordinal)),
            ours.Headers.Select(h => (Encoding.ASCII.GetString(h.Value.Span) + "\r\n").Replace("\r\n", "\n", StringComparison.Ordinal)));

        var body = new MemoryStream();
        Assert.NotNull(theirs.Body);
        theirs.Body.WriteTo(FormatOptions.Default, body, contentOnly: true);
        Assert.Equal(Encoding.ASCII.GetString(body.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal), Encoding.ASCII.GetString(ours.Body.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
