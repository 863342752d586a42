using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using MailAuth.AuthResults;
using MailAuth.Dkim;
using MailAuth.Dns;
using MailAuth.Messages;
using MailAuth.Tests.Dkim;
using MailAuth.Tests.Fakes;
using Xunit;

namespace MailAuth.Tests.Messages;

public sealed class PrependedHeaderFieldsTests
{
    private const string Utf8MailFrom = "jöse.müller@example.com";

    private static byte[] SignedMessage()
    {
        using var raw = DkimTestData.Read(DkimFixture.Message);
        var signer = new DkimMessageSigner(new DkimMessageSignerOptions { TimeProvider = DkimFixture.Clock() });
        string dkimField = signer.Sign(raw, DkimFixture.Ed25519, DkimFixture.Domain, "ed");
        return new PrependedHeaderFields().Add(dkimField).Prepend(Encoding.UTF8.GetBytes(DkimFixture.Message));
    }

    private static string Utf8AuthenticationResults() =>
        new AuthResultsHeader("mx.example.net", [new AuthMethodResult("spf", "pass", [new AuthResultProperty("smtp", "mailfrom", Utf8MailFrom)])]).ToString();

    private static async Task<DkimStatus> VerifyAsync(byte[] message)
    {
        var verifier = new DkimMessageVerifier(DkimFixture.Zone(), new DkimMessageVerifierOptions().Freeze(timeProvider: DkimFixture.Clock()));
        var results = await verifier.VerifyAsync(message.AsMemory());
        return Assert.Single(results).Status;
    }

    [Fact]
    public async Task Prepend_Utf8MailFrom_RoundTripsByteExactlyAndDkimStillVerifies()
    {
        byte[] signed = SignedMessage();
        string field = Utf8AuthenticationResults();

        byte[] result = new PrependedHeaderFields().Add(field).Prepend(signed);

        // RFC 6532 §3.2: the value carries UTF-8 as is (no encoded word); the original bytes follow unchanged.
        byte[] expectedField = Encoding.UTF8.GetBytes(field + "\r\n");
        Assert.Equal(expectedField, result[..expectedField.Length]);
        Assert.Equal(signed, result[expectedField.Length..]);

        using var read = DkimTestData.Read(result);
        HeaderField first = read.Headers[0];
        Assert.Equal(AuthResultsHeader.FieldName, first.Name);
        var parsed = AuthResultsHeader.Parse(first.GetValueText());
        Assert.Equal(Utf8MailFrom, Assert.Single(Assert.Single(parsed.Results).Properties).Value);
        Assert.Equal(DkimStatus.Pass, await VerifyAsync(result));
    }

    [Fact]
    public async Task PrependAsync_EveryDestination_WritesTheSameBytes()
    {
        byte[] message = SignedMessage();
        var fields = new PrependedHeaderFields().Add(Utf8AuthenticationResults()).Add("Received-SPF: pass (mx.example.net: test)");
        byte[] expected = fields.Prepend(message);
        ReadOnlySequence<byte> segmented = SegmentedSequence.Create(message, [1, 17, 200, message.Length - 3]);

        var bufferWriter = new ArrayBufferWriter<byte>();
        fields.Prepend(segmented, bufferWriter);

        var fromMemory = new MemoryStream();
        await fields.PrependAsync(message, fromMemory);

        var fromStream = new MemoryStream();
        await fields.PrependAsync(new MemoryStream(message), fromStream);

        var pipe = new Pipe();
        await fields.PrependAsync(segmented, pipe.Writer);
        await fields.PrependAsync(new MemoryStream(message), pipe.Writer);
        await pipe.Writer.CompleteAsync();
        ReadResult piped = await pipe.Reader.ReadAsync();
        while (!piped.IsCompleted)
        {
            pipe.Reader.AdvanceTo(piped.Buffer.Start, piped.Buffer.End);
            piped = await pipe.Reader.ReadAsync();
        }

        Assert.Equal(2, fields.Count);
        Assert.Equal(expected, bufferWriter.WrittenSpan.ToArray());
        Assert.Equal(expected, fromMemory.ToArray());
        Assert.Equal(expected, fromStream.ToArray());
        Assert.Equal([.. expected, .. expected], piped.Buffer.ToArray());
        Assert.Equal(DkimStatus.Pass, await VerifyAsync(expected));
    }

