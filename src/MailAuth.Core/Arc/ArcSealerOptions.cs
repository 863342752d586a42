using MailAuth.Dkim;
using MailAuth.Text;

namespace MailAuth.Arc;

/// <summary>
/// How <see cref="ArcSealer"/> builds the ARC-Message-Signature and ARC-Seal (RFC 8617 §4.1.2, §4.1.3). Validated once
/// into a frozen copy when the sealer is built (docs/options.md).
/// </summary>
public sealed class ArcSealerOptions
{
    private static readonly string[] Excluded = ["ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results", "Authentication-Results"];

    private bool _frozen;

    /// <summary>
    /// The exact AMS <c>h=</c> list, in order; must include From and must not include ARC header fields or
    /// Authentication-Results (RFC 8617 §4.1.2). <see langword="null"/> signs every field present of
    /// <see cref="DkimMessageSignerOptions.RecommendedHeaders"/> plus the DKIM-Signature fields (§4.1.2: "SHOULD include
    /// any DKIM-Signature header fields already present").
    /// </summary>
    /// <value>Default <see langword="null"/>.</value>
    public IReadOnlyList<string>? SignedHeaders { get; init; }

    /// <summary>The AMS header canonicalization (the AS always uses relaxed, §4.1.3).</summary>
    /// <value>Default <see cref="DkimCanonicalization.Relaxed"/>.</value>
    public DkimCanonicalization HeaderCanonicalization { get; init; } = DkimCanonicalization.Relaxed;

    /// <summary>The AMS body canonicalization.</summary>
    /// <value>Default <see cref="DkimCanonicalization.Relaxed"/>.</value>
    public DkimCanonicalization BodyCanonicalization { get; init; } = DkimCanonicalization.Relaxed;

    /// <summary>Whether to write <c>t=</c> in the AMS and AS (from <see cref="TimeProvider"/>).</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool IncludeTimestamp { get; init; } = true;

    /// <summary>The folding column.</summary>
    /// <value>Default 78; 40 to 998.</value>
    public int LineLength { get; init; } = 78;

    /// <summary>The clock for <c>t=</c>.</summary>
    /// <value>Default <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Writes the tags in alphabetical order (a, b, bh, c, cv, d, h, i, s, t) instead of the ABNF order with the instance
    /// first (RFC 8617 §4.1.2 <c>arc-ams-info = instance [CFWS] ";" tag-list</c>); the layout of the ARC test suite's
    /// reference signer, used to reproduce its signatures byte for byte.
    /// </summary>
    internal bool AlphabeticalTags { get; init; }

    /// <summary>Checks every value and returns a private copy.</summary>
    /// <param name="path">The path of these options inside enclosing options.</param>
    /// <returns>The frozen copy.</returns>
    internal ArcSealerOptions Freeze(string? path = null)
    {
        if (_frozen && path is null)
        {
            return this;
        }

        string[]? signed = null;
        if (SignedHeaders is not null)
        {
            string name = OptionChecks.Name(path, nameof(SignedHeaders));
            signed = OptionChecks.Copy(SignedHeaders, name);
            foreach (string header in signed)
            {
                if (header.Length == 0 || header.Any(c => c is < '!' or > '~' or ':'))
                {
                    throw new ArgumentException($"{name}: '{header}' is not a header field name (RFC 5322 §3.6.8).", name);
                }

                if (Excluded.Contains(header, StringComparer.OrdinalIgnoreCase))
                {
                    throw new ArgumentException($"{name}: RFC 8617 §4.1.2: {header} must not be signed by the AMS.", name);
                }
            }

            if (!signed.Contains("From", StringComparer.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"{name}: RFC 6376 §5.4: the signed header fields must include From.", name);
            }
        }

        return new ArcSealerOptions
        {
            SignedHeaders = signed,
            HeaderCanonicalization = OptionChecks.Defined(HeaderCanonicalization, OptionChecks.Name(path, nameof(HeaderCanonicalization))),
            BodyCanonicalization = OptionChecks.Defined(BodyCanonicalization, OptionChecks.Name(path, nameof(BodyCanonicalization))),
            IncludeTimestamp = IncludeTimestamp,
            AlphabeticalTags = AlphabeticalTags,
            LineLength = OptionChecks.InRange(LineLength, 40, 998, OptionChecks.Name(path, nameof(LineLength))),
            TimeProvider = OptionChecks.NotNull(TimeProvider, OptionChecks.Name(path, nameof(TimeProvider))),
            _frozen = true,
        };
    }
}
