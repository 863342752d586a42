using MailAuth.Dmarc;

namespace MailAuth.Reports;

/// <summary>
/// Whether one evaluated From domain of a message gets a DMARC failure report (RFC 9991 §2), to which destinations, and why.
/// </summary>
/// <param name="Dmarc">The DMARC result for the domain.</param>
/// <param name="Requested">The record's <c>fo</c> options.</param>
/// <param name="Matched">The requested conditions the message met; <see cref="DmarcFailureReportTriggers.None"/> means no report.</param>
/// <param name="Destinations">The <c>ruf</c> destinations with their verdicts; empty when nothing matched.</param>
/// <param name="Reason">Why a report is or is not made, for logs and the command line.</param>
public sealed record DmarcFailureReportDecision(
    DmarcResult Dmarc,
    DmarcFailureReportTriggers Requested,
    DmarcFailureReportTriggers Matched,
    IReadOnlyList<DmarcFailureReportDestination> Destinations,
    string Reason)
{
    /// <summary><see langword="true"/> when at least one destination is to receive a report.</summary>
    public bool ShouldReport => Matched != DmarcFailureReportTriggers.None && Destinations.Any(d => d.MaySend);

    /// <summary>The mail addresses to send the report to.</summary>
    public IEnumerable<string> Recipients => Destinations.Where(d => d.MaySend).Select(d => d.Address!);
}