    [Fact]
    public async Task Prepend_ArcSetFromSealer_ChainValidates()
    {
        using var chains = new MailAuth.Tests.Arc.ArcChains();
        string original = MailAuth.Tests.Arc.ArcChains.Base();
        var (_, seal) = await chains.SealAsync(original, "list.example.org");

        byte[] sealedMessage = new PrependedHeaderFields().AddRange(seal.Fields).Prepend(Encoding.UTF8.GetBytes(original));

        Assert.Equal(seal.ToHeaderBlock() + original, Encoding.UTF8.GetString(sealedMessage));
        Assert.Equal(MailAuth.Arc.ArcStatus.Pass, (await chains.ValidateAsync(Encoding.UTF8.GetString(sealedMessage))).Status);
    }

    [Theory]
    [InlineData("Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=a@example.com\r\nX-Injected: yes")]
    [InlineData("Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=a@example.com\nX-Injected: yes")]
    [InlineData("Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=a@example.com\rX-Injected: yes")]
    [InlineData("Authentication-Results: mx.example.net; spf=pass\r\n\r\nbody starts here")]
    [InlineData("Authentication-Results: mx.example.net; spf=pass\r\n \r\n smtp.mailfrom=a@example.com")]
    [InlineData("Authentication-Results: mx.example.net; spf=pass\r")]
    [InlineData("Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=a\0@example.com")]
    [InlineData("Authentication Results: mx.example.net; none")]
    [InlineData(": mx.example.net; none")]
    [InlineData("no colon at all")]
    [InlineData("Authentörication-Results: mx.example.net; none")]
    public void TryAdd_CrLfOrControlOrBadName_RefusedAndNothingWritten(string field)
    {
        var fields = new PrependedHeaderFields();

        bool added = fields.TryAdd(field, out string? error);

        Assert.False(added);
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Equal(0, fields.Count);
        Assert.Equal(0, fields.ByteCount);
        Assert.Throws<ArgumentException>(() => fields.Add(field));
    }

