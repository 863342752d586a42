namespace MailAuth.Extensions.Hosting;

/// <summary>
/// The <c>MailAuth</c> configuration section that <see cref="Microsoft.Extensions.DependencyInjection.MailAuthServiceCollectionExtensions.AddMailAuth"/>
/// binds (for example from appsettings.json) and validates when the host starts. Every value has the default of the
/// MailAuth.Core option it feeds; see docs/extensions-hosting.md for the layout.
/// </summary>
public sealed class MailAuthOptions
{
    /// <summary>The authserv-id of the Authentication-Results fields (RFC 8601 §2.5): the receiving host or the ADMD's domain.</summary>
    /// <value><see langword="null"/>: the default of <see cref="MessageAuthenticatorOptions.AuthServId"/>.</value>
    public string? AuthServId { get; set; }

    /// <summary>Also check the HELO identity (RFC 7208 §2.3); see <see cref="MessageAuthenticatorOptions.CheckHelo"/>.</summary>
    /// <value><see langword="true"/>.</value>
    public bool CheckHelo { get; set; } = true;

    /// <summary>Run the historic Sender ID check (RFC 4406); see <see cref="MessageAuthenticatorOptions.EnableSenderId"/>.</summary>
    /// <value><see langword="false"/>.</value>
    public bool EnableSenderId { get; set; }

    /// <summary>The time budget for one message, DNS included; see <see cref="MessageAuthenticatorOptions.Timeout"/>.</summary>
    /// <value>30 seconds.</value>
    public TimeSpan Timeout { get; set; } = MessageAuthenticatorOptions.DefaultTimeout;

    /// <summary>The DNS resolver (section <c>MailAuth:Dns</c>).</summary>
    public MailAuthDnsOptions Dns { get; set; } = new();

    /// <summary>The in-process DNS cache every check shares (section <c>MailAuth:Cache</c>).</summary>
    public MailAuthCacheOptions Cache { get; set; } = new();

    /// <summary>Where DKIM signing keys come from (section <c>MailAuth:Keys</c>).</summary>
    public MailAuthKeyOptions Keys { get; set; } = new();

    /// <summary>How outgoing mail is DKIM-signed (section <c>MailAuth:Signing</c>).</summary>
    public MailAuthSigningOptions Signing { get; set; } = new();

    /// <summary>The per-domain statistics of receiver-policy decisions (section <c>MailAuth:Statistics</c>).</summary>
    public MailAuthStatisticsOptions Statistics { get; set; } = new();

    /// <summary>The signing policy per customer domain (section <c>MailAuth:SigningPolicy</c>); registered only when the section exists.</summary>
    public MailAuthSigningPolicyOptions SigningPolicy { get; set; } = new();

    // The receiver policy (section MailAuth:Policy) is not bound here: it has the shape of ReceiverPolicyJson and is
    // read by ReceiverPolicyConfiguration, reloaded on change.

    // Conversion failures of the configuration binder ("abc" for a number), reported by the validator with their key
    // instead of escaping as an exception from whichever service happens to read the options first.
    internal List<string> BindErrors { get; } = [];
}
