namespace MailAuth.Reports;

/// <summary>Options of <see cref="DmarcFailureReportRateLimiter"/>.</summary>
public sealed record DmarcFailureReportRateLimiterOptions
{
    /// <summary>How many reports one destination may get per <see cref="Window"/>.</summary>
    /// <value>Default 10; at least 1.</value>
    public int MaxReportsPerWindow { get; init; } = 10;

    /// <summary>The length of a counting window; each destination's window starts with its first report.</summary>
    /// <value>Default one hour; from one second to seven days.</value>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The most destinations tracked at once (bounded memory). When the table is full and no entry has expired, reports to
    /// new destinations are refused until one does (fail closed: no flood).
    /// </summary>
    /// <value>Default 10,000; from 1 to 10,000,000.</value>
    public int MaxDestinations { get; init; } = 10_000;

    /// <summary>The clock.</summary>
    /// <value>Default <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReportsPerWindow, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDestinations, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxDestinations, 10_000_000);
        if (Window < TimeSpan.FromSeconds(1) || Window > TimeSpan.FromDays(7))
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window, "The window must be from one second to seven days.");
        }
    }
}
