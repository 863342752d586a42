using MailAuth.Text;

namespace MailAuth.Srs;

/// <summary>
/// Settings of an <see cref="SrsRewriter"/>: the secrets, the hash length, the timestamp's maximum age and the separator.
/// The defaults are those of Mail::SRS and postsrsd (hash of 4 characters, 21 days, separator <c>=</c>), so addresses
/// written by either decode here with the same secret and the other way round.
/// Validated once into a frozen copy when the rewriter is built (docs/options.md); later changes do not affect it.
/// </summary>
public sealed class SrsOptions
{
    // Set on the copies Freeze makes: checked already, and nobody else holds a reference that could change.
    private bool _frozen;

    /// <summary>The number of base64 characters of an HMAC-SHA1 value without padding (20 bytes → 27 characters).</summary>
    public const int MaxHashCharacters = 27;

    /// <summary>
    /// The secrets, in order: the first signs new addresses, every one is tried when an address is decoded, so a
    /// secret can be rotated by putting the new one first and keeping the old one for the maximum age. Each is used as
    /// the HMAC-SHA1 key in its UTF-8 bytes, as Mail::SRS and postsrsd use the bytes of their secret.
    /// </summary>
    /// <value>Required: at least one non-empty secret; at most 16.</value>
    public IReadOnlyList<string> Secrets { get; init; } = Array.Empty<string>();

    /// <summary>The number of base64 characters of the hash written into new addresses.</summary>
    /// <value>Default 4 (24 bits, as Mail::SRS and postsrsd); 1–27.</value>
    public int HashLength { get; init; } = 4;

    /// <summary>The fewest hash characters accepted when decoding; a shorter hash is refused as forged.</summary>
    /// <value>Default <see langword="null"/>: the same as <see cref="HashLength"/> (Mail::SRS <c>HashMin</c>); 1–<see cref="HashLength"/>.</value>
    public int? MinHashLength { get; init; }

    /// <summary>
    /// The most days a timestamp may lie in the past. The timestamp counts days modulo 1024 (two base32 characters), so
    /// an address is accepted on the day it was made and the next <see cref="MaxAgeDays"/> days, and again only after the
    /// counter wraps 1024 days later.
    /// </summary>
    /// <value>Default 21 (Mail::SRS and postsrsd); 1–1000.</value>
    public int MaxAgeDays { get; init; } = 21;

    /// <summary>The separator written after <c>SRS0</c>/<c>SRS1</c>; the other separators are always <c>=</c>. Decoding accepts all three.</summary>
    /// <value>Default <c>=</c>; one of <c>=</c>, <c>+</c>, <c>-</c>.</value>
    public char Separator { get; init; } = '=';

    /// <summary>Rewrite also when the sender's domain is the alias domain (Mail::SRS <c>AlwaysRewrite</c>, postsrsd <c>-A</c>).</summary>
    /// <value>Default <see langword="false"/>: such a sender is left as it is.</value>
    public bool AlwaysRewrite { get; init; }

    /// <summary>The longest address accepted as input or produced as output, in characters; longer input is refused.</summary>
    /// <value>Default 512; 64–4096. RFC 5321 §4.5.3.1.3 limits a path to 256 octets, but an SRS1 address of a long original may exceed it.</value>
    public int MaxAddressLength { get; init; } = 512;

    /// <summary>The clock for timestamps.</summary>
    /// <value>Default <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The secrets as HMAC keys (UTF-8), set on frozen copies only.</summary>
    internal byte[][] SecretKeys { get; private init; } = Array.Empty<byte[]>();

    /// <summary>Checks every value and returns a private copy (docs/options.md); a copy it made is returned as it is.</summary>
    /// <param name="path">The path of these options inside enclosing options, for exception messages.</param>
    /// <returns>The frozen copy.</returns>
    internal SrsOptions Freeze(string? path = null)
    {
        if (_frozen && path is null)
        {
            return this;
        }

        string secretsName = OptionChecks.Name(path, nameof(Secrets));
        string[] secrets = OptionChecks.Copy(Secrets, secretsName);
        OptionChecks.InRange(secrets.Length, 1, 16, secretsName + ".Count");
        foreach (string secret in secrets)
        {
            if (string.IsNullOrEmpty(secret))
            {
                throw new ArgumentException($"{secretsName} must not contain an empty secret.", secretsName);
            }
        }

        int hashLength = OptionChecks.InRange(HashLength, 1, MaxHashCharacters, OptionChecks.Name(path, nameof(HashLength)));
        char separator = Separator is '=' or '+' or '-'
            ? Separator
            : throw new ArgumentException($"{OptionChecks.Name(path, nameof(Separator))} must be '=', '+' or '-'.", OptionChecks.Name(path, nameof(Separator)));
        return new SrsOptions
        {
            Secrets = secrets,
            SecretKeys = Array.ConvertAll(secrets, s => System.Text.Encoding.UTF8.GetBytes(s)),
            HashLength = hashLength,
            MinHashLength = OptionChecks.InRange(MinHashLength ?? hashLength, 1, hashLength, OptionChecks.Name(path, nameof(MinHashLength))),
            MaxAgeDays = OptionChecks.InRange(MaxAgeDays, 1, 1000, OptionChecks.Name(path, nameof(MaxAgeDays))),
            Separator = separator,
            AlwaysRewrite = AlwaysRewrite,
            MaxAddressLength = OptionChecks.InRange(MaxAddressLength, 64, 4096, OptionChecks.Name(path, nameof(MaxAddressLength))),
            TimeProvider = OptionChecks.NotNull(TimeProvider, OptionChecks.Name(path, nameof(TimeProvider))),
            _frozen = true,
        };
    }
}
