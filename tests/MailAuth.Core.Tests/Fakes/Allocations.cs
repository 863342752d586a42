namespace MailAuth.Tests.Fakes;

/// <summary>
/// Allocation measured on the current thread, robust on a loaded machine: a JIT tier-up or on-stack replacement can
/// land on the test thread during any one run and allocate a few KB once, so a figure is the least of several runs.
/// </summary>
public static class Allocations
{
    /// <summary>The fewest bytes <paramref name="action"/> allocated on this thread over <paramref name="runs"/> runs.</summary>
    /// <param name="action">The work to measure; it runs <paramref name="runs"/> times.</param>
    /// <param name="runs">How many runs.</param>
    /// <returns>The least allocation seen.</returns>
    public static long Least(Action action, int runs = 3)
    {
        long least = long.MaxValue;
        for (int i = 0; i < runs; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
