using Microsoft.Extensions.Logging;
using MailAuth.PublicSuffix;
using MailAuth.Text;

namespace MailAuth.Dmarc;

/// <summary>
/// Settings of a <see cref="DmarcEvaluator"/>: the specification mode and every limit, with RFC defaults.
/// Validated once into a frozen copy when the evaluator is built (docs/options.md); later changes do not affect it.
/// </summary>
public sealed class DmarcOptions
{
    // Set on the copies Freeze makes: checked already, and nobody else holds a reference that could change.
    private bool _frozen;

    /// <summary>The RFC 9989 §4.10 query limit of one DNS tree walk.</summary>
    public const int DefaultMaxTreeWalkQueries = 8;

    /// <summary>The specification to follow.</summary>
    /// <value>Default <see cref="DmarcMode.Rfc9989TreeWalk"/>.</value>
    public DmarcMode Mode { get; init; } = DmarcMode.Rfc9989TreeWalk;

    /// <summary>The list used for the Organizational Domain in <see cref="DmarcMode.Rfc7489Psl"/> mode.</summary>
    /// <value>Default <see cref="PublicSuffixList.Default"/> (embedded snapshot, ICANN and PRIVATE sections).</value>
    public PublicSuffixList? PublicSuffixList { get; init; }

    /// <summary>
    /// Replaces the built-in Organizational Domain determination for identifier alignment (both modes) and, in
    /// <see cref="DmarcMode.Rfc7489Psl"/> mode, for policy discovery too. In RFC 9989 mode the policy record is still found by the tree walk.
    /// </summary>
    /// <value>Default <see langword="null"/>: PSL in RFC 7489 mode, tree walk in RFC 9989 mode.</value>
    public IOrganizationalDomainProvider? OrganizationalDomainProvider { get; init; }

    /// <summary>The most DNS queries of one tree walk (RFC 9989 §4.10: eight; labels are skipped beyond it).</summary>
    /// <value>Default 8; 2–127.</value>
    public int MaxTreeWalkQueries { get; init; } = DefaultMaxTreeWalkQueries;

    /// <summary>The most distinct From domains evaluated for one message (RFC 7489 §6.6.1 multi-valued From).</summary>
    /// <value>Default 8; 1–100. Further domains make the result <c>permerror</c> with disposition <c>reject</c> (fail closed, RFC 9989 §11.5): a domain beyond the limit is not looked up, so its policy cannot be honoured.</value>
    public int MaxAuthorDomains { get; init; } = 8;

    /// <summary>
    /// What to do with a message that has several From fields (RFC 5322 §3.6 allows one). <see langword="false"/>
    /// (default, the safe choice): the domains of every From field are evaluated and the strictest failing policy
    /// applies, as for several addresses in one field (RFC 7489 §6.6.1). <see langword="true"/>: the result is
    /// <c>permerror</c> with disposition none — then reject permerror yourself, or a spoofer can add a second From
    /// field to escape the policy.
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool MultipleFromFieldsPermError { get; init; }

    /// <summary>The most distinct authenticated identifier domains whose Organizational Domain is looked up (each may cost a tree walk).</summary>
    /// <value>Default 10; 0–100. Identifiers beyond the limit are treated as not aligned, with a note.</value>
    public int MaxIdentifierDomains { get; init; } = 10;

    /// <summary>
    /// Whether to test the Author Domain's existence (A, AAAA and MX all NXDOMAIN, RFC 9091 §2.7 / RFC 9989 §3.2.13) to apply <c>np</c>.
    /// Only done when the Author Domain is a subdomain of the policy domain and the record has a usable <c>np</c>.
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool CheckNonExistentSubdomains { get; init; } = true;

    /// <summary>
    /// RFC 7489 §6.6.4 <c>pct</c> sampling in <see cref="DmarcMode.Rfc7489Psl"/> mode: returns <see langword="true"/> when this message
    /// is selected for the published policy. Not selected means the next less strict policy (reject→quarantine, quarantine→none).
    /// </summary>
    /// <value>
    /// Default <see langword="null"/>: deterministic — <c>pct=0</c> selects no message, any other value selects every message.
    /// Supply e.g. <c>r =&gt; Random.Shared.Next(100) &lt; r.Percentage</c> for real sampling.
    /// </value>
    public Func<DmarcRecord, bool>? PercentageSampler { get; init; }

    /// <summary>Whether <c>t=y</c> (RFC 9989 §4.7) lowers the applied policy by one level in <see cref="DmarcMode.Rfc9989TreeWalk"/> mode.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool HonorTestingMode { get; init; } = true;

    /// <summary>The overall time budget of one evaluation; when it runs out the result is <c>temperror</c>.</summary>
    /// <value>Default 20 seconds; at most 49 days; <see cref="Timeout.InfiniteTimeSpan"/> for none.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The clock for <see cref="Timeout"/>. Ignored when a <see cref="MessageAuthenticator"/> builds the evaluator: it
    /// hands down its own <see cref="MessageAuthenticatorOptions.TimeProvider"/>.
    /// </summary>
    /// <value>Default <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where the evaluator logs (category <c>MailAuth.Dmarc</c>; docs/observability.md); <see langword="null"/> for no logs.
    /// Replaced by <see cref="MessageAuthenticatorOptions.LoggerFactory"/> when a <see cref="MessageAuthenticator"/> builds the evaluator and that is set.
    /// </summary>
    /// <value>Default <see langword="null"/>.</value>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Checks every value and returns a private copy (docs/options.md); a copy it made is returned as it is.</summary>
    /// <param name="path">The path of these options inside enclosing options (e.g. <c>Dmarc</c>), for exception messages.</param>
    /// <param name="timeProvider">The clock to use instead of <see cref="TimeProvider"/> (the facade's), or <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory to use instead of <see cref="LoggerFactory"/> (the facade's), or <see langword="null"/>.</param>
    /// <returns>The frozen copy.</returns>
    internal DmarcOptions Freeze(string? path = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        if (_frozen && path is null && timeProvider is null && loggerFactory is null)
        {
            return this;
        }

        return new DmarcOptions
        {
            Mode = OptionChecks.Defined(Mode, OptionChecks.Name(path, nameof(Mode))),
            PublicSuffixList = PublicSuffixList,
            OrganizationalDomainProvider = OrganizationalDomainProvider,
            MaxTreeWalkQueries = OptionChecks.InRange(MaxTreeWalkQueries, 2, 127, OptionChecks.Name(path, nameof(MaxTreeWalkQueries))),
            MaxAuthorDomains = OptionChecks.InRange(MaxAuthorDomains, 1, 100, OptionChecks.Name(path, nameof(MaxAuthorDomains))),
            MultipleFromFieldsPermError = MultipleFromFieldsPermError,
            MaxIdentifierDomains = OptionChecks.InRange(MaxIdentifierDomains, 0, 100, OptionChecks.Name(path, nameof(MaxIdentifierDomains))),
            CheckNonExistentSubdomains = CheckNonExistentSubdomains,
            PercentageSampler = PercentageSampler,
            HonorTestingMode = HonorTestingMode,
            Timeout = OptionChecks.Budget(Timeout, OptionChecks.Name(path, nameof(Timeout))),
            LoggerFactory = loggerFactory ?? LoggerFactory,
            TimeProvider = timeProvider ?? OptionChecks.NotNull(TimeProvider, OptionChecks.Name(path, nameof(TimeProvider))),
            _frozen = true,
        };
    }
}
