using SharpFuzz;

namespace MailAuth.Fuzz;

/// <summary>
/// Command line of the fuzz driver (see docs/fuzzing.md):
/// <c>list</c> · <c>afl TARGET</c> (under afl-fuzz, persistent mode) · <c>repro TARGET FILE|DIR...</c> ·
/// <c>timing [--max-bytes N] [--target NAME] [--threshold X]</c>.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            return Usage();
        }

        switch (args[0])
        {
            case "list":
                foreach (FuzzTarget t in Targets.All)
                {
                    Console.WriteLine($"{t.Name} {t.Grammar}");
                }

                return 0;
            case "afl" when args.Length == 2 && Targets.Find(args[1]) is { } target:
                // afl++ drives the loop through SharpFuzz's fork-server emulation; an escaping exception is a crash.
                Fuzzer.Run(stream =>
                {
                    using var buffer = new MemoryStream();
                    stream.CopyTo(buffer);
                    target.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
                });
                return 0;
            case "repro" when args.Length >= 3 && Targets.Find(args[1]) is { } target:
                return Repro(target, args.Skip(2));
            case "timing":
                return TimingFuzz.Run(args.Skip(1).ToArray());
            default:
                return Usage();
        }
    }

    private static int Repro(FuzzTarget target, IEnumerable<string> paths)
    {
        int failures = 0, count = 0;
        IEnumerable<string> files = paths.SelectMany<string, string>(p => Directory.Exists(p)
            ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("README.txt", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            : [p]);
        foreach (string file in files)
        {
            count++;
            byte[] input = File.ReadAllBytes(file);
            try
            {
                target.Run(input);
            }
            catch (Exception e)
            {
                failures++;
                Console.WriteLine($"CRASH {target.Name} {file} ({input.Length} bytes)");
                Console.WriteLine("  hex: " + Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 512))));
                Console.WriteLine(e.ToString());
            }
        }

        Console.WriteLine($"{target.Name}: {count} input(s), {failures} crash(es)");
        return failures == 0 ? 0 : 1;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: MailAuth.Fuzz list | afl TARGET | repro TARGET FILE|DIR... | timing [--max-bytes N] [--target NAME] [--threshold X]");
        Console.Error.WriteLine("targets: " + string.Join(' ', Targets.All.Select(t => t.Name)));
        return 2;
    }
}
