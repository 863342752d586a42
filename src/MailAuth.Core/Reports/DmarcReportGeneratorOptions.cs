namespace MailAuth.Reports;

/// <summary>Who writes the reports (<c>report_metadata</c>) and in which format; see <see cref="DmarcReportGenerator"/>.</summary>
public sealed record DmarcReportGeneratorOptions
{
    /// <summary>The Reporting Organization's name (<c>org_name</c>), e.g. its domain.</summary>
    public required string OrgName { get; init; }

    /// <summary>The contact address (<c>email</c>).</summary>
    public required string Email { get; init; }

    /// <summary>Additional contact details (<c>extra_contact_info</c>), or <see langword="null"/>.</summary>
    public string? ExtraContactInfo { get; init; }

    /// <summary>The <c>generator</c> text (RFC 9990).</summary>
    /// <value>Default <c>MailAuth.Core</c>.</value>
    public string? Generator { get; init; } = "MailAuth.Core";

    /// <summary>The XML format.</summary>
    /// <value>Default <see cref="DmarcReportFormat.Rfc9990"/>.</value>
    public DmarcReportFormat Format { get; init; } = DmarcReportFormat.Rfc9990;
}
