namespace MailAuth.Reports;

/// <summary>The <c>report_metadata</c> element (RFC 9990 <c>ReportMetadataType</c>, RFC 7489 Appendix C).</summary>
public sealed record DmarcReportMetadata
{
    /// <summary>The Reporting Organization (<c>org_name</c>).</summary>
    public required string OrgName { get; init; }

    /// <summary>The contact address (<c>email</c>).</summary>
    public required string Email { get; init; }

    /// <summary>Additional contact details (<c>extra_contact_info</c>), or <see langword="null"/>.</summary>
    public string? ExtraContactInfo { get; init; }

    /// <summary>The unique Report-ID (<c>report_id</c>).</summary>
    public required string ReportId { get; init; }

    /// <summary>The start of the reporting period (<c>date_range/begin</c>, seconds since the epoch, UTC).</summary>
    public DateTimeOffset Begin { get; init; }

    /// <summary>The end of the reporting period (<c>date_range/end</c>, seconds since the epoch, UTC).</summary>
    public DateTimeOffset End { get; init; }

    /// <summary>Error messages met while processing DMARC policy (<c>error</c>); empty when none.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>The generating software (<c>generator</c>, RFC 9990), or <see langword="null"/>.</summary>
    public string? Generator { get; init; }
}
