using MailAuth.Policy;

namespace MailAuth.Extensions.Hosting;

/// <summary>The registered <see cref="PolicyStatistics"/> (section <c>MailAuth:Statistics</c>); each value feeds <see cref="PolicyStatisticsOptions"/>.</summary>
public sealed class MailAuthStatisticsOptions
{
    /// <summary>The most customer domains and, separately, sender domains counted one by one; the rest share one bucket.</summary>
    /// <value>10,000; 1 to 1,000,000.</value>
    public int MaxTrackedDomains { get; set; } = 10_000;
}
