namespace MailAuth.MimeKit;

/// <summary>The outcome for one report destination.</summary>
/// <param name="Uri">The <c>rua</c> URI as published (escaped for display), or the override URI from the destination's authorization record.</param>
/// <param name="Address">The recipient address when the URI held a usable one, else <see langword="null"/>.</param>
/// <param name="Status">What became of it.</param>
/// <param name="Reason">Why, for every status but <see cref="DmarcReportMessageDestinationStatus.Accepted"/>; control characters escaped.</param>
public sealed record DmarcReportMessageDestination(string Uri, string? Address, DmarcReportMessageDestinationStatus Status, string Reason = "")
{
    /// <summary><see langword="true"/> when the message goes to <see cref="Address"/>.</summary>
    public bool Accepted => Status == DmarcReportMessageDestinationStatus.Accepted;
}
