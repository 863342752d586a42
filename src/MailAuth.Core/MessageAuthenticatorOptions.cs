using MailAuth.Arc;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.DomainKeys;
using MailAuth.Messages;
using MailAuth.Spf;
using MailAuth.Text;
using Microsoft.Extensions.Logging;

namespace MailAuth;

/// <summary>
/// Settings for <see cref="MessageAuthenticator"/>: the options of each engine, the authserv-id for the
/// Authentication-Results field (RFC 8601 §2.5), optional checks, the overall time budget and the one clock of every
/// engine. Validated once into a frozen copy when the authenticator is built (docs/options.md); later changes do not
/// affect it. A bad value throws <see cref="ArgumentException"/> whose <see cref="ArgumentException.ParamName"/> names
/// the option, with its path for the engines' options (e.g. <c>Dkim.MaxSignatures</c>).
/// </summary>
public sealed class MessageAuthenticatorOptions
{
    /// <summary>The default overall time budget for one message.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>SPF limits (RFC 7208 §4.6.4); <see langword="null"/> for the RFC defaults. Its <see cref="SpfOptions.TimeProvider"/> is replaced by <see cref="TimeProvider"/>.</summary>
    public SpfOptions? Spf { get; init; }

    /// <summary>DKIM verification limits and policy (RFC 6376, RFC 8301); <see langword="null"/> for the defaults. Its <see cref="DkimMessageVerifierOptions.TimeProvider"/> is replaced by <see cref="TimeProvider"/>.</summary>
    public DkimMessageVerifierOptions? Dkim { get; init; }

    /// <summary>ARC chain validation limits and policy (RFC 8617 §5.2); <see langword="null"/> for the defaults. Its <see cref="ArcChainValidatorOptions.TimeProvider"/> is replaced by <see cref="TimeProvider"/>, and it shares the DKIM key cache unless it has its own.</summary>
    public ArcChainValidatorOptions? Arc { get; init; }

    /// <summary>Validate the ARC chain (RFC 8617 §5.2) and report it as <see cref="AuthenticationOutcome.Arc"/> and <c>arc=</c>; DMARC does not use it.</summary>
    /// <value>Default <see langword="true"/> (a message without ARC header fields costs a scan of its header names).</value>
    public bool EnableArc { get; init; } = true;

    /// <summary>DMARC settings (mode RFC 9989 tree walk or RFC 7489 + PSL, limits); <see langword="null"/> for the defaults. Its <see cref="DmarcOptions.TimeProvider"/> is replaced by <see cref="TimeProvider"/>.</summary>
    public DmarcOptions? Dmarc { get; init; }

    /// <summary>Message reading limits; <see langword="null"/> for <see cref="MessageReader.Default"/>.</summary>
    public MessageReaderOptions? Reader { get; init; }

    /// <summary>
    /// The cache placed in front of the resolver; <see langword="null"/> for the defaults. Ignored when the resolver
    /// given to <see cref="MessageAuthenticator"/> already is a <see cref="CachingDnsResolver"/>. Its
    /// <see cref="CachingDnsResolverOptions.TimeProvider"/> is replaced by <see cref="TimeProvider"/>.
    /// </summary>
    public CachingDnsResolverOptions? Cache { get; init; }

    /// <summary>
    /// <see langword="true"/> (default): one <see cref="CachingDnsResolver"/> is shared by every
    /// <c>AuthenticateAsync</c> call of the authenticator — what an MTA wants, as mail from one sender arrives in bursts —
    /// together with a <see cref="DkimPublicKeyCache"/> of parsed DKIM keys (unless <see cref="DkimMessageVerifierOptions.PublicKeyCache"/> is set).
    /// <see langword="false"/>: each call gets a fresh cache, shared only by the checks of that message (SPF, DKIM and
    /// DMARC still ask each name once), so answers are never older than the message.
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool ShareDnsCache { get; init; } = true;

    /// <summary>
    /// The authserv-id written by <see cref="AuthenticationOutcome.ToAuthenticationResults()"/> (RFC 8601 §2.5):
    /// normally the host name of the receiving MTA or the ADMD's domain. Surrounding white space is trimmed.
    /// </summary>
    /// <value>Default: this machine's host name (<see cref="System.Net.Dns.GetHostName"/>), lower-cased, when it is a
    /// valid domain name; <c>localhost</c> otherwise. Must not be empty, nor hold a control character (CR, LF, NUL, …) that cannot be
    /// written in a header field (RFC 5322 §2.2): <see cref="MessageAuthenticator"/>'s constructor refuses it with an
    /// <see cref="ArgumentException"/> whose <see cref="ArgumentException.ParamName"/> is <c>AuthServId</c>.</value>
    public string AuthServId { get; init; } = DefaultAuthServId.Value;

    /// <summary>
    /// Also check the HELO identity when the MAIL FROM is not null (RFC 7208 §2.3 recommends it); its result is reported
    /// as <see cref="AuthenticationOutcome.SpfHelo"/> and as <c>spf=… smtp.helo=…</c>, and is not used by DMARC.
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool CheckHelo { get; init; } = true;

    /// <summary>Run the historic Sender ID check of the Purported Responsible Address (RFC 4406, RFC 4407).</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool EnableSenderId { get; init; }

    /// <summary>
    /// Verify the historic DomainKeys signatures (draft-delany-domainkeys-base-06 / RFC 4870), reported as
    /// <see cref="AuthenticationOutcome.DomainKeys"/> and <c>domainkeys=</c>. Turning this on is the opt-in to rsa-sha1 for
    /// DomainKey-Signature fields only (the verifier gets <see cref="DomainKeysVerifierOptions.AllowRsaSha1"/>); DKIM's
    /// rule (RFC 8301) is unchanged. See docs/legacy.md.
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool EnableDomainKeys { get; init; }

