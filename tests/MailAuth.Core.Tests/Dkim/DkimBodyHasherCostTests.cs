using System.Security.Cryptography;
using System.Text;
using FsCheck.Xunit;
using MailAuth.Dkim;
using MailAuth.Tests.Fakes;
using Xunit;

namespace MailAuth.Tests.Dkim;

/// <summary>
/// Body canonicalization costs O(n) on every input (issue 8 item 6): the hasher's work counter (bytes examined by its
/// loops) stays under a constant times the body length from 1 KiB to 16 MiB, for the shapes that used to be quadratic.
/// Counting work instead of timing keeps the tests independent of machine load.
/// </summary>
public sealed class DkimBodyHasherCostTests
{
    // Each byte may be scanned forward, stepped back over and stepped through once: 3 per byte, plus slack.
    private const int WorkPerByte = 4;
    private const int WorkSlack = 64;

    public static TheoryData<string, bool> Shapes()
    {
        var data = new TheoryData<string, bool>();
        foreach (string shape in ShapeNames)
        {
            data.Add(shape, true);
            data.Add(shape, false);
        }

        return data;
    }

    private static readonly string[] ShapeNames =
    [
        "empty-lines", "empty-lines-then-tab", "empty-lines-then-text", "spaces", "tabs", "space-crlf", "lone-cr",
        "lone-lf", "cr-space", "space-tab", "space-lf", "tab-lines",
    ];

    internal static byte[] Shape(string shape, int size)
    {
        // Adversarial bodies: runs of what relaxed canonicalization collapses, drops or holds back.
        static byte[] Repeat(string unit, int size, string tail = "")
        {
            var bytes = new byte[size];
            byte[] u = Encoding.ASCII.GetBytes(unit);
            for (int i = 0; i < size; i++)
            {
                bytes[i] = u[i % u.Length];
            }

            Encoding.ASCII.GetBytes(tail).CopyTo(bytes, size - tail.Length);
            return bytes;
        }

        return shape switch
        {
            "empty-lines" => Repeat("\r\n", size),
            "empty-lines-then-tab" => Repeat("\r\n", size, "\r\n\tx"),
            "empty-lines-then-text" => Repeat("\r\n", size, "\r\nx"),
            "spaces" => Repeat(" ", size, "x"),
            "tabs" => Repeat("\t", size),
            "space-crlf" => Repeat(" \r\n", size),
            "lone-cr" => Repeat("\r", size),
            "lone-lf" => Repeat("\n", size),
            "cr-space" => Repeat("\r ", size),
            "space-tab" => Repeat(" \t", size),
            "space-lf" => Repeat(" \n", size),
            "tab-lines" => Repeat("\r\n\t", size),
            _ => throw new ArgumentOutOfRangeException(nameof(shape)),
        };
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BodyHasher_AdversarialShape_WorkPerByteFlatFrom1KiBTo16MiB(string shape, bool relaxed)
    {
        var c = relaxed ? DkimCanonicalization.Relaxed : DkimCanonicalization.Simple;
        for (int size = 1024; size <= 16 * 1024 * 1024; size *= 4)
        {
            byte[] body = Shape(shape, size);
            using var hasher = new DkimBodyHasher(c, HashAlgorithmName.SHA256, null);
            hasher.Append(body);
            hasher.Complete();
            Assert.True(
                hasher.WorkUnits <= ((long)WorkPerByte * size) + WorkSlack,
                $"{shape}, {size} B: {hasher.WorkUnits} work units ({(double)hasher.WorkUnits / size:F1} per byte)");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BodyHasher_AdversarialShape16MiB_AllocatesNothingPerByte(string shape, bool relaxed)
    {
        var c = relaxed ? DkimCanonicalization.Relaxed : DkimCanonicalization.Simple;
        byte[] small = Shape(shape, 4096);
        byte[] large = Shape(shape, 16 * 1024 * 1024);
        for (int i = 0; i < 3; i++)
        {
            // Warm up the JIT on this shape.
            using var warm = new DkimBodyHasher(c, HashAlgorithmName.SHA256, null);
            warm.Append(small);
            warm.Complete();
        }

        using var hasher = new DkimBodyHasher(c, HashAlgorithmName.SHA256, null);
        long allocated = Allocations.Least(() => hasher.Append(large));

        Assert.True(allocated < 16 * 1024, $"{shape}: hashing 16 MiB allocated {allocated} B");
    }

    [Property(MaxTest = 300)]
    public bool BodyHasher_RandomWhitespaceBodies_WorkLinear(int[] codes, int repeat, bool relaxed, int chunk)
    {
        // Random mixes of the bytes canonicalization treats specially, long enough to expose a cost per line that
        // grows with the body; fed whole or in chunks.
        string[] pieces = [" ", "\t", "\r", "\n", "\r\n", "\r\n\r\n", "x", " \r\n", "\t\r\n"];
        var text = new StringBuilder();
        int copies = 1 + (Math.Abs(repeat) % 64);
        for (int i = 0; i < copies; i++)
        {
            foreach (int code in codes)
            {
                text.Append(pieces[Math.Abs(code % pieces.Length)]);
            }
        }

        byte[] body = Encoding.ASCII.GetBytes(text.ToString());
        var c = relaxed ? DkimCanonicalization.Relaxed : DkimCanonicalization.Simple;
        using var hasher = new DkimBodyHasher(c, HashAlgorithmName.SHA256, null);
        int step = chunk == 0 || chunk == int.MinValue ? body.Length : 1 + (Math.Abs(chunk) % 4096);
        int appends = 0;
        for (int pos = 0; pos < body.Length; pos += step, appends++)
        {
            hasher.Append(body.AsSpan(pos, Math.Min(step, body.Length - pos)));
        }

        hasher.Complete();
        return hasher.WorkUnits <= ((long)WorkPerByte * body.Length) + ((long)WorkSlack * (appends + 1));
    }
}
