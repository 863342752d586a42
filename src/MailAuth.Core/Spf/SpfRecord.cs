using System.Diagnostics.CodeAnalysis;
using MailAuth.Dns;

namespace MailAuth.Spf;

/// <summary>
/// A parsed SPF record (RFC 7208 §4.5, §4.6, §12): <c>v=spf1</c> followed by mechanisms and modifiers.
/// Parsing is one pass over a span; macro-strings are parsed once into a structure.
/// <see cref="ToString"/> gives the canonical text, which parses back to an equal record.
/// </summary>
public sealed class SpfRecord : IEquatable<SpfRecord>
{
    /// <summary>The version tag of RFC 7208 §4.5.</summary>
    public const string Version1 = "v=spf1";

    private readonly SpfTerm[] _terms;
    private readonly SpfMechanism[] _mechanisms;
    private string? _text;

    private SpfRecord(string version, SpfTerm[] terms, SpfModifier? redirect, SpfModifier? explanation)
    {
        Version = version;
        _terms = terms;
        Redirect = redirect;
        Explanation = explanation;
        int count = 0;
        foreach (SpfTerm term in terms)
        {
            count += term is SpfMechanism ? 1 : 0;
        }

        _mechanisms = count == 0 ? [] : new SpfMechanism[count];
        count = 0;
        foreach (SpfTerm term in terms)
        {
            if (term is SpfMechanism mechanism)
            {
                _mechanisms[count++] = mechanism;
            }
        }
    }

    /// <summary>The version token as written in canonical case: <c>v=spf1</c>, or <c>spf2.0/…</c> for Sender ID records (RFC 4406 §3).</summary>
    public string Version { get; }

    /// <summary>Every term in record order.</summary>
    public IReadOnlyList<SpfTerm> Terms => _terms;

    /// <summary>The mechanisms in record order (§4.6.2: evaluated left to right).</summary>
    public IReadOnlyList<SpfMechanism> Mechanisms => _mechanisms;

    /// <summary>The <c>redirect=</c> modifier (§6.1), or <see langword="null"/>.</summary>
    public SpfModifier? Redirect { get; }

    /// <summary>The <c>exp=</c> modifier (§6.2), or <see langword="null"/>.</summary>
    public SpfModifier? Explanation { get; }

    internal SpfMechanism[] MechanismArray => _mechanisms;

    /// <summary>
    /// <see langword="true"/> when <paramref name="text"/> is an SPF version 1 record by §4.5: it starts with
    /// <c>v=spf1</c> (case-insensitive) followed by a space or the end of the text.
    /// </summary>
    /// <param name="text">The joined TXT record text.</param>
    /// <returns>Whether the record claims to be an SPF record.</returns>
    public static bool IsSpfVersion1(ReadOnlySpan<char> text)
        => text.StartsWith(Version1, StringComparison.OrdinalIgnoreCase) && (text.Length == Version1.Length || text[Version1.Length] == ' ');

    /// <summary>Parses an SPF record (RFC 7208 §4.6, ABNF of §12).</summary>
    /// <param name="text">The record text (TXT strings already joined, §3.3).</param>
    /// <param name="record">The record, or <see langword="null"/> on failure.</param>
    /// <param name="error">The error (message, position, term) on failure.</param>
    /// <returns><see langword="true"/> when the text is a valid SPF record.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SpfRecord? record, out SpfParseError error)
    {
        record = null;
        if (!IsSpfVersion1(text))
        {
            error = new SpfParseError("not an SPF record: it must start with 'v=spf1'", 0, string.Empty);
            return false;
        }

        return TryParseAfterVersion(text, Version1.Length, Version1, out record, out error);
    }

    /// <summary>Parses an SPF record; throws on error.</summary>
    /// <param name="text">The record text.</param>
    /// <returns>The record.</returns>
    /// <exception cref="FormatException">The text is not a valid SPF record.</exception>
    public static SpfRecord Parse(ReadOnlySpan<char> text)
        => TryParse(text, out SpfRecord? record, out SpfParseError error) ? record : throw new FormatException(error.ToString());

    internal static bool TryParseAfterVersion(ReadOnlySpan<char> text, int termsStart, string version, [NotNullWhen(true)] out SpfRecord? record, out SpfParseError error)
    {
        record = null;
        var terms = default(SpfArrayBuilder<SpfTerm>);
        try
        {
            if (!SpfRecordParser.TryParseTerms(text, termsStart, ref terms, out SpfModifier? redirect, out SpfModifier? explanation, out error))
            {
                return false;
            }

            record = new SpfRecord(version, terms.ToArray(), redirect, explanation);
            return true;
        }
        finally
        {
            terms.Dispose();
        }
    }

    /// <summary>
    /// Selects the SPF record among the TXT records of a name (RFC 7208 §4.5): each record's strings are joined
    /// without separators, records that do not start with <c>v=spf1</c> are discarded, and exactly one must remain.
    /// </summary>
    /// <param name="records">The TXT records.</param>
    /// <param name="text">The single SPF record text, or <see langword="null"/>.</param>
    /// <returns>The number of SPF records found: 0 means "none", more than 1 means "permerror".</returns>
    public static int Select(IReadOnlyList<TxtRecord> records, out string? text)
    {
        ArgumentNullException.ThrowIfNull(records);
        text = null;
        int count = 0;
        for (int i = 0; i < records.Count; i++)
        {
            string joined = records[i].Text;
            if (IsSpfVersion1(joined))
            {
                text ??= joined;
                count++;
            }
        }

        if (count != 1)
        {
            text = null;
        }

        return count;
    }

    /// <summary>The canonical record text: the version, then each term in canonical form, separated by one space.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _text ??= _terms.Length == 0 ? Version : Version + " " + string.Join(' ', _terms.Select(t => t.ToString()));

    /// <inheritdoc />
    public bool Equals(SpfRecord? other) => other is not null && string.Equals(Version, other.Version, StringComparison.OrdinalIgnoreCase)
        && _terms.Length == other._terms.Length && _terms.Zip(other._terms).All(p => p.First.Equals(p.Second));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SpfRecord);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_terms.Length, _terms.Length > 0 ? _terms[0].GetHashCode() : 0);
}
