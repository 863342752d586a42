namespace MailAuth.Reports;

/// <summary>How every store normalises an interval key: lower-case policy domain, times in whole UTC seconds.</summary>
public static class DmarcReportStoreKeys
{
    /// <summary>The interval with its domain in lower case and its times truncated to whole seconds, offset zero.</summary>
    /// <param name="interval">The interval.</param>
    /// <returns>The normalised interval.</returns>
    public static DmarcReportInterval Normalize(DmarcReportInterval interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        return new DmarcReportInterval(
            interval.PolicyDomain.ToLowerInvariant(),
            DateTimeOffset.FromUnixTimeSeconds(interval.Begin.ToUnixTimeSeconds()),
            DateTimeOffset.FromUnixTimeSeconds(interval.End.ToUnixTimeSeconds()));
    }
}
