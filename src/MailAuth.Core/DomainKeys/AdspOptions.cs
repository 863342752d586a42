using MailAuth.Text;

namespace MailAuth.DomainKeys;

/// <summary>Limits for <see cref="AdspEvaluator"/> (historic: RFC 5617). Validated once into a frozen copy when the evaluator is built.</summary>
public sealed class AdspOptions
{
    private bool _frozen;

    /// <summary>The most author domains looked up per message (RFC 5617 §3: one look-up per author address); further ones are not looked up.</summary>
    /// <value>Default 8; 1 to 100.</value>
    public int MaxAuthorDomains { get; init; } = 8;

    /// <summary>The time budget of one author domain's look-ups (existence and record, run concurrently); then the result is <see cref="AdspStatus.TempError"/>.</summary>
    /// <value>Default 10 seconds; at most 49 days; <see cref="Timeout.InfiniteTimeSpan"/> for none.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock of the time budget. Replaced by the facade's when <see cref="MessageAuthenticator"/> builds the evaluator.</summary>
    /// <value>Default <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks every value and returns a private copy (docs/options.md).</summary>
    /// <param name="path">The path of these options inside enclosing options (e.g. <c>Adsp</c>).</param>
    /// <param name="timeProvider">The clock to use instead of <see cref="TimeProvider"/>, or <see langword="null"/>.</param>
    /// <returns>The frozen copy.</returns>
    internal AdspOptions Freeze(string? path = null, TimeProvider? timeProvider = null)
    {
        if (_frozen && path is null && timeProvider is null)
        {
            return this;
        }

        return new AdspOptions
        {
            MaxAuthorDomains = OptionChecks.InRange(MaxAuthorDomains, 1, 100, OptionChecks.Name(path, nameof(MaxAuthorDomains))),
            Timeout = OptionChecks.Budget(Timeout, OptionChecks.Name(path, nameof(Timeout))),
            TimeProvider = timeProvider ?? OptionChecks.NotNull(TimeProvider, OptionChecks.Name(path, nameof(TimeProvider))),
            _frozen = true,
        };
    }
}
