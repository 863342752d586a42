using Microsoft.Extensions.Logging;
using MailAuth.Text;

namespace MailAuth.Dkim;

/// <summary>
/// Limits and policy for <see cref="DkimMessageVerifier"/>. Validated once into a frozen copy when the verifier is built
/// (docs/options.md); later changes to this object do not affect it.
/// </summary>
public sealed class DkimMessageVerifierOptions
{
    // Set on the copies Freeze makes: checked already, and nobody else holds a reference that could change.
    private bool _frozen;

    /// <summary>
    /// The most DKIM-Signature fields evaluated per message, topmost first (RFC 6376 §6.1 lets verifiers limit the work;
    /// §8.4 on denial of service). Fields beyond the limit get a <see cref="DkimStatus.PermError"/> result with
    /// <see cref="DkimProblem.TooManySignatures"/> and cause no DNS query and no hashing.
    /// </summary>
    /// <value>Default 10; 1 to 1000.</value>
    public int MaxSignatures { get; init; } = 10;

    /// <summary>Whether rsa-sha1 signatures may pass (RFC 8301 §3.1: verifiers MAY, and should not, accept them).</summary>
    /// <value>Default <see langword="false"/>: rsa-sha1 signatures get <see cref="DkimStatus.Policy"/> / <see cref="DkimProblem.WeakAlgorithm"/>.</value>
    public bool AllowRsaSha1 { get; init; }

    /// <summary>The smallest RSA key accepted, in bits (RFC 8301 §3.2: keys under 1024 bits MUST NOT be considered valid).</summary>
    /// <value>Default 1024; at least 512.</value>
    public int MinRsaKeyBits { get; init; } = 1024;

    /// <summary>The largest RSA key accepted, in bits: a guard against CPU exhaustion by huge keys. Larger keys are rejected before any RSA operation.</summary>
    /// <value>Default 8192; at least <see cref="MinRsaKeyBits"/>, at most 16384.</value>
    public int MaxRsaKeyBits { get; init; } = 8192;

    /// <summary>
    /// How far in the future <c>t=</c> may be before the signature is rejected (RFC 6376 §3.5 lets verifiers reject
    /// signatures from the future), and how long after <c>x=</c> an expired signature is still accepted.
    /// </summary>
    /// <value>Default 15 minutes; zero or more.</value>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Whether a <c>t=</c> in the future (beyond <see cref="ClockSkew"/>) makes the signature fail with <see cref="DkimProblem.FutureTimestamp"/>.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool RejectFutureTimestamps { get; init; } = true;

    /// <summary>Whether an <c>x=</c> in the past makes the signature fail with <see cref="DkimProblem.SignatureExpired"/> (RFC 6376 §6.1.1 says it MUST).</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool EnforceExpiration { get; init; } = true;

    /// <summary>The most header field names in <c>h=</c> (a CPU guard; RFC 6376 sets no limit).</summary>
    /// <value>Default 256; at least 1.</value>
    public int MaxSignedHeaders { get; init; } = 256;

    /// <summary>
    /// Whether a signature whose <c>l=</c> leaves part of the body unsigned gets <see cref="DkimStatus.Policy"/> with
    /// <see cref="DkimProblem.BodyLengthAppend"/> instead of a pass, when that part holds anything but whitespace or is
    /// longer than <see cref="MaxUnsignedBodyLength"/> (RFC 6376 §8.2: anyone may append content after the signed
    /// part). Such a signature then does not count for DMARC. <see cref="DkimResult.UnsignedBodyLength"/> is reported either way.
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool RejectBodyLengthAppend { get; init; } = true;

    /// <summary>The most unsigned canonical body octets after <c>l=</c> tolerated when they are all whitespace (SP, HTAB, CR, LF); see <see cref="RejectBodyLengthAppend"/>.</summary>
    /// <value>Default 1024; zero or more.</value>
    public long MaxUnsignedBodyLength { get; init; } = 1024;

