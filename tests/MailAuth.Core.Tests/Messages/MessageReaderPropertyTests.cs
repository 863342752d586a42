using System.IO.Pipelines;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.Messages;
using MailAuth.Tests.Fakes;
using Xunit;
using static MailAuth.Tests.Messages.MessageTestHelpers;

namespace MailAuth.Tests.Messages;

public class MessageReaderPropertyTests
{
    private static readonly Gen<string> LineEnd = Gen.Frequency((4, Gen.Constant("\r\n")), (2, Gen.Constant("\n")), (1, Gen.Constant("\r")));

    private static readonly Gen<string> Field =
        from name in Gen.Elements("From", "To", "Subject", "DKIM-Signature", "X-A", "received", "Bad Name", "")
        from ws in Gen.Elements("", "", " ", "\t")
        from parts in Gen.ListOf(Gen.Elements("a", "b c", "\u00e9", ";", ":", "=?x?=", "  ", "\t"))
        from folds in Gen.ListOf(Gen.Zip(LineEnd, Gen.Elements(" ", "\t", "  x")))
        from end in LineEnd
        select name + ws + ":" + string.Concat(parts) + string.Concat(folds.Select(f => f.Item1 + f.Item2)) + end;

    private static readonly Gen<string> Message =
        from fields in Gen.ListOf(Field)
        from separator in Gen.Elements("\r\n", "\n", "")
        from body in Gen.ListOf(Gen.Elements("x", "\r\n", "\n", "\r", " ", "\u00ff", ".", "\r\n\r\n"))
        select string.Concat(fields) + separator + string.Concat(body);

    private static readonly MessageReader[] Readers =
    [
        MessageReader.Default,
        new(new MessageReaderOptions { NormalizeLineEndings = false }),
        new(new MessageReaderOptions { MaxHeaderBytes = 40, MaxHeaderFields = 3, MaxHeaderLineLength = 80 }),
    ];

    [Property(MaxTest = 500)]
    public Property Read_RandomSegmentBoundaries_SameFieldsAndBody()
    {
        var gen = from m in Message from splits in Gen.ArrayOf(Gen.Choose(0, 10_000)) from r in Gen.Choose(0, Readers.Length - 1) select (m, splits, r);
        return Prop.ForAll(gen.ToArbitrary(), input =>
        {
            byte[] bytes = Bytes(input.Item1);
            var reader = Readers[input.Item3];
            return SameAndDispose(reader.Read(bytes), reader.Read(SegmentedSequence.Create(bytes, input.Item2)));
        });
    }

    [Property(MaxTest = 300)]
    public Property ReadAsync_StreamWithRandomReadSizes_SameAsMemory()
    {
        var gen = from m in Message from sizes in Gen.NonEmptyListOf(Gen.Choose(1, 64)) from r in Gen.Choose(0, Readers.Length - 1) select (m, sizes, r);
        return Prop.ForAll(gen.ToArbitrary(), input =>
        {
            byte[] bytes = Bytes(input.Item1);
            var reader = Readers[input.Item3];
            return SameAndDispose(reader.Read(bytes), reader.ReadAsync(new TrickleStream(bytes, [.. input.Item2])).AsTask().GetAwaiter().GetResult());
        });
    }

    [Property(MaxTest = 100)]
    public Property ReadAsync_PipeWithRandomWrites_SameAsMemory()
    {
        var gen = Gen.Zip(Message, Gen.NonEmptyListOf(Gen.Choose(1, 64)));
        return Prop.ForAll(gen.ToArbitrary(), input =>
        {
            byte[] bytes = Bytes(input.Item1);
            var pipe = new Pipe();
            int i = 0;
            int k = 0;
            while (i < bytes.Length)
            {
                int n = Math.Min(input.Item2[k++ % input.Item2.Count], bytes.Length - i);
                pipe.Writer.WriteAsync(bytes.AsMemory(i, n)).AsTask().GetAwaiter().GetResult();
                i += n;
            }

            pipe.Writer.Complete();
            return SameAndDispose(MessageReader.Default.Read(bytes), MessageReader.Default.ReadAsync(pipe.Reader).AsTask().GetAwaiter().GetResult());
        });
    }

    [Property(MaxTest = 1000)]
    public bool Read_ArbitraryBytes_NeverThrows(byte[]? bytes, int split)
    {
        bytes ??= [];
        foreach (var reader in Readers)
        {
            reader.Read(bytes).Message?.Dispose();
            reader.Read(SegmentedSequence.Create(bytes, [split, split / 3])).Message?.Dispose();
        }

        return true;
    }

    [Property(MaxTest = 500)]
    public Property Read_Normalised_HasNoBareLfAndReassemblesToInput()
    {
        return Prop.ForAll(Message.ToArbitrary(), text =>
        {
            var result = MessageReader.Default.Read(Bytes(text));
            if (!result.IsSuccess)
            {
                return true;
            }

            using var m = result.Message;
            string expected = System.Text.RegularExpressions.Regex.Replace(text, "(?<!\r)\n", "\r\n");
            string joined = string.Concat(m.Headers.Select(h => Str(h.Raw))) + (m.HasBodySeparator ? "\r\n" : "") + Str(m.Body);
            return joined == expected && m.LineEndingsNormalized == (expected != text);
        });
    }
}
