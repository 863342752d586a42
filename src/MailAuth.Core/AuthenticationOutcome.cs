using MailAuth.Arc;
using MailAuth.AuthResults;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.DomainKeys;
using MailAuth.Messages;
using MailAuth.Spf;

namespace MailAuth;

/// <summary>
/// Every result <see cref="MessageAuthenticator"/> produced for one message: SPF for the MAIL FROM (or HELO) identity
/// and for HELO, each DKIM signature, the ARC chain, DMARC with its disposition, optionally Sender ID, and the problem met reading the
/// message. <see cref="ToAuthenticationResults()"/> writes the Authentication-Results field (RFC 8601).
/// </summary>
public sealed class AuthenticationOutcome
{
    internal AuthenticationOutcome(
        SmtpContext context,
        string authServId,
        SpfResult spf,
        SpfResult? spfHelo,
        IReadOnlyList<DkimResult> dkim,
        DmarcResult dmarc,
        SpfResult? senderId,
        MessageReadError? readError,
        IReadOnlyList<DomainKeysResult>? domainKeys = null,
        IReadOnlyList<AdspResult>? adsp = null,
        ArcResult? arc = null)
    {
        DomainKeys = domainKeys;
        Adsp = adsp;
        Arc = arc ?? new ArcResult(ArcProblem.None, null, hasChain: false);
        Context = context;
        AuthServId = authServId;
        Spf = spf;
        SpfHelo = spfHelo;
        Dkim = dkim;
        Dmarc = dmarc;
        SenderId = senderId;
        ReadError = readError;
    }

    /// <summary>The SMTP context the message was checked with.</summary>
    public SmtpContext Context { get; }

    /// <summary>The authserv-id from <see cref="MessageAuthenticatorOptions.AuthServId"/>.</summary>
    public string AuthServId { get; }

    /// <summary>
    /// SPF for the MAIL FROM identity (RFC 7208 §2.4); for the null reverse-path, the check of <c>postmaster@HELO</c>
    /// (<see cref="SpfResult.Identity"/> is then <see cref="SpfIdentity.Helo"/>). This is the result DMARC uses.
    /// </summary>
    public SpfResult Spf { get; }

    /// <summary>
    /// SPF for the HELO identity (RFC 7208 §2.3) when it was checked separately; for the null reverse-path this is the
    /// same object as <see cref="Spf"/>; <see langword="null"/> without a HELO name or with
    /// <see cref="MessageAuthenticatorOptions.CheckHelo"/> off.
    /// </summary>
    public SpfResult? SpfHelo { get; }

    /// <summary>One result per DKIM-Signature field, top first; empty for an unsigned message (<c>dkim=none</c>).</summary>
    public IReadOnlyList<DkimResult> Dkim { get; }

    /// <summary>The DMARC result for the RFC5322.From domain(s).</summary>
    public DmarcResult Dmarc { get; }

    /// <summary>
    /// The ARC chain validation (RFC 8617 §5.2) with its sealers and their recorded results, for a policy layer that
    /// overrides DMARC for trusted sealers (RFC 8617 §7.2.1, RFC 9989 local policy). DMARC itself does not use it.
    /// <see cref="ArcStatus.None"/> when <see cref="MessageAuthenticatorOptions.EnableArc"/> is off or there is no chain.
    /// </summary>
    public ArcResult Arc { get; }

    /// <summary>The Sender ID (PRA) result (RFC 4406), or <see langword="null"/> when it was not run.</summary>
    public SpfResult? SenderId { get; }

    /// <summary>
    /// One result per DomainKey-Signature field, top first (empty = <c>domainkeys=none</c>), or <see langword="null"/>
    /// when <see cref="MessageAuthenticatorOptions.EnableDomainKeys"/> is off (historic, docs/legacy.md).
    /// </summary>
    public IReadOnlyList<DomainKeysResult>? DomainKeys { get; }

    /// <summary>
    /// One ADSP result per author domain (RFC 5617), or <see langword="null"/> when
    /// <see cref="MessageAuthenticatorOptions.EnableAdsp"/> is off (historic, docs/legacy.md).
    /// </summary>
    public IReadOnlyList<AdspResult>? Adsp { get; }

    /// <summary>Why the message could not be read, or <see langword="null"/>; then DKIM and DMARC are <c>permerror</c>.</summary>
    public MessageReadError? ReadError { get; }

    /// <summary>
    /// What DMARC asks to do with the message (RFC 7489 §6.3, RFC 9989 §5.3): <see cref="DmarcPolicy.None"/> unless
    /// DMARC failed, then the applicable policy after <c>pct</c>/<c>t=y</c>. Local policy may override it (RFC 7489 §6.7).
    /// </summary>
    public DmarcPolicy Disposition => Dmarc.Disposition;

    /// <summary>The Authentication-Results field value as a model, with this report's authserv-id (RFC 8601 §2.2).</summary>
    /// <returns>The model; one method result per check.</returns>
    public AuthResultsHeader ToAuthenticationResultsModel() => ToAuthenticationResultsModel(AuthServId);

    /// <summary>The Authentication-Results field value as a model (RFC 8601 §2.2).</summary>
    /// <param name="authServId">The authserv-id (RFC 8601 §2.5).</param>
    /// <returns>The model; one method result per check.</returns>
    public AuthResultsHeader ToAuthenticationResultsModel(string authServId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(authServId);
        return new AuthResultsHeader(authServId, OutcomeMapping.ToMethodResults(this));
    }

    /// <summary>
    /// The whole <c>Authentication-Results:</c> header field (RFC 8601 §2.2), folded, without the final CRLF, e.g.
    /// <c>Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=alice@example.com; dkim=pass header.d=example.com …; dmarc=pass header.from=example.com</c>.
    /// </summary>
    /// <returns>The field text, with this report's authserv-id.</returns>
    public string ToAuthenticationResults() => ToAuthenticationResults(AuthServId);

    /// <summary>The whole <c>Authentication-Results:</c> header field (RFC 8601 §2.2), folded, without the final CRLF.</summary>
    /// <param name="authServId">The authserv-id (RFC 8601 §2.5).</param>
    /// <returns>The field text.</returns>
    public string ToAuthenticationResults(string authServId) => AuthResultsFormatter.Format(ToAuthenticationResultsModel(authServId));

    /// <inheritdoc />
    public override string ToString() => string.Join("; ", OutcomeMapping.ToMethodResults(this));
}