    /// <summary>The time budget for one message's key look-ups; look-ups still pending then give <see cref="DkimStatus.TempError"/>.</summary>
    /// <value>Default 30 seconds; at most 49 days; <see cref="Timeout.InfiniteTimeSpan"/> for none.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The time budget of each key look-up on its own, inside <see cref="Timeout"/>: a signature whose key server is
    /// slow (for example a spoofer's own <c>d=</c> domain) gives <see cref="DkimStatus.TempError"/> for that signature
    /// alone, and leaves the rest of the message's time budget for DMARC.
    /// </summary>
    /// <value>Default 10 seconds; at most 49 days; <see cref="Timeout.InfiniteTimeSpan"/> for none.</value>
    public TimeSpan MaxKeyLookupTime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A cache of parsed key records (saves DNS queries and key imports), or <see langword="null"/> for none.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public IDkimPublicKeyCache? PublicKeyCache { get; init; }

    /// <summary>
    /// The clock for <c>t=</c>/<c>x=</c> checks and the time budgets. Ignored when a <see cref="MessageAuthenticator"/>
    /// builds the verifier: it hands down its own <see cref="MessageAuthenticatorOptions.TimeProvider"/>.
    /// </summary>
    /// <value>Default <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where the verifier logs (category <c>MailAuth.Dkim.Verify</c>; docs/observability.md); <see langword="null"/> for no logs.
    /// Replaced by <see cref="MessageAuthenticatorOptions.LoggerFactory"/> when a <see cref="MessageAuthenticator"/> builds the verifier and that is set.
    /// </summary>
    /// <value>Default <see langword="null"/>.</value>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Checks every value and returns a private copy (docs/options.md).</summary>
    /// <param name="path">The path of these options inside enclosing options (e.g. <c>Dkim</c>), for exception messages.</param>
    /// <param name="timeProvider">The clock to use instead of <see cref="TimeProvider"/> (the facade's), or <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory to use instead of <see cref="LoggerFactory"/> (the facade's), or <see langword="null"/>.</param>
    /// <param name="defaultPublicKeyCache">The key cache to use when <see cref="PublicKeyCache"/> is not set.</param>
    /// <returns>The frozen copy.</returns>
    internal DkimMessageVerifierOptions Freeze(string? path = null, TimeProvider? timeProvider = null, IDkimPublicKeyCache? defaultPublicKeyCache = null, ILoggerFactory? loggerFactory = null)
    {
        if (_frozen && path is null && timeProvider is null && defaultPublicKeyCache is null && loggerFactory is null)
        {
            return this;
        }

        int minRsaKeyBits = OptionChecks.InRange(MinRsaKeyBits, 512, 16384, OptionChecks.Name(path, nameof(MinRsaKeyBits)));
        return new DkimMessageVerifierOptions
        {
            MaxKeyLookupTime = OptionChecks.Budget(MaxKeyLookupTime, OptionChecks.Name(path, nameof(MaxKeyLookupTime))),
            MaxSignatures = OptionChecks.InRange(MaxSignatures, 1, 1000, OptionChecks.Name(path, nameof(MaxSignatures))),
            AllowRsaSha1 = AllowRsaSha1,
            MinRsaKeyBits = minRsaKeyBits,
            MaxRsaKeyBits = OptionChecks.InRange(MaxRsaKeyBits, minRsaKeyBits, 16384, OptionChecks.Name(path, nameof(MaxRsaKeyBits))),
            ClockSkew = OptionChecks.AtLeast(ClockSkew, TimeSpan.Zero, OptionChecks.Name(path, nameof(ClockSkew))),
            RejectFutureTimestamps = RejectFutureTimestamps,
            EnforceExpiration = EnforceExpiration,
            MaxSignedHeaders = OptionChecks.AtLeast(MaxSignedHeaders, 1, OptionChecks.Name(path, nameof(MaxSignedHeaders))),
            RejectBodyLengthAppend = RejectBodyLengthAppend,
            MaxUnsignedBodyLength = OptionChecks.AtLeast(MaxUnsignedBodyLength, 0L, OptionChecks.Name(path, nameof(MaxUnsignedBodyLength))),
            Timeout = OptionChecks.Budget(Timeout, OptionChecks.Name(path, nameof(Timeout))),
            PublicKeyCache = PublicKeyCache ?? defaultPublicKeyCache,
            LoggerFactory = loggerFactory ?? LoggerFactory,
            TimeProvider = timeProvider ?? OptionChecks.NotNull(TimeProvider, OptionChecks.Name(path, nameof(TimeProvider))),
            _frozen = true,
        };
    }
}
