using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using FsCheck.Xunit;
using MailAuth.Dkim;
using MailAuth.Tests.Fakes;
using Xunit;

namespace MailAuth.Tests.Dkim;

public sealed class DkimCanonicalizationTests
{
    // Biased towards the characters canonicalization cares about.
    private static readonly byte[] Alphabet = Encoding.Latin1.GetBytes("a b\t\r\n\r\n \r\nZ\u00e9.");

    internal static byte[] BodyFrom(int[] codes) => codes.Select(c => Alphabet[Math.Abs(c % Alphabet.Length)]).ToArray();

    internal static byte[] Canonicalize(DkimCanonicalization c, ReadOnlySequence<byte> body, long? length = null)
    {
        var capture = new ArrayBufferWriter<byte>();
        using var hasher = new DkimBodyHasher(c, HashAlgorithmName.SHA256, length) { Capture = capture };
        hasher.Append(body);
        byte[] hash = hasher.Complete();
        Assert.Equal(SHA256.HashData(capture.WrittenSpan), hash);
        return capture.WrittenSpan.ToArray();
    }

    private static string Name(DkimCanonicalization c) => c == DkimCanonicalization.Relaxed ? "relaxed" : "simple";

    [Property(MaxTest = 1000)]
    public bool BodyHash_AnyChunking_SameAsOneBuffer(int[] codes, int[] splits, bool relaxed)
    {
        var c = relaxed ? DkimCanonicalization.Relaxed : DkimCanonicalization.Simple;
        byte[] body = BodyFrom(codes);
        return Canonicalize(c, new ReadOnlySequence<byte>(body)).AsSpan().SequenceEqual(Canonicalize(c, SegmentedSequence.Create(body, splits)));
    }

    [Property(MaxTest = 1000)]
    public bool BodyCanonicalization_EqualsReference(int[] codes, int[] splits, bool relaxed)
    {
        var c = relaxed ? DkimCanonicalization.Relaxed : DkimCanonicalization.Simple;
        byte[] body = BodyFrom(codes);
        return Canonicalize(c, SegmentedSequence.Create(body, splits)).AsSpan().SequenceEqual(ReferenceCanonicalizer.Body(Name(c), body));
    }

    [Property(MaxTest = 1000)]
    public bool BodyCanonicalization_ProseLikeBodies_EqualReference(int[] codes, int[] splits, bool relaxed)
    {
        // Mostly words, single spaces and CRLFs (the fast paths), with occasional runs, tabs, trailing spaces and bare CRs.
        string[] pieces = ["word", " ", "\r\n", "Text.", " ", "word", "\r\n", "  ", "\t", " \r\n", "\r", "\n", "\r\n\r\n", "x"];
        var c = relaxed ? DkimCanonicalization.Relaxed : DkimCanonicalization.Simple;
        byte[] body = Encoding.Latin1.GetBytes(string.Concat(codes.Select(i => pieces[Math.Abs(i % pieces.Length)])));
        return Canonicalize(c, SegmentedSequence.Create(body, splits)).AsSpan().SequenceEqual(ReferenceCanonicalizer.Body(Name(c), body));
    }

    [Property(MaxTest = 200)]
    public bool BodyCanonicalization_LargeBodies_EqualReference(int[] codes, int[] splits, bool relaxed, int cut)
    {
        // Long clean stretches (hashed straight from the input past 4 KB) between edits, across the 16 KB buffer,
        // with and without l=.
        string clean = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog.\r\n", 120));
        string[] pieces = [clean, "word", " ", "\r\n", "  ", "\t", " \r\n", "\r", "\n", "\r\n\r\n", clean[..4100], "x \t"];
        var c = relaxed ? DkimCanonicalization.Relaxed : DkimCanonicalization.Simple;
        byte[] body = Encoding.Latin1.GetBytes(string.Concat(codes.Select(i => pieces[Math.Abs(i % pieces.Length)])));
        byte[] expected = ReferenceCanonicalizer.Body(Name(c), body);
        int l = expected.Length == 0 ? 0 : Math.Abs(cut % (expected.Length + 1));
        using var hasher = new DkimBodyHasher(c, HashAlgorithmName.SHA256, l);
        hasher.Append(SegmentedSequence.Create(body, splits.Select(s => s * 97).ToArray()));
        return Canonicalize(c, SegmentedSequence.Create(body, splits)).AsSpan().SequenceEqual(expected)
            && hasher.Complete().AsSpan().SequenceEqual(SHA256.HashData(expected.AsSpan(0, l)));
    }