    [Fact]
    public void TryAdd_UnpairedSurrogate_Refused()
    {
        // Built at run time: an attribute argument cannot hold an unpaired surrogate (it becomes U+FFFD).
        string field = "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=" + (char)0xD800 + "@example.com";

        Assert.False(new PrependedHeaderFields().TryAdd(field, out string? error));
        Assert.Contains("surrogate", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryAdd_LineOver998Octets_Refused()
    {
        // 997 ASCII characters plus one two-octet character: 999 octets on one line (RFC 5322 §2.1.1 counts octets).
        string field = "X-Long: " + new string('a', PrependedHeaderFields.MaxLineOctets - 9) + "é";
        string folded = "X-Long: " + new string('a', 500) + "\r\n " + new string('a', 500);

        Assert.False(new PrependedHeaderFields().TryAdd(field, out _));
        Assert.True(new PrependedHeaderFields().TryAdd(folded, out string? error), error);
    }

    [Fact]
    public void TryAdd_OneTrailingCrLf_AcceptedOnce()
    {
        var fields = new PrependedHeaderFields();

        fields.Add("X-Test: a\r\n\tb\r\n");

        Assert.Equal("X-Test: a\r\n\tb\r\n", fields.ToString());
    }

    [Fact]
    public async Task Prepend_MailFromWithCrLfThroughFacade_NoInjectedFieldAndNoBareLineBreak()
    {
        // Attack: an SMTP client sends a MAIL FROM with CRLF and a field of its own; the facade's Authentication-Results
        // must carry it escaped, so that prepending adds exactly one field.
        var zone = new ZoneFileResolver();
        zone.AddTxt("example.com", new TxtRecord("v=spf1 ip4:192.0.2.0/24 -all"));
        var authenticator = new MessageAuthenticator(zone, new MessageAuthenticatorOptions { AuthServId = "mx.example.net" });
        byte[] message = Encoding.UTF8.GetBytes(DkimFixture.Message);
        var outcome = await authenticator.AuthenticateAsync(
            message, new SmtpContext(IPAddress.Parse("192.0.2.25"), "mail.example.com", "evil\r\nX-Injected: yes\r\n@example.com"));

        byte[] result = new PrependedHeaderFields().Add(outcome.ToAuthenticationResults()).Prepend(message);

        using var before = DkimTestData.Read(message);
        using var after = DkimTestData.Read(result);
        Assert.Equal(before.Headers.Count + 1, after.Headers.Count);
        Assert.DoesNotContain(after.Headers, h => h.HasName("X-Injected"));
        AssertNoBareLineBreaks(result.AsSpan(0, result.Length - message.Length));
    }

    [Fact]
    public void Prepend_LongUtf8Field_FoldedAtFormatterWidthWithCrLfOnly()
    {
        var results = Enumerable.Range(0, 6).Select(i =>
            new AuthMethodResult("dkim", "pass", [new AuthResultProperty("header", "i", $"@sub{i}.exämple-domain.example"), new AuthResultProperty("header", "s", "selector" + i)]));
        string field = new AuthResultsHeader("mx.example.net", results).ToString();

        byte[] prefix = new PrependedHeaderFields().Add(field).Prepend([]);

        AssertNoBareLineBreaks(prefix);
        string text = Encoding.UTF8.GetString(prefix);
        Assert.All(text.Split("\r\n"), line => Assert.True(line.Length <= AuthResultsFormatter.LineWidth, line));
    }

    [Fact]
    public async Task PrependAsync_LargeStream_CopiedThroughPooledBufferNotWhole()
    {
        const long size = 16L * 1024 * 1024;
        var fields = new PrependedHeaderFields().Add(Utf8AuthenticationResults());
        var sink = new ChecksumStream();
        await fields.PrependAsync(new PatternStream(size), sink); // warm-up: JIT and pool

        long allocated = Allocations.Least(() =>
        {
            sink = new ChecksumStream();
            fields.PrependAsync(new PatternStream(size), sink).GetAwaiter().GetResult();
        });

        var expected = new ChecksumStream();
        expected.Write(fields.Bytes.Span);
        expected.Write(PatternStream.Content(size));
        Assert.Equal(fields.ByteCount + size, sink.Length);
        Assert.Equal(expected.Sum, sink.Sum);
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated to copy {size} bytes");
    }

    private static void AssertNoBareLineBreaks(ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\r')
            {
                Assert.True(i + 1 < bytes.Length && bytes[i + 1] == '\n', $"bare CR at {i}");
            }
            else if (bytes[i] == '\n')
            {
                Assert.True(i > 0 && bytes[i - 1] == '\r', $"bare LF at {i}");
            }
        }
    }

    /// <summary>A read-only, non-seekable message of <c>size</c> bytes made up as it is read (no array of that size exists).</summary>
    private sealed class PatternStream(long size) : ReadOnlyTestStream
    {
        public static byte[] Content(long size) => Enumerable.Range(0, (int)size).Select(i => At(i)).ToArray();

        private static byte At(long i) => (byte)(i % 78 == 76 ? '\r' : i % 78 == 77 ? '\n' : 'a' + (i % 26));

        public override int Read(Span<byte> buffer)
        {
            int n = (int)Math.Min(buffer.Length, size - Consumed);
            for (int i = 0; i < n; i++)
            {
                buffer[i] = At(Consumed + i);
            }

            Consumed += n;
            return n;
        }
    }

    /// <summary>A write-only stream that keeps a position-weighted checksum and the length, not the bytes.</summary>
    private sealed class ChecksumStream : Stream
    {
        private long _length;

        public long Sum { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            foreach (byte b in buffer)
            {
                _length++;
                Sum = unchecked((Sum * 31) + b + _length);
            }
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
