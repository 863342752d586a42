namespace MailAuth.MimeKit;

/// <summary>Who sends aggregate report messages and how many destinations one report may have; see <see cref="DmarcReportMessageComposer"/>.</summary>
public sealed record DmarcReportMessageOptions
{
    /// <summary>
    /// The <c>From</c> address (<c>local@domain</c>). RFC 9990 §3.5.2: report mail must pass DMARC with alignment, so use an
    /// address of a domain whose mail this MTA signs.
    /// </summary>
    public required string From { get; init; }

    /// <summary>The Mail Receiver's domain (<c>receiver</c> in the file name, <c>Submitter:</c> in the Subject), or <see langword="null"/> for the domain of <see cref="From"/>.</summary>
    public string? Submitter { get; init; }

    /// <summary>An optional <c>unique-id</c> (letters and digits) for the file name, to tell apart reports several systems of one receiver generate at once (RFC 9990 §3.5.2).</summary>
    public string? UniqueId { get; init; }

    /// <summary>The most <c>rua</c> URIs one report is sent to; later ones get <see cref="DmarcReportMessageDestinationStatus.OverLimit"/>.</summary>
    /// <value>Default 10.</value>
    public int MaxDestinations { get; init; } = 10;

    internal void Validate(out string from, out string submitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDestinations, 1, nameof(MaxDestinations));
        if (!DmarcReportMessageSyntax.TryNormalizeAddress(From ?? string.Empty, out from, out string fromDomain))
        {
            throw new ArgumentException("From is not a local@domain address", nameof(From));
        }

        submitter = fromDomain;
        if (Submitter is not null && !DmarcReportMessageSyntax.TryNormalizeDomain(Submitter, out submitter))
        {
            throw new ArgumentException("Submitter is not a domain name", nameof(Submitter));
        }

        if (UniqueId is not null && !DmarcReportMessageSyntax.IsUniqueId(UniqueId))
        {
            throw new ArgumentException("UniqueId must be 1 to 64 letters and digits", nameof(UniqueId));
        }
    }
}
