using Microsoft.Extensions.Logging;
using MailAuth.Text;

namespace MailAuth.Spf;

/// <summary>
/// Limits and settings of <see cref="SpfEvaluator"/>. Defaults are those of RFC 7208 §4.6.4 and §7.
/// Validated once into a frozen copy when the evaluator is built (docs/options.md); later changes do not affect it.
/// </summary>
public sealed class SpfOptions
{
    // Set on the copies Freeze makes: checked already, and nobody else holds a reference that could change.
    private bool _frozen;

    /// <summary>The DNS-querying terms (include, a, mx, ptr, exists, redirect) allowed over the whole evaluation (§4.6.4).</summary>
    /// <value>10; 1 to 1000. One more makes the result <c>permerror</c> before the look-up is made.</value>
    public int MaxDnsLookups { get; init; } = 10;

    /// <summary>The void look-ups (NXDOMAIN or no answer) allowed over the whole evaluation (§4.6.4).</summary>
    /// <value>2; 0 to 1000. One more makes the result <c>permerror</c>.</value>
    public int MaxVoidLookups { get; init; } = 2;

    /// <summary>The MX names one <c>mx</c> mechanism may resolve (§4.6.4).</summary>
    /// <value>10; 1 to 1000. More MX records make the result <c>permerror</c> before any address look-up.</value>
    public int MaxMxNames { get; init; } = 10;

    /// <summary>The PTR names one <c>ptr</c> mechanism or <c>%{p}</c> macro validates (§4.6.4).</summary>
    /// <value>10; 1 to 1000. Further names are ignored, as §4.6.4 requires.</value>
    public int MaxPtrNames { get; init; } = 10;

    /// <summary>The time budget of one evaluation (§4.6.4 suggests at least 20 seconds).</summary>
    /// <value>20 seconds, at most 49 days. When it runs out the result is <c>temperror</c>; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables it.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The longest explanation kept (§6.2); longer ones are cut.</summary>
    /// <value>1024 characters; 16 to 65536.</value>
    public int MaxExplanationLength { get; init; } = 1024;

    /// <summary>
    /// The longest local-part of &lt;sender&gt;, in UTF-8 octets, that the <c>%{l}</c> and <c>%{s}</c> macros expand (RFC 5321 §4.5.3.1.1).
    /// A macro that needs a longer one makes the result <c>permerror</c>; records without such a macro are not affected.
    /// </summary>
    /// <value>64, the RFC 5321 limit; 1 to 4096.</value>
    public int MaxLocalPartLength { get; init; } = 64;

    /// <summary>
    /// The explanation used after a <c>fail</c> when the record has no usable <c>exp=</c> (§6.2 lets the receiver choose one).
    /// It is an explain-string: macros such as <c>%{i}</c> and <c>%{d}</c> are expanded.
    /// </summary>
    /// <value><see langword="null"/>: no explanation.</value>
    public string? DefaultExplanation { get; init; }

    /// <summary>The receiving host's domain name: the <c>%{r}</c> macro (§7.3) and the <c>receiver=</c> key of Received-SPF (§9.1).</summary>
    /// <value>"unknown", as §7.3 prescribes when the name is not known; an empty or white-space value also means "unknown".</value>
    public string ReceiverName { get; init; } = "unknown";

    /// <summary>How many parsed records the evaluator keeps, keyed by record text, so that popular policies are parsed once.</summary>
    /// <value>1024; 0 to 1,000,000; 0 disables the cache.</value>
    public int MaxParsedRecords { get; init; } = 1024;

    /// <summary>
    /// The clock for the time budget and the <c>%{t}</c> macro. Ignored when a <see cref="MessageAuthenticator"/> builds
    /// the evaluator: it hands down its own <see cref="MessageAuthenticatorOptions.TimeProvider"/>.
    /// </summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where the evaluators (SPF and Sender ID) log (category <c>MailAuth.Spf</c>; docs/observability.md); <see langword="null"/> for no logs.
    /// Replaced by <see cref="MessageAuthenticatorOptions.LoggerFactory"/> when a <see cref="MessageAuthenticator"/> builds the evaluators (SPF and Sender ID) and that is set.
    /// </summary>
    /// <value>Default <see langword="null"/>.</value>
    public ILoggerFactory? LoggerFactory { get; init; }

    // The parsed DefaultExplanation, set on the copies Freeze makes.
    internal SpfMacroString? ParsedDefaultExplanation { get; private init; }

    /// <summary>Checks every value and returns a private copy (docs/options.md); a copy it made is returned as it is.</summary>
    /// <param name="path">The path of these options inside enclosing options (e.g. <c>Spf</c>), for exception messages.</param>
    /// <param name="timeProvider">The clock to use instead of <see cref="TimeProvider"/> (the facade's), or <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory to use instead of <see cref="LoggerFactory"/> (the facade's), or <see langword="null"/>.</param>
    /// <returns>The frozen copy.</returns>
    internal SpfOptions Freeze(string? path = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        if (_frozen && path is null && timeProvider is null && loggerFactory is null)
        {
            return this;
        }

        SpfMacroString? explanation = null;
        if (DefaultExplanation is { } text && !SpfMacroString.TryParseExplanation(text, out explanation, out SpfParseError error))
        {
            string name = OptionChecks.Name(path, nameof(DefaultExplanation));
            throw new ArgumentException($"{name} is not a valid explain-string: {error}", name);
        }

        return new SpfOptions
        {
            MaxDnsLookups = OptionChecks.InRange(MaxDnsLookups, 1, 1000, OptionChecks.Name(path, nameof(MaxDnsLookups))),
            MaxVoidLookups = OptionChecks.InRange(MaxVoidLookups, 0, 1000, OptionChecks.Name(path, nameof(MaxVoidLookups))),
            MaxMxNames = OptionChecks.InRange(MaxMxNames, 1, 1000, OptionChecks.Name(path, nameof(MaxMxNames))),
            MaxPtrNames = OptionChecks.InRange(MaxPtrNames, 1, 1000, OptionChecks.Name(path, nameof(MaxPtrNames))),
            Timeout = OptionChecks.Budget(Timeout, OptionChecks.Name(path, nameof(Timeout))),
            MaxExplanationLength = OptionChecks.InRange(MaxExplanationLength, 16, 65536, OptionChecks.Name(path, nameof(MaxExplanationLength))),
            MaxLocalPartLength = OptionChecks.InRange(MaxLocalPartLength, 1, 4096, OptionChecks.Name(path, nameof(MaxLocalPartLength))),
            DefaultExplanation = DefaultExplanation,
            ParsedDefaultExplanation = explanation,
            ReceiverName = string.IsNullOrWhiteSpace(ReceiverName) ? "unknown" : ReceiverName,
            MaxParsedRecords = OptionChecks.InRange(MaxParsedRecords, 0, 1_000_000, OptionChecks.Name(path, nameof(MaxParsedRecords))),
            LoggerFactory = loggerFactory ?? LoggerFactory,
            TimeProvider = timeProvider ?? OptionChecks.NotNull(TimeProvider, OptionChecks.Name(path, nameof(TimeProvider))),
            _frozen = true,
        };
    }
}
