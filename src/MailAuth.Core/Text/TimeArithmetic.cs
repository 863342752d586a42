namespace MailAuth.Text;

/// <summary>
/// Saturating time arithmetic: sums that would leave the range of <see cref="DateTimeOffset"/> or <see langword="long"/>
/// stop at the bound instead of throwing. Times taken from mail (DKIM <c>t=</c>, <c>x=</c>) reach the year 9999 and
/// TTLs and options may be as large as <see cref="TimeSpan.MaxValue"/>.
/// </summary>
internal static class TimeArithmetic
{
    /// <summary><paramref name="time"/> + <paramref name="span"/>, clamped to [<see cref="DateTimeOffset.MinValue"/>, <see cref="DateTimeOffset.MaxValue"/>].</summary>
    /// <param name="time">The time.</param>
    /// <param name="span">The span to add (may be negative).</param>
    /// <returns>The sum, saturated.</returns>
    public static DateTimeOffset AddSaturating(DateTimeOffset time, TimeSpan span)
    {
        // Both bounds are compared as differences, which always fit a TimeSpan.
        if (span >= TimeSpan.Zero)
        {
            return span >= DateTimeOffset.MaxValue - time ? DateTimeOffset.MaxValue : time + span;
        }

        return span <= DateTimeOffset.MinValue - time ? DateTimeOffset.MinValue : time + span;
    }

    /// <summary>A <see cref="TimeProvider.GetTimestamp"/> value <paramref name="span"/> later, saturated at <see cref="long.MaxValue"/>.</summary>
    /// <param name="timestamp">The timestamp.</param>
    /// <param name="span">A non-negative span.</param>
    /// <param name="frequency">Ticks per second of the timestamp (<see cref="TimeProvider.TimestampFrequency"/>).</param>
    /// <returns>The later timestamp.</returns>
    public static long AddSaturating(long timestamp, TimeSpan span, long frequency)
    {
        double ticks = span.TotalSeconds * frequency;
        if (ticks >= long.MaxValue - (double)timestamp)
        {
            return long.MaxValue;
        }

        long sum = timestamp + (long)ticks;
        return sum < timestamp ? long.MaxValue : sum;
    }

    /// <summary>The longest finite time budget a timer can hold (about 49.7 days); longer ones throw when the timer is made.</summary>
    public static readonly TimeSpan MaxBudget = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>
    /// Checks a time budget option: positive and at most <see cref="MaxBudget"/>, or <see cref="Timeout.InfiniteTimeSpan"/>.
    /// A longer budget would throw later, when its timer is created for a message; this moves the error to configuration time.
    /// </summary>
    /// <param name="value">The budget.</param>
    /// <param name="name">The option's name, for the exception.</param>
    /// <returns><paramref name="value"/>.</returns>
    public static TimeSpan CheckBudget(TimeSpan value, string name)
    {
        if (value != Timeout.InfiniteTimeSpan && (value <= TimeSpan.Zero || value > MaxBudget))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and at most {MaxBudget.TotalDays:0.#} days, or infinite.");
        }

        return value;
    }
}
