using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using MailAuth.Messages;
using MailAuth.Tests.Fakes;
using Xunit;
using static MailAuth.Tests.Messages.MessageTestHelpers;

namespace MailAuth.Tests.Messages;

public class MessageReaderTests
{
    private static RawMessage ReadOk(string text, MessageReaderOptions? options = null)
    {
        var result = new MessageReader(options).Read(Bytes(text));
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Message;
    }

    private static MessageReadError ReadError(string text, MessageReaderOptions? options = null)
    {
        var result = new MessageReader(options).Read(Bytes(text));
        Assert.False(result.IsSuccess);
        return result.Error;
    }

    [Fact]
    public void Read_RealWorldMessage_KeepsFieldsAndBodyExactly()
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "messages", "real-world.eml"));
        var result = MessageReader.Default.Read(bytes);
        Assert.True(result.IsSuccess);
        using var m = result.Message;

        Assert.Equal(
            ["Return-Path", "Received", "Authentication-Results", "DKIM-Signature", "From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"],
            m.Headers.Select(h => h.Name));
        Assert.False(m.LineEndingsNormalized);
        Assert.True(m.HasBodySeparator);

        // Header block + blank line + body reproduce the input byte for byte.
        byte[] joined = [.. m.Headers.SelectMany(h => h.Raw.ToArray()), (byte)'\r', (byte)'\n', .. m.Body.ToArray()];
        Assert.Equal(bytes, joined);
        Assert.Equal(bytes.Length, m.Length);

        var dkim = m.GetFirst("dkim-signature")!;
        Assert.StartsWith(" v=1; a=rsa-sha256;", Str(dkim.Value), StringComparison.Ordinal);
        Assert.EndsWith("ULm0=", Str(dkim.Value), StringComparison.Ordinal);
        Assert.EndsWith("ULm0=\r\n", Str(dkim.Raw), StringComparison.Ordinal);
        Assert.Contains("\r\n         TXa8", Str(dkim.Value), StringComparison.Ordinal);
        Assert.Equal(" Caf\u00e9 tomorrow?", m.GetFirst("Subject")!.GetValueText());
        Assert.StartsWith("Hi Bob,\r\n\r\n", Str(m.Body), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CrlfMessageFromMemory_DoesNotCopy()
    {
        byte[] bytes = Bytes("A: 1\r\nB: 2\r\n\r\nbody\r\n");
        using var m = MessageReader.Default.Read(bytes).Message!;
        Assert.True(MemoryMarshal.TryGetArray(m.Headers[1].Raw, out var segment));
        Assert.Same(bytes, segment.Array);
        Assert.Equal(6, segment.Offset);
        Assert.True(MemoryMarshal.TryGetArray(m.Body.First, out var body));
        Assert.Same(bytes, body.Array);
    }

    [Fact]
    public void Read_FoldedField_RawAndValueKeepFolding()
    {
        using var m = ReadOk("Subject: a\r\n b\r\n\tc\r\nTo: x\r\n\r\n");
        var f = m.Headers[0];
        Assert.Equal("Subject", f.Name);
        Assert.Equal("Subject: a\r\n b\r\n\tc\r\n", Str(f.Raw));
        Assert.Equal(" a\r\n b\r\n\tc", Str(f.Value));
        Assert.Equal(0, f.Offset);
        Assert.Equal(20, m.Headers[1].Offset);
    }

    [Fact]
    public void Read_LfOnly_NormalisesToCrlf()
    {
        using var m = ReadOk("Subject: a\n b\nTo: x\n\nline1\nline2\n");
        Assert.True(m.LineEndingsNormalized);
        Assert.Equal("Subject: a\r\n b\r\n", Str(m.Headers[0].Raw));
        Assert.Equal(" a\r\n b", Str(m.Headers[0].Value));
        Assert.Equal("line1\r\nline2\r\n", Str(m.Body));
    }

    [Fact]
    public void Read_MixedLineEndingsAndBareCr_OnlyBareLfChanges()
    {
        using var m = ReadOk("A: 1\r\nB: 2\n\r\nx\ry\r\nz\n");
        Assert.Equal("B: 2\r\n", Str(m.Headers[1].Raw));
        Assert.Equal("x\ry\r\nz\r\n", Str(m.Body));
    }

    [Fact]
    public void Read_LfOnlyWithoutNormalisation_BareLfIsData()
    {
        using var m = ReadOk("A: 1\nB: 2\n\nbody", new MessageReaderOptions { NormalizeLineEndings = false });
        var f = Assert.Single(m.Headers);
        Assert.Equal(" 1\nB: 2\n\nbody", Str(f.Value));
        Assert.False(m.HasBodySeparator);
        Assert.True(m.Body.IsEmpty);
    }

    [Theory]
    [InlineData("A: 1\r\n", false)]
    [InlineData("A: 1\r\n\r\n", true)]
    public void Read_NoBody_BodyIsEmpty(string text, bool separator)
    {
        using var m = ReadOk(text);
        Assert.Single(m.Headers);
        Assert.Equal(separator, m.HasBodySeparator);
        Assert.True(m.Body.IsEmpty);
    }

    [Fact]
    public void Read_LastFieldWithoutLineBreak_RawHasNoCrlf()
    {
        using var m = ReadOk("A: 1\r\nB: 2");
        Assert.Equal("B: 2", Str(m.Headers[1].Raw));
        Assert.Equal(" 2", Str(m.Headers[1].Value));
    }

    [Theory]
    [InlineData("\r\nbody", "body")]
    [InlineData("\r\n", "")]
    [InlineData("\nbody\n", "body\r\n")]
    public void Read_EmptyHeaderBlock_AllBody(string text, string body)
    {
        using var m = ReadOk(text);
        Assert.Empty(m.Headers);
        Assert.True(m.HasBodySeparator);
        Assert.Equal(body, Str(m.Body));
        Assert.True(m.HeaderBlock.IsEmpty);
    }

    [Fact]
    public void Read_EmptyInput_NoFieldsNoBody()
    {
        using var m = ReadOk("");
        Assert.Empty(m.Headers);
        Assert.False(m.HasBodySeparator);
        Assert.True(m.Body.IsEmpty);
    }

    [Fact]
    public void Read_EightBitValue_KeptAsBytes()
    {
        byte[] bytes = [.. "Subject: "u8, 0xE2, 0x82, 0xAC, 0xFF, .. "\r\n\r\n"u8];
        using var m = MessageReader.Default.Read(bytes).Message!;
        Assert.Equal(new byte[] { 0x20, 0xE2, 0x82, 0xAC, 0xFF }, m.Headers[0].Value.ToArray());
        Assert.Equal(" \u20ac\ufffd", m.Headers[0].GetValueText());
    }

    [Fact]
    public void Read_WhitespaceBeforeColon_AcceptedAndNameTrimmed()
    {
        using var m = ReadOk("Subject \t: hi\r\n\r\n");
        Assert.Equal("Subject", m.Headers[0].Name);
        Assert.Equal(" hi", Str(m.Headers[0].Value));
        Assert.Equal("Subject \t: hi\r\n", Str(m.Headers[0].Raw));
    }

    [Theory]
    [InlineData("A: 1\r\nno colon here\r\n\r\n", MessageReadErrorKind.MissingColon, 6)]
    [InlineData("A: 1\r\nB\r\n : 2\r\n\r\n", MessageReadErrorKind.MissingColon, 6)]
    [InlineData(" A: 1\r\n\r\n", MessageReadErrorKind.ContinuationWithoutField, 0)]
    [InlineData(": 1\r\n\r\n", MessageReadErrorKind.InvalidFieldName, 0)]
    [InlineData("A: 1\r\nB C: 2\r\n\r\n", MessageReadErrorKind.InvalidFieldName, 7)]
    [InlineData("A: 1\r\nB\u00e9: 2\r\n\r\n", MessageReadErrorKind.InvalidFieldName, 7)]
    [InlineData("A: 1\nno colon\n\n", MessageReadErrorKind.MissingColon, 6)]
    public void Read_MalformedHeader_ErrorWithOffset(string text, MessageReadErrorKind kind, long offset)
    {
        var error = ReadError(text);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(offset, error.Offset);
        Assert.Contains(offset.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LineLongerThanLimit_LineTooLong()
    {
        var options = new MessageReaderOptions { MaxHeaderLineLength = 100 };
        using (ReadOk("A: " + new string('x', 97) + "\r\n\r\n", options))
        {
        }

        var error = ReadError("A: 1\r\nB: 2\r\n " + new string('x', 100) + "\r\n\r\n", options);
        Assert.Equal(MessageReadErrorKind.LineTooLong, error.Kind);
        Assert.Equal(12, error.Offset);
    }

    [Fact]
    public void Read_DefaultLimits_AcceptVeryLongRealWorldLine()
    {
        using var m = ReadOk("References: " + string.Join(' ', Enumerable.Range(0, 400).Select(i => $"<{i}@example.com>")) + "\r\n\r\n");
        Assert.True(m.Headers[0].Raw.Length > 998);
    }

    [Fact]
    public void Read_DefaultLimits_RejectLineOverSixtyFourKiB()
    {
        var error = ReadError("X: " + new string('a', 70_000) + "\r\n\r\n");
        Assert.Equal(MessageReadErrorKind.LineTooLong, error.Kind);
    }

    [Fact]
    public void Read_TooManyFields_Error()
    {
        var options = new MessageReaderOptions { MaxHeaderFields = 3 };
        using (ReadOk("A: 1\r\nB: 2\r\nC: 3\r\n\r\n", options))
        {
        }

        var error = ReadError("A: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", options);
        Assert.Equal(MessageReadErrorKind.TooManyFields, error.Kind);
        Assert.Equal(18, error.Offset);
    }

    [Theory]
    [InlineData("A: 1\r\nB: 2\r\n\r\nbody", true)]
    [InlineData("A: 1\r\nB: 22\r\n\r\nbody", false)]
    [InlineData("A: 1\r\nB: 2\r\n", true)]
    [InlineData("A: 1\r\nB: 22\r\n", false)]
    public void Read_HeaderBlockLimit_CountsFieldsWithCrlf(string text, bool ok)
    {
        var result = new MessageReader(new MessageReaderOptions { MaxHeaderBytes = 12 }).Read(Bytes(text));
        Assert.Equal(ok, result.IsSuccess);
        if (!ok)
        {
            Assert.Equal(MessageReadErrorKind.HeaderBlockTooLarge, result.Error!.Kind);
        }

        result.Message?.Dispose();
    }

    [Fact]
    public void Read_MessageLargerThanLimit_Error()
    {
        var reader = new MessageReader(new MessageReaderOptions { MaxMessageBytes = 11 });
        Assert.True(reader.Read(Bytes("A: 1\r\n\r\nabc")).IsSuccess);
        var result = reader.Read(Bytes("A: 1\r\n\r\nabcd"));
        Assert.Equal(MessageReadErrorKind.MessageTooLarge, result.Error!.Kind);
        Assert.True(new MessageReader(new MessageReaderOptions { MaxMessageBytes = null }).Read(Bytes("A: 1\r\n\r\n" + new string('x', 100_000))).IsSuccess);
    }

    [Fact]
    public async Task ReadAsync_StreamLargerThanLimit_StopsWithError()
    {
        var reader = new MessageReader(new MessageReaderOptions { MaxMessageBytes = 1000 });
        var stream = new TrickleStream(Bytes("A: 1\r\n\r\n" + new string('x', 5000)), [100]);
        var result = await reader.ReadAsync(stream);
        Assert.Equal(MessageReadErrorKind.MessageTooLarge, result.Error!.Kind);
        Assert.True(stream.Position <= 1100);
    }

    [Fact]
    public async Task ReadAsync_EndlessHeaderBlock_FailsBeforeReadingEverything()
    {
        var reader = new MessageReader(new MessageReaderOptions { MaxHeaderBytes = 1000 });
        string headers = string.Concat(Enumerable.Repeat("X-Filler: 0123456789\r\n", 10_000));
        var stream = new TrickleStream(Bytes(headers), [500]);
        var result = await reader.ReadAsync(stream);
        Assert.Equal(MessageReadErrorKind.HeaderBlockTooLarge, result.Error!.Kind);
        Assert.True(stream.Position < 100_000);
    }

    [Fact]
    public async Task ReadAsync_Stream_SameAsMemory()
    {
        byte[] bytes = Bytes("Subject: a\n b\nTo: x\n\nline1\nline2\n");
        var fromStream = await MessageReader.Default.ReadAsync(new MemoryStream(bytes));
        Assert.Equal(Describe(MessageReader.Default.Read(bytes)), Describe(fromStream));
        fromStream.Message!.Dispose();
    }

    [Fact]
    public async Task ReadAsync_PipeReader_SameAsMemory()
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "messages", "real-world.eml"));
        var pipe = new Pipe();
        var writing = Task.Run(async () =>
        {
            for (int i = 0; i < bytes.Length; i += 37)
            {
                await pipe.Writer.WriteAsync(bytes.AsMemory(i, Math.Min(37, bytes.Length - i)));
            }

            await pipe.Writer.CompleteAsync();
        });
        var result = await MessageReader.Default.ReadAsync(pipe.Reader);
        await writing;
        Assert.Equal(Describe(MessageReader.Default.Read(bytes)), Describe(result));
        result.Message!.Dispose();
    }

    [Fact]
    public async Task ReadAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await MessageReader.Default.ReadAsync(new TrickleStream(Bytes("A: 1\r\n\r\n"), [1]), cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await MessageReader.Default.ReadAsync(new Pipe().Reader, cts.Token));
    }

    [Fact]
    public async Task ReadAsync_PendingPipeReadCancelled_Throws()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Bytes("A: 1\r\n"));
        var reading = MessageReader.Default.ReadAsync(pipe.Reader).AsTask();
        pipe.Reader.CancelPendingRead();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
    }

    [Fact]
    public void Constructor_InvalidLimits_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessageReader(new MessageReaderOptions { MaxHeaderBytes = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessageReader(new MessageReaderOptions { MaxHeaderFields = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessageReader(new MessageReaderOptions { MaxHeaderLineLength = 10 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessageReader(new MessageReaderOptions { MaxMessageBytes = 0 }));
    }
}
