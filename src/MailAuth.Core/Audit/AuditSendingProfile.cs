using System.Net;

namespace MailAuth.Audit;

/// <summary>
/// How mail for the audited domain is really sent (the ESP page of the guides): the sending IPs, the envelope
/// (MAIL FROM) domain, the DKIM signing domain and selectors. Every member is optional.
/// </summary>
public sealed class AuditSendingProfile
{
    /// <summary>The IP addresses mail leaves from; each is checked with SPF <c>check_host()</c>.</summary>
    /// <value>Empty.</value>
    public IReadOnlyList<IPAddress> Addresses { get; init; } = [];

    /// <summary>The RFC5321.MailFrom domain; <see langword="null"/> means the audited domain itself.</summary>
    /// <value><see langword="null"/>.</value>
    public string? EnvelopeDomain { get; init; }

    /// <summary>The DKIM <c>d=</c> domain; <see langword="null"/> means the audited domain itself.</summary>
    /// <value><see langword="null"/>.</value>
    public string? DkimDomain { get; init; }

    /// <summary>The DKIM selectors the sender signs with (the first is the current one for the rotation plan).</summary>
    /// <value>Empty: DKIM is not checked.</value>
    public IReadOnlyList<string> Selectors { get; init; } = [];

    /// <summary>The selector of the next key, for the rotation plan (guide 4.3.2.2); <see langword="null"/> for no plan.</summary>
    /// <value><see langword="null"/>.</value>
    public string? NextSelector { get; init; }
}
