namespace MailAuth.PublicSuffix;

/// <summary>
/// Where the public suffix and the registrable domain start in a looked-up name
/// (the result of <see cref="PublicSuffixList.Match(ReadOnlySpan{char})"/>). Offsets refer to the span that was passed in,
/// so callers can slice it without allocating. RFC 7489 §3.2 calls the registrable domain the Organizational Domain.
/// </summary>
public readonly struct PublicSuffixMatch
{
    internal PublicSuffixMatch(int length, int labelCount, int publicSuffixStart, int publicSuffixLabels, int registrableDomainStart, bool isListed)
    {
        Length = length;
        LabelCount = labelCount;
        PublicSuffixStart = publicSuffixStart;
        PublicSuffixLabelCount = publicSuffixLabels;
        RegistrableDomainStart = registrableDomainStart;
        IsListed = isListed;
    }

    /// <summary><see langword="true"/> when the name was a syntactically usable domain name (no empty labels, valid IDN).</summary>
    public bool IsValid => LabelCount > 0;

    /// <summary>The length of the name without its trailing dot (0 for an invalid name).</summary>
    public int Length { get; }

    /// <summary>The number of labels in the name.</summary>
    public int LabelCount { get; }

    /// <summary>Offset of the public suffix in the input, or -1 for an invalid name.</summary>
    public int PublicSuffixStart { get; }

    /// <summary>The number of labels of the public suffix.</summary>
    public int PublicSuffixLabelCount { get; }

    /// <summary>
    /// Offset of the registrable domain (public suffix plus one label) in the input, or -1 when the name is itself
    /// a public suffix or invalid.
    /// </summary>
    public int RegistrableDomainStart { get; }

    /// <summary><see langword="true"/> when the name has a registrable domain.</summary>
    public bool HasRegistrableDomain => RegistrableDomainStart >= 0;

    /// <summary><see langword="true"/> when the name is itself a public suffix.</summary>
    public bool IsPublicSuffix => LabelCount > 0 && PublicSuffixStart == 0;

    /// <summary>
    /// <see langword="true"/> when a rule of the list matched; <see langword="false"/> when only the implicit
    /// <c>*</c> rule applied (an unlisted top-level domain).
    /// </summary>
    public bool IsListed { get; }

    internal static PublicSuffixMatch Invalid => new(0, 0, -1, 0, -1, false);
}
