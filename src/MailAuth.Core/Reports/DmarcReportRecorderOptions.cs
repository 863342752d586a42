namespace MailAuth.Reports;

/// <summary>Options of <see cref="DmarcReportRecorder"/>.</summary>
public sealed record DmarcReportRecorderOptions
{
    /// <summary>The reporting interval; intervals are aligned to the Unix epoch (so one day is one UTC day).</summary>
    /// <value>Default one day (RFC 9990 §2.1, RFC 7489 §7.2 <c>ri=86400</c>); from one minute to seven days, whole seconds.</value>
    public TimeSpan Interval { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Record only messages whose policy record has an <c>rua</c> to report to.</summary>
    /// <value>Default <see langword="true"/> (nothing else would ever be reported).</value>
    public bool RequireAggregateReportUri { get; init; } = true;

    /// <summary>The clock that timestamps recorded messages.</summary>
    /// <value>Default <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (Interval < TimeSpan.FromMinutes(1) || Interval > TimeSpan.FromDays(7) || Interval.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Interval), Interval, "The interval must be whole seconds from one minute to seven days.");
        }
    }
}