    [Property(MaxTest = 1000)]
    public bool NextSpecial_EqualsPlainScan(int[] codes, int offset)
    {
        // Sparse specials over lengths that cross the 16- and 32-byte vector steps, at any alignment.
        byte[] alphabet = Encoding.Latin1.GetBytes("abcdefgh \r\nxyz. \t");
        byte[] data = codes.Select(c => alphabet[Math.Abs(c % alphabet.Length)]).ToArray();
        int from = data.Length == 0 ? 0 : Math.Abs(offset % (data.Length + 1));
        var span = data.AsSpan(from);
        int expected = span.Length;
        for (int i = 0; i < span.Length; i++)
        {
            if (span[i] == (byte)'\t' || (span[i] == (byte)' ' && i + 1 < span.Length && span[i + 1] is (byte)' ' or (byte)'\r'))
            {
                expected = i;
                break;
            }
        }

        return DkimBodyHasher.NextSpecial(span) == expected;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(100)]
    public void NextSpecial_AtEveryVectorEdge_Found(int at)
    {
        foreach (string special in (string[])["\t", "  ", " \r"])
        {
            byte[] data = Encoding.Latin1.GetBytes(new string('a', at) + special + new string('b', 70));
            Assert.Equal(at, DkimBodyHasher.NextSpecial(data));
        }

        byte[] trailingSpace = Encoding.Latin1.GetBytes(new string('a', at) + " ");
        Assert.Equal(trailingSpace.Length, DkimBodyHasher.NextSpecial(trailingSpace));
    }

    [Property(MaxTest = 500)]
    public bool BodyCanonicalization_IsIdempotent(int[] codes, bool relaxed)
    {
        var c = relaxed ? DkimCanonicalization.Relaxed : DkimCanonicalization.Simple;
        byte[] once = Canonicalize(c, new ReadOnlySequence<byte>(BodyFrom(codes)));
        return Canonicalize(c, new ReadOnlySequence<byte>(once)).AsSpan().SequenceEqual(once);
    }

    [Property(MaxTest = 500)]
    public bool BodyLength_HashesOnlyTheFirstLOctets(int[] codes, int[] splits, bool relaxed, int cut)
    {
        var c = relaxed ? DkimCanonicalization.Relaxed : DkimCanonicalization.Simple;
        byte[] body = BodyFrom(codes);
        byte[] full = ReferenceCanonicalizer.Body(Name(c), body);
        int l = full.Length == 0 ? 0 : Math.Abs(cut % (full.Length + 1));
        using var hasher = new DkimBodyHasher(c, HashAlgorithmName.SHA256, l);
        hasher.Append(SegmentedSequence.Create(body, splits));
        byte[] hash = hasher.Complete();
        return hash.AsSpan().SequenceEqual(SHA256.HashData(full.AsSpan(0, l))) && hasher.CanonicalLength == full.Length;
    }

    [Property(MaxTest = 1000)]
    public bool HeaderCanonicalization_EqualsReference(int[] nameCodes, int[] valueCodes, bool relaxed, bool terminated)
    {
        var c = relaxed ? DkimCanonicalization.Relaxed : DkimCanonicalization.Simple;
        byte[] field = HeaderFrom(nameCodes, valueCodes, terminated);
        byte[] actual = CanonicalizeHeader(c, field);
        return actual.AsSpan().SequenceEqual(ReferenceCanonicalizer.Header(Name(c), field));
    }

