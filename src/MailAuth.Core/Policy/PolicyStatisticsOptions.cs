namespace MailAuth.Policy;

/// <summary>Options of <see cref="PolicyStatistics"/>.</summary>
public sealed record PolicyStatisticsOptions
{
    /// <summary>The most customer domains and, separately, the most sender domains tracked one by one.</summary>
    /// <value>
    /// Default 10 000; 1–1 000 000. Messages for further domains are counted in one <see cref="PolicyStatistics.OtherDomain"/>
    /// bucket, so memory stays bounded whatever From domains an attacker sends (each tracked domain costs about 650 bytes).
    /// </value>
    public int MaxTrackedDomains { get; init; } = 10_000;

    internal void Validate()
    {
        if (MaxTrackedDomains is < 1 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTrackedDomains), MaxTrackedDomains, "MaxTrackedDomains must be between 1 and 1000000.");
        }
    }
}
