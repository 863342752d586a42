using System.Buffers;
using System.IO.Pipelines;
using MailAuth.AuthResults;
using MailAuth.Arc;
using MailAuth.Diagnostics;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.DomainKeys;
using MailAuth.Messages;
using MailAuth.Spf;
using Microsoft.Extensions.Logging;

namespace MailAuth;

/// <summary>
/// One call from a received message and its SMTP context to every authentication result and the
/// Authentication-Results field: SPF (RFC 7208) for MAIL FROM and HELO and DKIM (RFC 6376) run concurrently through one
/// caching resolver, then DMARC (RFC 7489 / RFC 9989) for the From domain using their results.
/// </summary>
/// <remarks>
/// Immutable and thread-safe after construction: create one per process (or per configuration) and share it. Bad mail
/// and DNS failures are results, never exceptions; only null arguments and the caller's cancellation throw.
/// </remarks>
public sealed class MessageAuthenticator
{
    private const string TimeBudgetExceeded = "time budget for the message exceeded";

    private readonly IDnsResolver _userResolver;
    private readonly Engines? _shared;
    private readonly MessageReader _reader;
    private readonly SpfOptions _spfOptions;
    private readonly DkimMessageVerifierOptions _dkimOptions;
    private readonly DmarcOptions _dmarcOptions;
    private readonly ArcChainValidatorOptions? _arcOptions;
    private readonly CachingDnsResolverOptions _cacheOptions;
    private readonly string _authServId;
    private readonly bool _checkHelo;
    private readonly bool _senderId;
    private readonly DomainKeysVerifierOptions? _domainKeysOptions;
    private readonly AdspOptions? _adspOptions;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates an authenticator.</summary>
    /// <param name="resolver">
    /// The DNS resolver, e.g. <see cref="DnsClientResolver"/> (or <see cref="ZoneFileResolver"/> in tests). It is wrapped
    /// in a <see cref="CachingDnsResolver"/> unless it already is one; see <see cref="MessageAuthenticatorOptions.ShareDnsCache"/>.
    /// </param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults. Validated and copied: later changes have no effect.</param>
    /// <exception cref="ArgumentException">
    /// An option is invalid (out of range, or an <see cref="MessageAuthenticatorOptions.AuthServId"/> with a control
    /// character); <see cref="ArgumentException.ParamName"/> names it, with its path (e.g. <c>Dkim.MaxSignatures</c>).
    /// </exception>
    public MessageAuthenticator(IDnsResolver resolver, MessageAuthenticatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        bool shared = (options?.ShareDnsCache ?? true) || resolver is CachingDnsResolver;
        options = (options ?? new MessageAuthenticatorOptions()).Freeze(shared);
        _userResolver = resolver;
        _reader = options.Reader is null ? MessageReader.Default : new MessageReader(options.Reader);
        _spfOptions = options.Spf!;
        _dkimOptions = options.Dkim!;
        _dmarcOptions = options.Dmarc!;
        _arcOptions = options.EnableArc ? options.Arc : null;
        _cacheOptions = options.Cache!;
        _authServId = options.AuthServId;
        _checkHelo = options.CheckHelo;
        _senderId = options.EnableSenderId;
        _domainKeysOptions = options.EnableDomainKeys ? options.DomainKeys : null;
        _adspOptions = options.EnableAdsp ? options.Adsp : null;
        _timeout = options.Timeout;
        _timeProvider = options.TimeProvider;
        _logger = Telemetry.CreateLogger(options.LoggerFactory, MailAuthDiagnostics.AuthenticatorCategory);
        if (shared)
        {
            _shared = CreateEngines();
        }
    }

    /// <summary>The authserv-id used for Authentication-Results (RFC 8601 §2.5).</summary>
    public string AuthServId => _authServId;