    [Property(MaxTest = 1000)]
    public bool HeaderCanonicalization_LoneCrAndLfAndLongRuns_EqualReference(int[] valueCodes, bool relaxed)
    {
        // Hostile values too: lone CR and LF, CRLF not followed by WSP, long stretches without WSP.
        string[] pieces = ["a", " ", "\t", "\r", "\n", "\r\n", "\r\n ", "  ", new string('x', 40), "\r\r\n"];
        var c = relaxed ? DkimCanonicalization.Relaxed : DkimCanonicalization.Simple;
        byte[] field = Encoding.Latin1.GetBytes("X-Test:" + string.Concat(valueCodes.Select(i => pieces[Math.Abs(i % pieces.Length)])) + "\r\n");
        return CanonicalizeHeader(c, field).AsSpan().SequenceEqual(ReferenceCanonicalizer.Header(Name(c), field));
    }

    [Property(MaxTest = 500)]
    public bool RelaxedHeaderCanonicalization_IsIdempotent(int[] nameCodes, int[] valueCodes)
    {
        byte[] once = CanonicalizeHeader(DkimCanonicalization.Relaxed, HeaderFrom(nameCodes, valueCodes, true));
        return CanonicalizeHeader(DkimCanonicalization.Relaxed, once).AsSpan().SequenceEqual(once);
    }

    [Theory]
    [InlineData("simple", "", "\r\n")]
    [InlineData("relaxed", "", "")]
    [InlineData("simple", "\r\n\r\n\r\n", "\r\n")]
    [InlineData("relaxed", "\r\n \r\n\t\r\n", "")]
    [InlineData("simple", "abc", "abc\r\n")]
    [InlineData("relaxed", "abc", "abc\r\n")]
    [InlineData("simple", "a  b \r\n\r\n", "a  b \r\n")]
    [InlineData("relaxed", "a  \t b \r\n\r\n", "a b\r\n")]
    [InlineData("relaxed", " C \r\nD \t E\r\n\r\n\r\n", " C\r\nD E\r\n")]
    [InlineData("simple", " C \r\nD \t E\r\n\r\n\r\n", " C \r\nD \t E\r\n")]
    [InlineData("relaxed", "\r\n\r\nx", "\r\n\r\nx\r\n")]
    [InlineData("relaxed", "a\rb \r", "a\rb \r\r\n")]
    public void Body_EdgeCases_MatchRfc(string canonicalization, string body, string expected)
    {
        var c = canonicalization == "relaxed" ? DkimCanonicalization.Relaxed : DkimCanonicalization.Simple;

        byte[] actual = Canonicalize(c, new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(body)));

