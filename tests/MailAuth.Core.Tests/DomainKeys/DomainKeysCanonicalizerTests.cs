using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.DomainKeys;
using Xunit;

namespace MailAuth.Tests.DomainKeys;

public sealed class DomainKeysCanonicalizerTests
{
    private static string Body(DomainKeysCanonicalization mode, string body, bool afterHeaders = false) =>
        Encoding.Latin1.GetString(DomainKeysCanonicalizer.CanonicalizeBody(mode, Encoding.Latin1.GetBytes(body), afterHeaders));

    private static string Header(DomainKeysCanonicalization mode, string field)
    {
        byte[] destination = new byte[field.Length + 2];
        int n = DomainKeysCanonicalizer.CanonicalizeHeader(mode, Encoding.Latin1.GetBytes(field), destination);
        return Encoding.Latin1.GetString(destination, 0, n);
    }

    [Theory]
    [InlineData("Hi.\r\n\r\nWe lost the game.\r\n\r\nJoe.\r\n\r\n\r\n", "Hi.\r\n\r\nWe lost the game.\r\n\r\nJoe.\r\n")]
    [InlineData("  Hi. \r\n", "  Hi. \r\n")]
    [InlineData("last line", "last line\r\n")]
    [InlineData("a\rb\r\n", "a\rb\r\n")]
    [InlineData("\r\n\r\n", "")]
    [InlineData("", "")]
    public void CanonicalizeBody_Simple_KeepsLinesDropsTrailingEmptyLines(string body, string expected)
    {
        Assert.Equal(expected, Body(DomainKeysCanonicalization.Simple, body));
    }

    [Theory]
    [InlineData("We lost  the\tgame. \r\n", "Welostthegame.\r\n")]
    [InlineData("a\r\n \t \r\nb\r\n  \r\n\t\r\n", "a\r\n\r\nb\r\n")]
    [InlineData("a\rb\nc\r\n", "abc\r\n")]
    [InlineData(" \r\n\t\r\n", "")]
    public void CanonicalizeBody_NoFws_RemovesWhiteSpaceAndTrailingEmptyLines(string body, string expected)
    {
        Assert.Equal(expected, Body(DomainKeysCanonicalization.NoFws, body));
    }

    [Theory]
    [InlineData(DomainKeysCanonicalization.Simple, "Hi.\r\n", "\r\nHi.\r\n")]
    [InlineData(DomainKeysCanonicalization.Simple, "\r\n\r\n", "")]
    [InlineData(DomainKeysCanonicalization.NoFws, " \r\n", "")]
    [InlineData(DomainKeysCanonicalization.NoFws, "\r\nx\r\n", "\r\n\r\nx\r\n")]
    public void CanonicalizeBody_AfterHeaders_SeparatorIgnoredOnlyForEmptyBody(DomainKeysCanonicalization mode, string body, string expected)
    {
        // §3.4.2.1: "If the body consists entirely of empty lines, then the header/body line is similarly ignored."
        Assert.Equal(expected, Body(mode, body, afterHeaders: true));
    }

    [Theory]
    [InlineData(DomainKeysCanonicalization.Simple, "Comment: This comment has a continuation\r\n  because this line begins with folding white space\r\n", "Comment: This comment has a continuation\r\n  because this line begins with folding white space\r\n")]
    [InlineData(DomainKeysCanonicalization.NoFws, "Comment: This comment has a continuation\r\n  because this line begins with folding white space\r\n", "Comment:Thiscommenthasacontinuationbecausethislinebeginswithfoldingwhitespace\r\n")]
    [InlineData(DomainKeysCanonicalization.NoFws, "From: \"Joe SixPack\" <joe@football.example.com>", "From:\"JoeSixPack\"<joe@football.example.com>\r\n")]
    [InlineData(DomainKeysCanonicalization.Simple, "Subject: no CRLF", "Subject: no CRLF\r\n")]
    public void CanonicalizeHeader_DraftSection1_9Examples(DomainKeysCanonicalization mode, string field, string expected)
    {
        Assert.Equal(expected, Header(mode, field));
    }

    [Property(MaxTest = 2000)]
    public Property CanonicalizeBody_NoFws_IsIdempotent()
        => Prop.ForAll(BodyGen.ToArbitrary(), body =>
        {
            byte[] once = DomainKeysCanonicalizer.CanonicalizeBody(DomainKeysCanonicalization.NoFws, body);
            byte[] twice = DomainKeysCanonicalizer.CanonicalizeBody(DomainKeysCanonicalization.NoFws, once);
            return once.AsSpan().SequenceEqual(twice);
        });

