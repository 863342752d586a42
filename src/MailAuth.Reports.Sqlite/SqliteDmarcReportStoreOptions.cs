namespace MailAuth.Reports.Sqlite;

/// <summary>Options of <see cref="SqliteDmarcReportStore"/>.</summary>
public sealed record SqliteDmarcReportStoreOptions
{
    /// <summary>How long a writer waits for another process's write lock before failing.</summary>
    /// <value>Default 30 seconds; from zero to ten minutes.</value>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <see langword="true"/>: <c>synchronous=FULL</c>, each committed batch survives power loss. <see langword="false"/>:
    /// <c>synchronous=NORMAL</c> (WAL), committed batches survive a process crash but the last ones may be lost on power loss;
    /// several times faster for small batches.
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool FullSync { get; init; } = true;

    internal void Validate()
    {
        if (BusyTimeout < TimeSpan.Zero || BusyTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(BusyTimeout), BusyTimeout, "The busy timeout must be from zero to ten minutes.");
        }
    }
}