        Assert.Equal(expected, Encoding.Latin1.GetString(actual));
    }

    [Fact]
    public void Body_CrLfSplitAcrossEverySegment_SameAsWhole()
    {
        byte[] body = Encoding.Latin1.GetBytes("line one \t\r\n\r\nline  two\r\n \r\n\r\n");
        var oneByteSegments = SegmentedSequence.Create(body, Enumerable.Range(0, body.Length));

        Assert.Equal("line one\r\n\r\nline two\r\n", Encoding.Latin1.GetString(Canonicalize(DkimCanonicalization.Relaxed, oneByteSegments)));
        Assert.Equal("line one \t\r\n\r\nline  two\r\n \r\n", Encoding.Latin1.GetString(Canonicalize(DkimCanonicalization.Simple, oneByteSegments)));
    }

    [Fact]
    public void Body_Rfc6376Section35Example_Matches()
    {
        // RFC 6376 §3.4.5 example body " C \r\nD \t E\r\n\r\n\r\n" → relaxed " C\r\nD E\r\n", simple keeps WSP.
        byte[] body = Encoding.Latin1.GetBytes(" C \r\nD \t E\r\n\r\n\r\n");

        Assert.Equal(" C\r\nD E\r\n", Encoding.Latin1.GetString(Canonicalize(DkimCanonicalization.Relaxed, new ReadOnlySequence<byte>(body))));
    }

    [Theory]
    [InlineData("A: X\r\n", "a:X\r\n")]
    [InlineData("B : Y\t\r\n\tZ  \r\n", "b:Y Z\r\n")]
    [InlineData("Subject:\r\n folded\r\n  twice \r\n", "subject:folded twice\r\n")]
    [InlineData("X-Empty:\r\n", "x-empty:\r\n")]
    public void Header_RelaxedRfc6376Examples_Match(string field, string expected)
    {
        Assert.Equal(expected, Encoding.Latin1.GetString(CanonicalizeHeader(DkimCanonicalization.Relaxed, Encoding.Latin1.GetBytes(field))));
    }

    [Fact]
    public void Header_SimpleKeepsFolding()
    {
        const string Field = "B : Y\t\r\n\tZ  \r\n";

        Assert.Equal(Field, Encoding.Latin1.GetString(CanonicalizeHeader(DkimCanonicalization.Simple, Encoding.Latin1.GetBytes(Field))));
    }

    [Fact]
    public void BodyHasher_LargeBody_AllocatesNothingPerByte()
    {
        byte[] body = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("The quick  brown\tfox jumps over the lazy dog.  \r\n", 20000)));
        for (int i = 0; i < 3; i++)
        {
            // Warm up: the first calls may allocate while the JIT compiles and tiers up.
            using var warm = new DkimBodyHasher(DkimCanonicalization.Relaxed, HashAlgorithmName.SHA256, null);
            warm.Append(body);
            warm.Complete();
        }

        // Allocation must not grow with the body: hashing 1 copy and 8 copies of a ~1 MB body allocate the same.
        // A JIT tier-up or on-stack replacement can land on this thread during any one run on a loaded machine and
        // allocate a few KB once, so each figure is the least of three runs.
        long one = Enumerable.Range(0, 3).Min(_ => MeasureAppend(body, 1));
        long eight = Enumerable.Range(0, 3).Min(_ => MeasureAppend(body, 8));
        Assert.True(eight - one < 1024, $"1 copy: {one} B, 8 copies: {eight} B allocated");
        Assert.True(one < 4096, $"hashing {body.Length} bytes allocated {one} B");
    }

    private static long MeasureAppend(byte[] body, int copies)
    {
        using var hasher = new DkimBodyHasher(DkimCanonicalization.Relaxed, HashAlgorithmName.SHA256, null);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < copies; i++)
        {
            hasher.Append(body);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static byte[] HeaderFrom(int[] nameCodes, int[] valueCodes, bool terminated)
    {
        const string NameChars = "AbcXyz-09";
        string name = new(nameCodes.Take(20).Select(c => NameChars[Math.Abs(c % NameChars.Length)]).ToArray());
        if (name.Length == 0)
        {
            name = "X";
        }

        // Values: printable text, WSP and folds (CRLF always followed by WSP, as a reader delivers them).
        string[] pieces = ["a", "B", " ", "\t", "\r\n ", "\r\n\t", ":", "é", "  "];
        string value = string.Concat(valueCodes.Select(c => pieces[Math.Abs(c % pieces.Length)]));
        return Encoding.Latin1.GetBytes(name + ":" + value + (terminated ? "\r\n" : string.Empty));
    }

    private static byte[] CanonicalizeHeader(DkimCanonicalization c, byte[] field)
    {
        var buffer = new byte[DkimHeaderCanonicalizer.GetMaxLength(field.Length)];
        int n = DkimHeaderCanonicalizer.Canonicalize(c, field, buffer, terminate: true);
        return buffer[..n];
    }
}
