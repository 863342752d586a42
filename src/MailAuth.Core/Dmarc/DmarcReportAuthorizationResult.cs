namespace MailAuth.Dmarc;

/// <summary>The outcome of one report destination check.</summary>
/// <param name="Status">The verdict.</param>
/// <param name="PolicyDomain">The domain whose record named the destination.</param>
/// <param name="DestinationHost">The destination host (mailto domain or URI host), or <see langword="null"/>.</param>
/// <param name="QueryName">The name queried (<c>&lt;policy-domain&gt;._report._dmarc.&lt;destination&gt;</c>), or <see langword="null"/> when no query was needed.</param>
/// <param name="Record">The authorizing record; its <c>rua</c>/<c>ruf</c>, if any, replace the original URIs (RFC 7489 §7.1 step 4).</param>
/// <param name="Detail">Error detail, or <see langword="null"/>.</param>
public sealed record DmarcReportAuthorizationResult(
    DmarcReportAuthorizationStatus Status,
    string PolicyDomain,
    string? DestinationHost,
    string? QueryName,
    DmarcRecord? Record = null,
    string? Detail = null)
{
    /// <summary><see langword="true"/> when reports may be sent to the destination.</summary>
    public bool MaySend => Status is DmarcReportAuthorizationStatus.SameOrganization or DmarcReportAuthorizationStatus.Authorized;
}