    /// <summary>
    /// The resolver the checks use: the shared <see cref="CachingDnsResolver"/>, or the resolver given to the
    /// constructor when each call gets its own cache.
    /// </summary>
    public IDnsResolver Resolver => _shared?.Resolver ?? _userResolver;

    /// <summary>Authenticates a message that has been read with <see cref="MessageReader"/>.</summary>
    /// <param name="message">The message; it must stay undisposed until the returned task completes.</param>
    /// <param name="context">The SMTP client address, HELO name and MAIL FROM.</param>
    /// <param name="cancellationToken">Cancels the work (then <see cref="OperationCanceledException"/> is thrown).</param>
    /// <returns>The report.</returns>
    public Task<AuthenticationOutcome> AuthenticateAsync(RawMessage message, SmtpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(context);
        return AuthenticateCoreAsync(message, null, context, cancellationToken);
    }

    /// <summary>Reads <paramref name="message"/> once and authenticates it; a message that cannot be read gives a report with <see cref="AuthenticationOutcome.ReadError"/>.</summary>
    /// <param name="message">The message bytes as received (CRLF or bare LF line endings).</param>
    /// <param name="context">The SMTP client address, HELO name and MAIL FROM.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The report.</returns>
    public Task<AuthenticationOutcome> AuthenticateAsync(ReadOnlyMemory<byte> message, SmtpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return AuthenticateReadAsync(_reader.Read(message), context, cancellationToken);
    }

