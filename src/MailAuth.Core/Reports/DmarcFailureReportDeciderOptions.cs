namespace MailAuth.Reports;

/// <summary>Options of <see cref="DmarcFailureReportDecider"/>.</summary>
public sealed record DmarcFailureReportDeciderOptions
{
    /// <summary>The most <c>ruf</c> destinations of one record that are checked and reported to; the rest get <see cref="DmarcFailureReportDestinationStatus.TooMany"/>.</summary>
    /// <value>Default 5; from 1 to 100. Each external destination costs one DNS query per message.</value>
    public int MaxDestinations { get; init; } = 5;

    /// <summary>
    /// Honour <c>ruf</c> in records with <c>psd=y</c>. RFC 9991 §2: report generators MUST NOT, unless there are specific
    /// agreements between the parties.
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool AllowPublicSuffixDomainRecords { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDestinations, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxDestinations, 100);
    }
}
