using MailAuth.Dkim;
using MailAuth.Text;

namespace MailAuth.DomainKeys;

/// <summary>
/// Limits and policy for <see cref="DomainKeysVerifier"/> (historic: draft-delany-domainkeys-base-06 / RFC 4870).
/// Validated once into a frozen copy when the verifier is built (docs/options.md).
/// </summary>
public sealed class DomainKeysVerifierOptions
{
    private bool _frozen;

    /// <summary>
    /// The historic-protocols switch: whether rsa-sha1, DomainKeys' only algorithm, may pass. RFC 8301 §3.1 retired
    /// rsa-sha1 for DKIM; it is accepted here only, and only when this is on. When off, every signature gets
    /// <see cref="DomainKeysStatus.Policy"/> (<see cref="DomainKeysProblem.WeakAlgorithm"/>) without a DNS query.
    /// <see cref="MessageAuthenticator"/> turns it on when <see cref="MessageAuthenticatorOptions.EnableDomainKeys"/> is set.
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool AllowRsaSha1 { get; init; }

    /// <summary>The most DomainKey-Signature fields evaluated per message, topmost first; the rest get <see cref="DomainKeysProblem.TooManySignatures"/>.</summary>
    /// <value>Default 10; 1 to 1000.</value>
    public int MaxSignatures { get; init; } = 10;

    /// <summary>The smallest RSA key accepted (§3.2.3: verifiers MUST support 512 to 2048 bits; RFC 8301's 1024-bit floor is DKIM's).</summary>
    /// <value>Default 512; 512 to 2048.</value>
    public int MinRsaKeyBits { get; init; } = 512;

    /// <summary>The largest RSA key accepted (§3.2.4: 2048 bits is the largest key that fits a 512-byte UDP answer); larger keys are rejected before any RSA operation.</summary>
    /// <value>Default 2048; at least <see cref="MinRsaKeyBits"/>, at most 16384.</value>
    public int MaxRsaKeyBits { get; init; } = 2048;

    /// <summary>The most header field names in <c>h=</c> (a CPU guard; the draft sets no limit).</summary>
    /// <value>Default 256; at least 1.</value>
    public int MaxSignedHeaders { get; init; } = 256;

    /// <summary>The time budget for one message's key look-ups (and the hashing while they run); look-ups still pending then give <see cref="DomainKeysStatus.TempError"/>.</summary>
    /// <value>Default 30 seconds; at most 49 days; <see cref="Timeout.InfiniteTimeSpan"/> for none.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The time budget of each key look-up on its own, inside <see cref="Timeout"/>.</summary>
    /// <value>Default 10 seconds; at most 49 days; <see cref="Timeout.InfiniteTimeSpan"/> for none.</value>
    public TimeSpan MaxKeyLookupTime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A cache of parsed key records (the DKIM one can be shared: the records live at the same names), or <see langword="null"/>.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public IDkimPublicKeyCache? PublicKeyCache { get; init; }

    /// <summary>The clock of the time budgets. Replaced by the facade's when <see cref="MessageAuthenticator"/> builds the verifier.</summary>
    /// <value>Default <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks every value and returns a private copy (docs/options.md).</summary>
    /// <param name="path">The path of these options inside enclosing options (e.g. <c>DomainKeys</c>).</param>
    /// <param name="timeProvider">The clock to use instead of <see cref="TimeProvider"/>, or <see langword="null"/>.</param>
    /// <param name="allowRsaSha1">Forces <see cref="AllowRsaSha1"/> on (the facade's opt-in), or <see langword="null"/>.</param>
    /// <returns>The frozen copy.</returns>
    internal DomainKeysVerifierOptions Freeze(string? path = null, TimeProvider? timeProvider = null, bool? allowRsaSha1 = null)
    {
        if (_frozen && path is null && timeProvider is null && allowRsaSha1 is null)
        {
            return this;
        }

        int min = OptionChecks.InRange(MinRsaKeyBits, 512, 2048, OptionChecks.Name(path, nameof(MinRsaKeyBits)));
        return new DomainKeysVerifierOptions
        {
            AllowRsaSha1 = allowRsaSha1 ?? AllowRsaSha1,
            MaxSignatures = OptionChecks.InRange(MaxSignatures, 1, 1000, OptionChecks.Name(path, nameof(MaxSignatures))),
            MinRsaKeyBits = min,
            MaxRsaKeyBits = OptionChecks.InRange(MaxRsaKeyBits, min, 16384, OptionChecks.Name(path, nameof(MaxRsaKeyBits))),
            MaxSignedHeaders = OptionChecks.AtLeast(MaxSignedHeaders, 1, OptionChecks.Name(path, nameof(MaxSignedHeaders))),
            Timeout = OptionChecks.Budget(Timeout, OptionChecks.Name(path, nameof(Timeout))),
            MaxKeyLookupTime = OptionChecks.Budget(MaxKeyLookupTime, OptionChecks.Name(path, nameof(MaxKeyLookupTime))),
            PublicKeyCache = PublicKeyCache,
            TimeProvider = timeProvider ?? OptionChecks.NotNull(TimeProvider, OptionChecks.Name(path, nameof(TimeProvider))),
            _frozen = true,
        };
    }
}