    [Property(MaxTest = 2000)]
    public Property CanonicalizeBody_Simple_IsIdempotent()
        => Prop.ForAll(BodyGen.ToArbitrary(), body =>
        {
            byte[] once = DomainKeysCanonicalizer.CanonicalizeBody(DomainKeysCanonicalization.Simple, body);
            byte[] twice = DomainKeysCanonicalizer.CanonicalizeBody(DomainKeysCanonicalization.Simple, once);
            return once.AsSpan().SequenceEqual(twice);
        });

    [Property(MaxTest = 500)]
    public Property CanonicalizeBody_AnyChunking_SameOutput()
        => Prop.ForAll(BodyGen.ToArbitrary(), Gen.Choose(1, 7).ToArbitrary(), (body, step) =>
        {
            foreach (var mode in new[] { DomainKeysCanonicalization.Simple, DomainKeysCanonicalization.NoFws })
            {
                byte[] whole = DomainKeysCanonicalizer.CanonicalizeBody(mode, body);
                var output = new List<byte>();
                using var canonicalizer = new DomainKeysCanonicalizer(mode, s => output.AddRange(s.ToArray()), afterHeaders: false);
                for (int i = 0; i < body.Length; i += step)
                {
                    canonicalizer.Append(body.AsSpan(i, Math.Min(step, body.Length - i)));
                }

                canonicalizer.Finish();
                if (!whole.AsSpan().SequenceEqual(output.ToArray()))
                {
                    return false;
                }
            }

            return true;
        });

    [Theory]
    [InlineData(1 << 10)]
    [InlineData(1 << 16)]
    [InlineData(1 << 20)]
    public void CanonicalizeBody_AdversarialShapes_LinearWork(int size)
    {
        // Runs of empty lines (held back, then released) and white space: at most 2 steps per input byte.
        foreach (string unit in new[] { "\r\n", " \t\r\n", "\r\n\r\nx" })
        {
            byte[] body = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(unit, size / unit.Length)) + "x");
            foreach (var mode in new[] { DomainKeysCanonicalization.Simple, DomainKeysCanonicalization.NoFws })
            {
                using var canonicalizer = new DomainKeysCanonicalizer(mode, _ => { }, afterHeaders: true);
                canonicalizer.Append(body);
                canonicalizer.Finish();
                Assert.True(canonicalizer.WorkUnits <= 2L * body.Length + 2, $"{canonicalizer.WorkUnits} steps for {body.Length} bytes ({mode})");
            }
        }
    }

    private static Gen<byte[]> BodyGen =>
        Gen.Elements((byte)'a', (byte)' ', (byte)'\t', (byte)'\r', (byte)'\n', (byte)'x', (byte)0xE9)
            .ArrayOf()
            .Select(a => a.ToArray());
}

public sealed class DomainKeysFieldSelectionTests
{
    private static string[] Select(string headerBlock, string[]? names)
    {
        var read = MailAuth.Messages.MessageReader.Default.Read(Encoding.ASCII.GetBytes(headerBlock + "\r\nbody\r\n"));
        using var message = read.Message!;
        return DomainKeysVerifier.SelectFields(message.Headers, 0, names)
            .Select(f => Encoding.ASCII.GetString(f.Span).TrimEnd('\r', '\n'))
            .ToArray();
    }

    [Fact]
    public void SelectFields_HListOutOfMessageOrder_FollowsHList()
    {
        // §3.3 h=: "the complete list of headers in the order presented to the signing algorithm".
        string[] fields = Select("Sender: s@example.com\r\nFrom: f@example.com\r\nTo: t@example.com\r\n", ["from", "to", "sender"]);

        Assert.Equal(["From: f@example.com", "To: t@example.com", "Sender: s@example.com"], fields);
    }

    [Fact]
    public void SelectFields_NameListedOnce_TakesEveryOccurrence()
    {
        // §3.3 h=: "a verifier must include all occurrences of that header".
        string[] fields = Select("Received: a\r\nFrom: f@example.com\r\nReceived: b\r\n", ["received", "from"]);

        Assert.Equal(["Received: a", "Received: b", "From: f@example.com"], fields);
    }

    [Fact]
    public void SelectFields_NameListedTwice_LastOccurrenceAtSecondMention()
    {
        string[] fields = Select("Received: a\r\nFrom: f@example.com\r\nReceived: b\r\n", ["received", "from", "received", "x-absent"]);

        Assert.Equal(["Received: a", "From: f@example.com", "Received: b"], fields);
    }

    [Fact]
    public void SelectFields_NoHList_EveryFieldInOrder()
    {
        Assert.Equal(["B: 2", "A: 1"], Select("B: 2\r\nA: 1\r\n", null));
    }
}
