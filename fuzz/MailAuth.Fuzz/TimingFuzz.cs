using System.Diagnostics;
using System.Globalization;

namespace MailAuth.Fuzz;

/// <summary>
/// The timing fuzz: for each target, adversarial families (<see cref="TimingInputs"/>) and random inputs from 1 KiB up
/// to a maximum size (1 MiB by default, ×4 steps). Each measurement is the median of several runs, minus the cost of
/// the empty input (fixed costs such as DNS look-ups), divided by the size. An input is flagged when its time per byte
/// is at least <c>threshold</c> (10) times the target's median; a family stops growing once one run takes more than
/// <see cref="SlowRun"/>, and is flagged as well, since a linear input of that size is far below it.
/// </summary>
internal static class TimingFuzz
{
    private static readonly TimeSpan SlowRun = TimeSpan.FromSeconds(3);

    private sealed record Sample(string Target, string Label, int Size, double Milliseconds, double NsPerByte, bool Stopped);

    public static int Run(string[] args)
    {
        int maxBytes = 1 << 20;
        double threshold = 10;
        string? only = null;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--max-bytes": maxBytes = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--threshold": threshold = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--target": only = args[i + 1]; break;
                default: Console.Error.WriteLine("unknown option " + args[i]); return 2;
            }
        }

        int flagged = 0, superlinearCount = 0, crashes = 0;
        foreach (FuzzTarget target in Targets.All.Where(t => only is null || t.Name == only))
        {
            var samples = new List<Sample>();
            double baseline = Measure(target, [], out _);
            var families = target.Adversarial.Select(p => (p.Label, (Func<int, byte[]>)p.Build)).ToList();
            var random = new Random(8);
            families.Add(("random bytes", size => { var b = new byte[size]; random.NextBytes(b); return b; }));
            families.Add(("random printable", size => RandomText(random, size)));
            foreach ((string label, Func<int, byte[]> build) in families)
            {
                for (int size = 1024; size <= maxBytes; size *= 4)
                {
                    byte[] input = build(size);
                    double ms;
                    try
                    {
                        ms = Measure(target, input, out bool slow);
                        double ns = Math.Max(0, ms - baseline) * 1e6 / input.Length;
                        samples.Add(new Sample(target.Name, label, input.Length, ms, ns, slow));
                        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  .. {target.Name} {label} {input.Length} B {ms:F2} ms"));
                        if (slow)
                        {
                            break;
                        }

                        // Once a family has grown 4x in time per byte it is superlinear: larger sizes only cost time.
                        Sample first = samples.First(s => s.Label == label && s.Size >= Math.Min(16 * 1024, input.Length));
                        if (input.Length > first.Size && ns >= 4 * first.NsPerByte && ms >= 5)
                        {
                            break;
                        }
                    }
                    catch (Exception e)
                    {
                        crashes++;
                        Console.WriteLine($"CRASH {target.Name} [{label}] {input.Length} bytes: {e.GetType().Name}: {e.Message}");
                        break;
                    }
                }
            }

            double median = Median(samples.Select(s => s.NsPerByte).ToList());
            Console.WriteLine($"== {target.Name}: empty input {baseline:F3} ms, median {median:F2} ns/byte over {samples.Count} inputs");
            foreach (IGrouping<string, Sample> family in samples.GroupBy(s => s.Label))
            {
                // Growth: time per byte against the same family at 16 KiB (the smallest size where fixed costs fade);
                // a linear family stays near 1, a quadratic one grows 4x per 4x in size.
                Sample reference = family.FirstOrDefault(s => s.Size >= 16 * 1024) ?? family.First();
                foreach (Sample s in family)
                {
                    double ratio = median > 0 ? s.NsPerByte / median : 0;
                    double growth = reference.NsPerByte > 0 ? s.NsPerByte / reference.NsPerByte : 0;
                    bool overMedian = ratio >= threshold && s.Milliseconds >= 1;
                    bool superlinear = s.Stopped || (s.Size > reference.Size && growth >= 4 && s.Milliseconds >= 5);
                    flagged += overMedian ? 1 : 0;
                    superlinearCount += superlinear ? 1 : 0;
                    if (overMedian || superlinear || s.Size >= maxBytes / 4)
                    {
                        string mark = superlinear ? "SUPERLINEAR" : overMedian ? "FLAG" : "ok";
                        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                            "  {0,-11} {1,-40} {2,8} B {3,10:F2} ms {4,10:F2} ns/B {5,7:F1}x median {6,6:F1}x growth{7}",
                            mark, s.Label, s.Size, s.Milliseconds, s.NsPerByte, ratio, growth, s.Stopped ? " (stopped: one run > 3 s)" : ""));
                    }
                }
            }
        }

        Console.WriteLine($"timing: {flagged} input(s) at >= {threshold}x the median time per byte, {superlinearCount} superlinear, {crashes} crash(es)");
        return crashes == 0 ? 0 : 1;
    }

    // The median of 3 runs, or of as many as fit in about 50 ms for small inputs (up to 15).
    private static double Measure(FuzzTarget target, byte[] input, out bool slow)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var warm = Stopwatch.StartNew();
        target.Run(input); // warm-up and JIT
        var times = new List<double>();
        slow = warm.Elapsed > SlowRun;
        if (slow)
        {
            return warm.Elapsed.TotalMilliseconds;
        }

        var total = Stopwatch.StartNew();
        while (times.Count < 3 || (times.Count < 15 && total.ElapsedMilliseconds < 50))
        {
            var one = Stopwatch.StartNew();
            target.Run(input);
            times.Add(one.Elapsed.TotalMilliseconds);
            if (one.Elapsed > SlowRun)
            {
                slow = true;
                break;
            }
        }

        return Median(times);
    }

    private static byte[] RandomText(Random random, int size)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 .-_@:;=,<>()\"\\%{}/+\t\r\n";
        var bytes = new byte[size];
        for (int i = 0; i < size; i++)
        {
            bytes[i] = (byte)alphabet[random.Next(alphabet.Length)];
        }

        return bytes;
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        int mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