    /// <summary>DomainKeys limits; <see langword="null"/> for the defaults. Used only with <see cref="EnableDomainKeys"/>; its <see cref="DomainKeysVerifierOptions.TimeProvider"/> is replaced by <see cref="TimeProvider"/>.</summary>
    public DomainKeysVerifierOptions? DomainKeys { get; init; }

    /// <summary>
    /// Look up the historic DKIM Author Domain Signing Practices (RFC 5617) of the From domains, reported as
    /// <see cref="AuthenticationOutcome.Adsp"/> and <c>dkim-adsp=</c>. See docs/legacy.md.
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool EnableAdsp { get; init; }

    /// <summary>ADSP limits; <see langword="null"/> for the defaults. Used only with <see cref="EnableAdsp"/>; its <see cref="AdspOptions.TimeProvider"/> is replaced by <see cref="TimeProvider"/>.</summary>
    public AdspOptions? Adsp { get; init; }

    /// <summary>
    /// The time budget for one message, DNS included. Checks still running when it expires report <c>temperror</c>;
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.
    /// </summary>
    /// <value>Default 30 seconds; at most 49 days (a timer's range), or infinite.</value>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>
    /// The one clock of the authenticator: the message's time budget, and handed down to every engine it builds — the
    /// SPF and DMARC time budgets and <c>%{t}</c>, DKIM signature times and key look-up budgets, the DNS cache's and the
    /// DKIM key cache's expiry.
    /// </summary>
    /// <value>Default <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where the authenticator and every engine it builds log (docs/observability.md: one category per engine, e.g.
    /// <c>MailAuth.Spf</c>, <c>MailAuth.Authenticator</c>); it replaces the engine options' own
    /// <see cref="SpfOptions.LoggerFactory"/>, … when set. <see langword="null"/> for the engine options' factories (by default none).
    /// </summary>
    /// <value>Default <see langword="null"/>.</value>
    public ILoggerFactory? LoggerFactory { get; init; }

    // The host name, read once: RFC 8601 §2.5 asks for the receiving host's name or the ADMD's domain.
    private static readonly Lazy<string> DefaultAuthServId = new(ReadHostName);

    /// <summary>
    /// Checks every value, the engines' options included, and returns a private copy whose engine options are frozen
    /// copies that use <see cref="TimeProvider"/> (docs/options.md).
    /// </summary>
    /// <param name="sharedEngines">Whether the engines are built once and shared by every message: then DKIM keys are cached too.</param>
    /// <returns>The frozen copy; every engine option except <see cref="Reader"/> is set.</returns>
    internal MessageAuthenticatorOptions Freeze(bool sharedEngines)
    {
        TimeProvider time = OptionChecks.NotNull(TimeProvider, nameof(TimeProvider));
        DkimMessageVerifierOptions dkim = (Dkim ?? new DkimMessageVerifierOptions()).Freeze(nameof(Dkim), time, sharedEngines ? new DkimPublicKeyCache(timeProvider: time) : null, LoggerFactory);
        return new MessageAuthenticatorOptions
        {
            Arc = (Arc ?? new ArcChainValidatorOptions()).Freeze(nameof(Arc), time, dkim.PublicKeyCache),
            Spf = (Spf ?? new SpfOptions()).Freeze(nameof(Spf), time, LoggerFactory),

            // Shared engines also keep parsed DKIM keys (RSA import is costly), unless the caller brought a key cache.
            Dkim = dkim,
            Dmarc = (Dmarc ?? new DmarcOptions()).Freeze(nameof(Dmarc), time, LoggerFactory),
            EnableArc = EnableArc,
            Reader = Reader?.Freeze(nameof(Reader)),
            Cache = (Cache ?? new CachingDnsResolverOptions()).Freeze(nameof(Cache), time, LoggerFactory),
            ShareDnsCache = ShareDnsCache,
            AuthServId = CheckAuthServId(AuthServId),
            CheckHelo = CheckHelo,
            EnableSenderId = EnableSenderId,
            EnableDomainKeys = EnableDomainKeys,
            DomainKeys = (DomainKeys ?? new DomainKeysVerifierOptions()).Freeze(nameof(DomainKeys), time, allowRsaSha1: EnableDomainKeys ? true : null),
            EnableAdsp = EnableAdsp,
            Adsp = (Adsp ?? new AdspOptions()).Freeze(nameof(Adsp), time),
            Timeout = OptionChecks.Budget(Timeout, nameof(Timeout)),
            TimeProvider = time,
            LoggerFactory = LoggerFactory,
        };
    }

    // The host name when it is a usable domain name (a host name set to something odd must not break every field).
    private static string ReadHostName()
    {
        string name;
        try
        {
            name = System.Net.Dns.GetHostName().Trim().TrimEnd('.').ToLowerInvariant();
        }
        catch (System.Net.Sockets.SocketException)
        {
            return "localhost";
        }

        return DomainName.IsValid(name, DomainNameRules.AllowSingleLabel | DomainNameRules.AllowUnderscore) ? name : "localhost";
    }

    // RFC 8601 §2.5: the authserv-id is a value (token or quoted-string) written into the field; a CR or LF would
    // end the field early (header injection), so control characters are refused when the authenticator is built.
    private static string CheckAuthServId(string? value)
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
}
