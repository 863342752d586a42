using MailAuth.Text;

namespace MailAuth.Dmarc;

/// <summary>The Organizational Domain of a name and how it was found.</summary>
public sealed record OrganizationalDomainResult
{
    internal OrganizationalDomainResult(OrganizationalDomainStatus status, string? domain, string? error, IReadOnlyList<DmarcTreeWalkStep> steps)
    {
        Status = status;
        Domain = domain;
        Error = ReasonText.Escape(error);
        Steps = steps;
    }

    /// <summary>Whether the domain was determined.</summary>
    public OrganizationalDomainStatus Status { get; }

    /// <summary>The Organizational Domain (lower case, A-labels, no trailing dot), or <see langword="null"/> on failure.</summary>
    public string? Domain { get; }

    /// <summary>Why the look-up failed, or <see langword="null"/>.</summary>
    public string? Error { get; }

    /// <summary>The tree-walk queries made, in order (empty for the Public Suffix List provider).</summary>
    public IReadOnlyList<DmarcTreeWalkStep> Steps { get; }

    /// <summary>The DMARC record found at <see cref="Domain"/> by the tree walk, if any.</summary>
    public DmarcRecord? Record => Steps.FirstOrDefault(s => s.Domain == Domain)?.Record;

    /// <summary>A determined Organizational Domain (for custom <see cref="IOrganizationalDomainProvider"/> implementations).</summary>
    /// <param name="domain">The Organizational Domain; normalised to lower-case A-labels without a trailing dot.</param>
    /// <returns>The result.</returns>
    public static OrganizationalDomainResult Found(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return new(OrganizationalDomainStatus.Found, DmarcDomain.NormalizeOrKeep(domain), null, Array.Empty<DmarcTreeWalkStep>());
    }

    /// <summary>A failed look-up (for custom <see cref="IOrganizationalDomainProvider"/> implementations).</summary>
    /// <param name="status"><see cref="OrganizationalDomainStatus.TempError"/> or <see cref="OrganizationalDomainStatus.InvalidDomain"/>.</param>
    /// <param name="error">Why.</param>
    /// <returns>The result.</returns>
    public static OrganizationalDomainResult Failed(OrganizationalDomainStatus status, string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (status == OrganizationalDomainStatus.Found)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Use Found for a determined domain.");
        }

        return new(status, null, error, Array.Empty<DmarcTreeWalkStep>());
    }

    internal static OrganizationalDomainResult Invalid(string error) => Failed(OrganizationalDomainStatus.InvalidDomain, error);
}
