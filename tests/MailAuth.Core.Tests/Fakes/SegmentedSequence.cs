using System.Buffers;

namespace MailAuth.Tests.Fakes;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/> values for chunking-independence tests.</summary>
public static class SegmentedSequence
{
    /// <summary>Splits <paramref name="data"/> at the given (unordered, possibly repeated or out-of-range) points; empty segments included.</summary>
    public static ReadOnlySequence<byte> Create(byte[] data, IEnumerable<int> splitPoints)
    {
        var points = splitPoints.Select(p => data.Length == 0 ? 0 : Math.Abs(p % (data.Length + 1))).Append(0).Append(data.Length).Order().ToList();
        Segment? first = null;
        Segment? last = null;
        for (int i = 1; i < points.Count; i++)
        {
            // Copy each piece into its own array so no segment shares memory with its neighbour.
            var segment = new Segment(data.AsSpan(points[i - 1], points[i] - points[i - 1]).ToArray(), last);
            first ??= segment;
            last = segment;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data, Segment? previous)
        {
            Memory = data;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
