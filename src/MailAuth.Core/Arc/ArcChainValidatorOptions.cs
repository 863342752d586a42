using MailAuth.Dkim;
using MailAuth.Text;

namespace MailAuth.Arc;

/// <summary>
/// Limits and policy for <see cref="ArcChainValidator"/>. Key size and time rules are those of DKIM
/// (<see cref="DkimMessageVerifierOptions"/>). Validated once into a frozen copy when the validator is built
/// (docs/options.md); later changes to this object do not affect it.
/// </summary>
public sealed class ArcChainValidatorOptions
{
    /// <summary>The largest instance RFC 8617 allows (§4.2.1: 1–50).</summary>
    public const int ProtocolMaxInstances = 50;

    // Set on the copies Freeze makes.
    private bool _frozen;

    /// <summary>
    /// The most ARC Sets accepted (RFC 8617 §5.2 step 1: more than 50 is "fail"). A message with more than three times
    /// as many ARC header fields fails before any of them is parsed.
    /// </summary>
    /// <value>Default 50; 1 to 50.</value>
    public int MaxInstances { get; init; } = ProtocolMaxInstances;

    /// <summary>The most octets all ARC header fields of a message may take together (RFC 8617 §9.1 on header growth); more is "fail".</summary>
    /// <value>Default 262144 (256 KiB); at least 1024.</value>
    public int MaxHeaderBytes { get; init; } = 256 * 1024;

    /// <summary>
    /// Whether to determine oldest-pass (RFC 8617 §5.2 step 5, optional): verifies the older AMS fields too, which
    /// costs one more signature verification per hop whose AMS still verifies.
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool DetermineOldestPass { get; init; } = true;

    /// <summary>Whether rsa-sha1 seals and signatures may pass (RFC 8301 §3.1).</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool AllowRsaSha1 { get; init; }

    /// <summary>The smallest RSA key accepted, in bits (RFC 8301 §3.2).</summary>
    /// <value>Default 1024; at least 512.</value>
    public int MinRsaKeyBits { get; init; } = 1024;

    /// <summary>The largest RSA key accepted, in bits (a CPU guard); larger keys are rejected before any RSA operation.</summary>
    /// <value>Default 8192; at least <see cref="MinRsaKeyBits"/>, at most 16384.</value>
    public int MaxRsaKeyBits { get; init; } = 8192;

    /// <summary>How far in the future <c>t=</c> may be, and how long after an AMS <c>x=</c> it is still accepted (RFC 6376 §3.5).</summary>
    /// <value>Default 15 minutes; zero or more.</value>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Whether a <c>t=</c> beyond <see cref="ClockSkew"/> in the future fails the chain (<see cref="ArcProblem.InvalidTimestamp"/>).</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool RejectFutureTimestamps { get; init; } = true;

    /// <summary>The most names in an AMS <c>h=</c> (a CPU guard).</summary>
    /// <value>Default 256; at least 1.</value>
    public int MaxSignedHeaders { get; init; } = 256;

    /// <summary>The time budget of one chain's key look-ups and the body hashing that runs alongside them; then the chain fails (<see cref="ArcProblem.TimeBudgetExceeded"/>, RFC 8617 §5.2.1).</summary>
    /// <value>Default 30 seconds; at most 49 days; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The time budget of each key look-up on its own, inside <see cref="Timeout"/>.</summary>
    /// <value>Default 10 seconds; at most 49 days; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</value>
    public TimeSpan MaxKeyLookupTime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A cache of parsed key records (shared with DKIM when the facade builds the validator), or <see langword="null"/>.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public IDkimPublicKeyCache? PublicKeyCache { get; init; }

    /// <summary>The clock for <c>t=</c>/<c>x=</c> and the budgets; replaced by the facade's when <see cref="MessageAuthenticator"/> builds the validator.</summary>
    /// <value>Default <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks every value and returns a private copy (docs/options.md).</summary>
    /// <param name="path">The path of these options inside enclosing options (e.g. <c>Arc</c>).</param>
    /// <param name="timeProvider">The clock to use instead of <see cref="TimeProvider"/>, or <see langword="null"/>.</param>
    /// <param name="defaultPublicKeyCache">The key cache to use when <see cref="PublicKeyCache"/> is not set.</param>
    /// <returns>The frozen copy.</returns>
    internal ArcChainValidatorOptions Freeze(string? path = null, TimeProvider? timeProvider = null, IDkimPublicKeyCache? defaultPublicKeyCache = null)
    {
        if (_frozen && path is null && timeProvider is null && defaultPublicKeyCache is null)
        {
            return this;
        }

        int minRsaKeyBits = OptionChecks.InRange(MinRsaKeyBits, 512, 16384, OptionChecks.Name(path, nameof(MinRsaKeyBits)));
        return new ArcChainValidatorOptions
        {
            MaxInstances = OptionChecks.InRange(MaxInstances, 1, ProtocolMaxInstances, OptionChecks.Name(path, nameof(MaxInstances))),
            MaxHeaderBytes = OptionChecks.AtLeast(MaxHeaderBytes, 1024, OptionChecks.Name(path, nameof(MaxHeaderBytes))),
            DetermineOldestPass = DetermineOldestPass,
            AllowRsaSha1 = AllowRsaSha1,
            MinRsaKeyBits = minRsaKeyBits,
            MaxRsaKeyBits = OptionChecks.InRange(MaxRsaKeyBits, minRsaKeyBits, 16384, OptionChecks.Name(path, nameof(MaxRsaKeyBits))),
            ClockSkew = OptionChecks.AtLeast(ClockSkew, TimeSpan.Zero, OptionChecks.Name(path, nameof(ClockSkew))),
            RejectFutureTimestamps = RejectFutureTimestamps,
            MaxSignedHeaders = OptionChecks.AtLeast(MaxSignedHeaders, 1, OptionChecks.Name(path, nameof(MaxSignedHeaders))),
            Timeout = OptionChecks.Budget(Timeout, OptionChecks.Name(path, nameof(Timeout))),
            MaxKeyLookupTime = OptionChecks.Budget(MaxKeyLookupTime, OptionChecks.Name(path, nameof(MaxKeyLookupTime))),
            PublicKeyCache = PublicKeyCache ?? defaultPublicKeyCache,
            TimeProvider = timeProvider ?? OptionChecks.NotNull(TimeProvider, OptionChecks.Name(path, nameof(TimeProvider))),
            _frozen = true,
        };
    }
}
