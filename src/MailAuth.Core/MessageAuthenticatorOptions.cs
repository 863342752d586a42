using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Messages;
using MailAuth.Spf;
using MailAuth.Text;

namespace MailAuth;

/// <summary>
/// Settings for <see cref="MessageAuthenticator"/>: the options of each engine, the authserv-id for the
/// Authentication-Results field (RFC 8601 §2.5), optional checks and the overall time budget.
/// </summary>
public sealed class MessageAuthenticatorOptions
{
    /// <summary>The default overall time budget for one message.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private TimeSpan _timeout = DefaultTimeout;
    private string _authServId = "localhost";

    /// <summary>SPF limits (RFC 7208 §4.6.4); <see langword="null"/> for the RFC defaults.</summary>
    public SpfOptions? Spf { get; set; }

    /// <summary>DKIM verification limits and policy (RFC 6376, RFC 8301); <see langword="null"/> for the defaults.</summary>
    public DkimVerifierOptions? Dkim { get; set; }

    /// <summary>DMARC settings (mode RFC 9989 tree walk or RFC 7489 + PSL, limits); <see langword="null"/> for the defaults.</summary>
    public DmarcOptions? Dmarc { get; set; }

    /// <summary>Message reading limits; <see langword="null"/> for <see cref="MessageReader.Default"/>.</summary>
    public MessageReaderOptions? Reader { get; set; }

    /// <summary>
    /// The cache placed in front of the resolver; <see langword="null"/> for the defaults. Ignored when the resolver
    /// given to <see cref="MessageAuthenticator"/> already is a <see cref="CachingDnsResolver"/>.
    /// </summary>
    public CachingDnsResolverOptions? Cache { get; set; }

    /// <summary>
    /// <see langword="true"/> (default): one <see cref="CachingDnsResolver"/> is shared by every
    /// <c>AuthenticateAsync</c> call of the authenticator — what an MTA wants, as mail from one sender arrives in bursts —
    /// together with a <see cref="DkimPublicKeyCache"/> of parsed DKIM keys (unless <see cref="DkimVerifierOptions.PublicKeyCache"/> is set).
    /// <see langword="false"/>: each call gets a fresh cache, shared only by the checks of that message (SPF, DKIM and
    /// DMARC still ask each name once), so answers are never older than the message.
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool ShareDnsCache { get; set; } = true;

    /// <summary>
    /// The authserv-id written by <see cref="AuthenticationReport.ToAuthenticationResults()"/> (RFC 8601 §2.5):
    /// normally the host name of the receiving MTA or the ADMD's domain.
    /// </summary>
    /// <value>Default <c>localhost</c>.</value>
    /// <exception cref="ArgumentException">
    /// The value is empty or white space, or holds a control character (CR, LF, NUL, …) that cannot be written in a header
    /// field (RFC 5322 §2.2); thrown here, when set, rather than later by <see cref="AuthenticationReport.ToAuthenticationResults()"/>.
    /// The exception's <see cref="ArgumentException.ParamName"/> is <c>AuthServId</c>.
    /// </exception>
    public string AuthServId
    {
        get => _authServId;
        set => _authServId = ValidateAuthServId(value);
    }

    /// <summary>
    /// Also check the HELO identity when the MAIL FROM is not null (RFC 7208 §2.3 recommends it); its result is reported
    /// as <see cref="AuthenticationReport.SpfHelo"/> and as <c>spf=… smtp.helo=…</c>, and is not used by DMARC.
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool CheckHelo { get; set; } = true;

    /// <summary>Run the historic Sender ID check of the Purported Responsible Address (RFC 4406, RFC 4407).</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool EnableSenderId { get; set; }

    /// <summary>
    /// The time budget for one message, DNS included. Checks still running when it expires report <c>temperror</c>;
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.
    /// </summary>
    /// <value>Default 30 seconds; at most 49 days (a timer's range), or infinite.</value>
    public TimeSpan Timeout
    {
        get => _timeout;
        set => _timeout = TimeArithmetic.CheckBudget(value, nameof(Timeout));
    }

    // RFC 8601 §2.5: the authserv-id is a value (token or quoted-string) written into the field; a CR or LF would
    // end the field early (header injection), so control characters are refused when the option is set.
    private static string ValidateAuthServId(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("The authserv-id must not be empty.", nameof(AuthServId));
        }

        value = value.Trim();
        if (value.AsSpan().ContainsAnyInRange('\0', '\x1f') || value.Contains('\x7f', StringComparison.Ordinal))
        {
            throw new ArgumentException("The authserv-id must not contain control characters such as CR or LF.", nameof(AuthServId));
        }

        return value;
    }

    /// <summary>The clock for the time budget and DKIM signature times.</summary>
    /// <value>Default <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
