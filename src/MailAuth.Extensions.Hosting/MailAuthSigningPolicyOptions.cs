using MailAuth.Policy;

namespace MailAuth.Extensions.Hosting;

/// <summary>The registered <see cref="SigningPolicy"/> (section <c>MailAuth:SigningPolicy</c>, guide 6.2.2): the signing mode per customer domain.</summary>
public sealed class MailAuthSigningPolicyOptions
{
    /// <summary>The mode for customer domains not in <see cref="Domains"/>.</summary>
    /// <value><see cref="SigningMode.SignOwnDomainOnly"/>.</value>
    public SigningMode Default { get; set; } = SigningMode.SignOwnDomainOnly;

    /// <summary>The mode per customer domain (<c>SignAll</c>, <c>SignOwnDomainOnly</c>, <c>RefuseOtherDomains</c>).</summary>
    /// <value>Empty.</value>
    public Dictionary<string, SigningMode> Domains { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
