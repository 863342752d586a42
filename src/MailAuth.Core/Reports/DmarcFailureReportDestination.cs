using MailAuth.Dmarc;

namespace MailAuth.Reports;

/// <summary>One <c>ruf</c> destination of a failure report decision.</summary>
/// <param name="Uri">The URI from the record.</param>
/// <param name="Address">The mail address of a <c>mailto:</c> URI, or <see langword="null"/>.</param>
/// <param name="Status">Whether the report goes there.</param>
/// <param name="Authorization">The external destination check, or <see langword="null"/> when none was made.</param>
public sealed record DmarcFailureReportDestination(
    DmarcReportUri Uri,
    string? Address,
    DmarcFailureReportDestinationStatus Status,
    DmarcReportAuthorizationResult? Authorization = null)
{
    /// <summary><see langword="true"/> when the report is to be sent to <see cref="Address"/>.</summary>
    public bool MaySend => Status == DmarcFailureReportDestinationStatus.Send;
}