    /// <summary>Reads <paramref name="message"/> to its end once and authenticates it. I/O errors of the stream itself propagate.</summary>
    /// <param name="message">The message stream.</param>
    /// <param name="context">The SMTP client address, HELO name and MAIL FROM.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The report.</returns>
    public async Task<AuthenticationOutcome> AuthenticateAsync(Stream message, SmtpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(context);
        return await AuthenticateReadAsync(await _reader.ReadAsync(message, cancellationToken).ConfigureAwait(false), context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads <paramref name="message"/> (e.g. the buffer an SMTP server hands over) once and authenticates it; see <see cref="AuthenticateAsync(ReadOnlyMemory{byte}, SmtpContext, CancellationToken)"/>.</summary>
    /// <param name="message">The message bytes as received, in one or more segments.</param>
    /// <param name="context">The SMTP client address, HELO name and MAIL FROM.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The report.</returns>
    public Task<AuthenticationOutcome> AuthenticateAsync(ReadOnlySequence<byte> message, SmtpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return AuthenticateReadAsync(_reader.Read(message), context, cancellationToken);
    }

    /// <summary>Reads <paramref name="message"/> to its end once and authenticates it. The reader is not completed.</summary>
    /// <param name="message">The pipe holding the message.</param>
    /// <param name="context">The SMTP client address, HELO name and MAIL FROM.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The report.</returns>
    public async Task<AuthenticationOutcome> AuthenticateAsync(PipeReader message, SmtpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(context);
        return await AuthenticateReadAsync(await _reader.ReadAsync(message, cancellationToken).ConfigureAwait(false), context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Forgery protection (RFC 8601 §5): the message's header fields without the Authentication-Results fields that
    /// claim our authserv-id. Write these, then the field from <see cref="AuthenticationOutcome.ToAuthenticationResults()"/>.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <returns>The fields to keep, in order.</returns>
    public IReadOnlyList<HeaderField> RemoveForgedAuthenticationResults(RawMessage message) => AuthResultsFilter.RemoveOwn(message, _authServId);

    // The message read is disposed once its checks are done; a message that could not be read gives the ReadError report.
    private async Task<AuthenticationOutcome> AuthenticateReadAsync(MessageReadResult read, SmtpContext context, CancellationToken cancellationToken)
    {
        using RawMessage? raw = read.Message;
        return await AuthenticateCoreAsync(raw, read.Error, context, cancellationToken).ConfigureAwait(false);
    }

    private Engines CreateEngines()
    {
        IDnsResolver resolver = _userResolver as CachingDnsResolver ?? (IDnsResolver)new CachingDnsResolver(_userResolver, _cacheOptions);
        return new Engines(
            resolver,
            new SpfEvaluator(resolver, _spfOptions),
            new DkimMessageVerifier(resolver, _dkimOptions),
            new DmarcEvaluator(resolver, _dmarcOptions),
            _senderId ? new SenderIdEvaluator(resolver, _spfOptions) : null,
            _domainKeysOptions is null ? null : new DomainKeysVerifier(resolver, _domainKeysOptions),
            _adspOptions is null ? null : new AdspEvaluator(resolver, _adspOptions),
            _arcOptions is null ? null : new ArcChainValidator(resolver, _arcOptions));
    }

    private async Task<AuthenticationOutcome> AuthenticateCoreAsync(RawMessage? message, MessageReadError? readError, SmtpContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var call = EngineCall.Start("mailauth.authenticate", "message", Telemetry.VerifyDuration);
        call.Activity?.SetTag(Telemetry.ClientAddressTag, context.ClientIp.ToString());
        if (readError is not null)
        {
            AuthenticatorLog.Unreadable(_logger, context.ClientIp, readError.Kind, readError.Offset);
        }

        AuthenticationOutcome outcome = await AuthenticateChecksAsync(message, readError, context, cancellationToken).ConfigureAwait(false);
        call.Complete(outcome.Dmarc.Keyword, count: false);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            AuthenticatorLog.Authenticated(_logger, context.ClientIp, outcome.Spf.Keyword, outcome.Dkim.Count, outcome.Dkim.Count(d => d.Status == DkimStatus.Pass), outcome.Dmarc.Keyword, outcome.Dmarc.AuthorDomain);
        }

        return outcome;
    }

    private async Task<AuthenticationOutcome> AuthenticateChecksAsync(RawMessage? message, MessageReadError? readError, SmtpContext context, CancellationToken cancellationToken)
    {
        Engines engines = _shared ?? CreateEngines();
        using CancellationTokenSource? timer = _timeout == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(_timeout, _timeProvider);
        using CancellationTokenSource? budget = timer is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        CancellationToken token = budget?.Token ?? cancellationToken;

        // DMARC decides from aligned identifiers only. Its policy discovery starts with the other checks and tells which
        // DKIM d= domains could align with the From domain; key look-ups for the others are cancelled then, so a
        // spoofer's own slow DNS cannot use up the budget and turn the From domain's p=reject into temperror.
        AuthorDomains? author = message is null ? null : AuthorDomains.Extract(GetFromValues(message), engines.Dmarc.Options.MaxAuthorDomains);
        Task<Func<string, bool>>? alignmentScope = author is null ? null : engines.Dmarc.GetAlignmentScopeAsync(author, token);

        // Start every independent check before awaiting any: SPF (MAIL FROM, HELO), DKIM and Sender ID wait on DNS together.
        Task<SpfResult> spfTask;
        Task<SpfResult>? heloTask = null;
        if (context.IsNullReversePath)
        {
            // RFC 7208 §2.4: with the null reverse-path the MAIL FROM check is the HELO check (postmaster@HELO).
            spfTask = context.Helo is null
                ? Task.FromResult(SpfNone(context, "null reverse-path and no HELO name: no identity to check"))
                : WithinBudgetAsync("spf", engines.Spf.CheckHeloAsync(context.ClientIp, context.Helo, token), cancellationToken, () => SpfExpired(context, SpfIdentity.Helo));
        }
        else
        {
            spfTask = WithinBudgetAsync("spf", engines.Spf.CheckMailFromAsync(context.ClientIp, context.MailFrom, context.Helo, token), cancellationToken, () => SpfExpired(context, SpfIdentity.MailFrom));
            if (_checkHelo && context.Helo is not null)
            {
                heloTask = WithinBudgetAsync("spf", engines.Spf.CheckHeloAsync(context.ClientIp, context.Helo, token), cancellationToken, () => SpfExpired(context, SpfIdentity.Helo));
            }
        }

        Task<IReadOnlyList<DkimResult>> dkimTask = message is null
            ? Task.FromResult<IReadOnlyList<DkimResult>>([new DkimResult(-1, DkimProblem.MalformedMessage, "message could not be read: " + readError)])
            : WithinBudgetAsync("dkim", engines.Dkim.VerifyAsync(message, alignmentScope, token), cancellationToken, () => (IReadOnlyList<DkimResult>)[new DkimResult(-1, DkimProblem.DnsFailure, TimeBudgetExceeded)]);

        Task<SpfResult>? senderIdTask = engines.SenderId is { } senderId && message is not null
            ? WithinBudgetAsync("sender-id", senderId.CheckPraAsync(context.ClientIp, message.Headers, context.Helo, token), cancellationToken, () => SpfExpired(context, SpfIdentity.Pra))
            : null;

        // The historic checks, when enabled: DomainKeys beside DKIM; ADSP once DKIM tells whether an Author Domain Signature passed.
        Task<IReadOnlyList<DomainKeysResult>>? domainKeysTask = engines.DomainKeys is not { } domainKeys ? null
            : message is null ? Task.FromResult<IReadOnlyList<DomainKeysResult>>([new DomainKeysResult(-1, DomainKeysProblem.MalformedMessage, "message could not be read: " + readError)])
            : WithinBudgetAsync("domainkeys", domainKeys.VerifyAsync(message, token), cancellationToken, () => (IReadOnlyList<DomainKeysResult>)[new DomainKeysResult(-1, DomainKeysProblem.DnsFailure, TimeBudgetExceeded)]);

        // ARC (RFC 8617 §5.2) is reported, not fed to DMARC: a policy layer may use it to override DMARC (§7.2.1).
        Task<ArcResult>? arcTask = engines.Arc is { } arcValidator && message is not null
            ? WithinBudgetAsync("arc", arcValidator.ValidateAsync(message, token), cancellationToken, () => new ArcResult(ArcProblem.TimeBudgetExceeded, TimeBudgetExceeded, hasChain: true))
            : null;

        IReadOnlyList<DkimResult> dkim = await dkimTask.ConfigureAwait(false);
        Task<IReadOnlyList<AdspResult>>? adspTask = engines.Adsp is not { } adspEvaluator ? null
            : message is null ? Task.FromResult<IReadOnlyList<AdspResult>>([new AdspResult(AdspStatus.PermError, AdspProblem.MalformedMessage, "message could not be read: " + readError)])
            : WithinBudgetAsync("dkim-adsp", new ValueTask<IReadOnlyList<AdspResult>>(adspEvaluator.EvaluateAsync(message, dkim, token)), cancellationToken, () => (IReadOnlyList<AdspResult>)[new AdspResult(AdspStatus.TempError, AdspProblem.DnsFailure, TimeBudgetExceeded)]);
        Task<DmarcResult> dmarcTask;
        if (message is null)
        {
            dmarcTask = Task.FromResult(new DmarcResult(DmarcStatus.PermError, DmarcProblem.MalformedMessage, "message could not be read: " + readError) { Mode = engines.Dmarc.Options.Mode });
        }
        else
        {
            // An SPF check still running for a domain that cannot align does not change DMARC: evaluate without
            // waiting for it (its own budget may be longer than what is left of the message's).
            Func<string, bool> scope = await alignmentScope!.ConfigureAwait(false);
            DmarcSpfInput spfInput = spfTask.IsCompleted || SpfDomain(context) is not { } spfDomain || scope(spfDomain)
                ? OutcomeMapping.ToDmarcInput(await spfTask.ConfigureAwait(false))
                : new DmarcSpfInput(DmarcAuthResult.TempError, spfDomain, context.IsNullReversePath ? DmarcSpfScope.Helo : DmarcSpfScope.MailFrom);
            dmarcTask = WithinBudgetAsync(
                "dmarc",
                engines.Dmarc.EvaluateAsync(author!, spfInput, OutcomeMapping.ToDmarcInputs(dkim), token),
                cancellationToken,
                () => new DmarcResult(DmarcStatus.TempError, DmarcProblem.Timeout, TimeBudgetExceeded) { Mode = engines.Dmarc.Options.Mode });
        }

        SpfResult spf = await spfTask.ConfigureAwait(false);
        SpfResult? helo = heloTask is null ? (context.IsNullReversePath && context.Helo is not null ? spf : null) : await heloTask.ConfigureAwait(false);
        SpfResult? pra = senderIdTask is null ? null : await senderIdTask.ConfigureAwait(false);
        DmarcResult dmarc = await dmarcTask.ConfigureAwait(false);
        IReadOnlyList<DomainKeysResult>? domainKeyResults = domainKeysTask is null ? null : await domainKeysTask.ConfigureAwait(false);
        IReadOnlyList<AdspResult>? adsp = adspTask is null ? null : await adspTask.ConfigureAwait(false);
        ArcResult? arc = arcTask is null ? null : await arcTask.ConfigureAwait(false);

        return new AuthenticationOutcome(context, _authServId, spf, helo, dkim, dmarc, pra, readError, domainKeyResults, adsp, arc);
    }

    // The domain SPF checks for DMARC (RFC 7489 §3.1.2): the MAIL FROM domain, or the HELO name for the null reverse-path.
    private static string? SpfDomain(SmtpContext context)
    {
        if (context.IsNullReversePath)
        {
            return context.Helo;
        }

        int at = context.MailFrom.LastIndexOf('@');
        return at < 0 ? context.MailFrom : context.MailFrom[(at + 1)..];
    }

    private static List<string> GetFromValues(RawMessage message)
    {
        var values = new List<string>(1);
        foreach (HeaderField field in message.GetFields("From"))
        {
            values.Add(field.GetValueText());
        }

        return values;
    }

    // The caller's cancellation propagates; the expiry of the time budget becomes the check's temperror result.
    private async Task<T> WithinBudgetAsync<T>(string check, ValueTask<T> pending, CancellationToken callerToken, Func<T> expired)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            // The engine was cancelled before it had a result: count and log the temperror given in its place.
            Telemetry.CountResult(check, "temperror");
            AuthenticatorLog.BudgetExceeded(_logger, _timeout, check);
            return expired();
        }
    }

    private static SpfResult SpfExpired(SmtpContext context, SpfIdentity identity) =>
        SpfFor(context, identity, SpfStatus.TempError, SpfProblem.Timeout, TimeBudgetExceeded);

    private static SpfResult SpfNone(SmtpContext context, string reason) => SpfFor(context, SpfIdentity.Helo, SpfStatus.None, SpfProblem.NoIdentity, reason);

    private static SpfResult SpfFor(SmtpContext context, SpfIdentity identity, SpfStatus code, SpfProblem problem, string reason)
    {
        string sender = identity == SpfIdentity.MailFrom && !context.IsNullReversePath ? context.MailFrom : context.Helo is null ? string.Empty : "postmaster@" + context.Helo;
        int at = sender.LastIndexOf('@');
        string domain = at < 0 ? sender : sender[(at + 1)..];
        return new SpfResult(code, identity, context.ClientIp, domain, sender, context.Helo, null, null, reason) { Problem = problem };
    }

    private sealed record Engines(IDnsResolver Resolver, SpfEvaluator Spf, DkimMessageVerifier Dkim, DmarcEvaluator Dmarc, SenderIdEvaluator? SenderId, DomainKeysVerifier? DomainKeys, AdspEvaluator? Adsp, ArcChainValidator? Arc);
}
