using System.Buffers;
using System.Security.Cryptography;
using MailAuth.Text;

namespace MailAuth.Srs;

/// <summary>
/// The Sender Rewriting Scheme (the forwarding fix of guide 4.2.1.2, as specified by Shevek's "Sender Rewriting Scheme"
/// paper and implemented by Mail::SRS and postsrsd): a forwarder rewrites the envelope sender into its own domain so
/// that SPF passes at the next hop, and encodes the original sender with a hash and a day stamp, so that a bounce can
/// be sent back and a forged bounce is refused.
/// <code>
/// SRS0=HHHH=TT=example.com=alice@forwarder.example                    (first hop)
/// SRS1=HHHH=forwarder.example==HHHH=TT=example.com=alice@next.example (forwarded again: points back at the first hop)
/// </code>
/// The hash is HMAC-SHA1 keyed with the secret over the lower-cased fields, in base64, cut to
/// <see cref="SrsOptions.HashLength"/> characters; it is compared case-sensitively first, then ignoring case, because
/// relays change the case of local parts. The stamp is the day number modulo 1024 in two base32 characters.
/// Immutable and safe to share across threads. Bad addresses give an <see cref="SrsResult"/> with an
/// <see cref="SrsError"/>, never an exception.
/// </summary>
public sealed class SrsRewriter
{
    // RFC 4648 §6 base32 alphabet; the stamp uses two of its digits (10 bits: 1024 days).
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const int TimestampSlots = 1024;
    private const int SecondsPerDay = 86_400;

    // RFC 5321 §4.1.2 atext, plus "." of Dot-string: a local part made only of these needs no quoting and can be
    // carried inside another local part. One table lookup per character.
    private static readonly SearchValues<char> LocalPartChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.");

    private readonly SrsOptions _options;

    /// <summary>Creates a rewriter; validates <paramref name="options"/> (docs/options.md).</summary>
    /// <param name="options">The secrets and settings.</param>
    /// <exception cref="ArgumentException">An option is out of range or no secret is given; the message names the option.</exception>
    public SrsRewriter(SrsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Freeze();
    }

    /// <summary>The validated settings this rewriter uses.</summary>
    public SrsOptions Options => _options;

    /// <summary>The SRS form of an address's local part (by its <c>SRS0</c>/<c>SRS1</c> prefix only; nothing is verified).</summary>
    /// <param name="address">An address, or <see langword="null"/>.</param>
    /// <returns>The form; <see cref="SrsAddressKind.None"/> for anything else.</returns>
    public static SrsAddressKind GetKind(string? address)
    {
        if (address is null)
        {
            return SrsAddressKind.None;
        }

        int at = address.LastIndexOf('@');
        return KindOf(at < 0 ? address.AsSpan() : address.AsSpan(0, at));
    }

    /// <summary>
    /// Rewrites an envelope sender into the alias domain: <c>SRS0</c> for an ordinary address, <c>SRS1</c> for an SRS
    /// address from another forwarder. The null reverse-path and a sender already in the alias domain are returned as
    /// they are (<see cref="SrsResult.Rewritten"/> <see langword="false"/>) unless <see cref="SrsOptions.AlwaysRewrite"/>.
    /// </summary>
    /// <param name="sender">The MAIL FROM address without angle brackets; empty for the null reverse-path.</param>
    /// <param name="alias">The forwarder's domain, or an address in it (only the domain is used).</param>
    /// <returns>The rewritten address, or an error.</returns>
    public SrsResult Forward(string? sender, string alias)
    {
        ArgumentNullException.ThrowIfNull(alias);
        sender ??= string.Empty;
        if (sender.Length == 0 || sender == "<>")
        {
            // RFC 5321 §4.5.5: a bounce keeps the null reverse-path; there is nothing to send a bounce of a bounce to.
            return new SrsResult { Address = string.Empty, Reason = "null reverse-path is not rewritten" };
        }

        if (sender.Length > _options.MaxAddressLength || alias.Length > _options.MaxAddressLength)
        {
            return SrsResult.Fail(SrsError.TooLong, $"address longer than {_options.MaxAddressLength} characters");
        }

        int aliasAt = alias.LastIndexOf('@');
        string aliasHost = aliasAt < 0 ? alias : alias[(aliasAt + 1)..];
        if (!IsHost(aliasHost))
        {
            return SrsResult.Fail(SrsError.Malformed, $"alias '{aliasHost}' is not a domain name");
        }

        if (!TrySplit(sender, out string local, out string host, out SrsResult? error))
        {
            return error;
        }

        if (!_options.AlwaysRewrite && string.Equals(host, aliasHost, StringComparison.OrdinalIgnoreCase))
        {
            return new SrsResult { Address = sender, Kind = KindOf(local), Reason = "sender is already in the alias domain" };
        }

        string rewritten;
        SrsAddressKind kind = KindOf(local);
        SrsAddressKind written = SrsAddressKind.Srs1;
        if (kind == SrsAddressKind.Srs0)
        {
            // Guarded scheme: SRS1=HASH=host=<rest of the SRS0 local part after "SRS0">; the hash covers host and rest.
            string rest = local[4..];
            rewritten = Compose("SRS1", [host, rest]);
        }
        else if (kind == SrsAddressKind.Srs1)
        {
            // Forwarding an SRS1 address again: keep its first-hop host and SRS0 part, re-hash them with our secret.
            if (!TrySplitFields(local.AsSpan(5), 3, out string[] fields) || !IsHost(fields[1]))
            {
                return SrsResult.Fail(SrsError.Malformed, "SRS1 local part has no first-hop host", kind);
            }

            rewritten = Compose("SRS1", [fields[1], fields[2]]);
        }
        else
        {
            written = SrsAddressKind.Srs0;
            rewritten = Compose("SRS0", [Timestamp(CurrentDay()), host, local]);
        }

        string address = rewritten + "@" + aliasHost;
        if (address.Length > _options.MaxAddressLength)
        {
            return SrsResult.Fail(SrsError.TooLong, $"rewritten address would be longer than {_options.MaxAddressLength} characters");
        }

        return new SrsResult { Address = address, Kind = written, Rewritten = true, Reason = "rewritten" };
    }

    /// <summary>
    /// Decodes an SRS address (the recipient of a bounce): checks the hash under every secret and, for <c>SRS0</c>, the
    /// timestamp. An <c>SRS1</c> address decodes to the <c>SRS0</c> address at the first forwarder, which the bounce is
    /// sent on to. Case-insensitive, as relays change case.
    /// </summary>
    /// <param name="address">The address, without angle brackets. Any string is accepted.</param>
    /// <returns>The original address, or an error (never an exception).</returns>
    public SrsResult Reverse(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return SrsResult.Fail(SrsError.Malformed, "empty address");
        }

        if (address.Length > _options.MaxAddressLength)
        {
            return SrsResult.Fail(SrsError.TooLong, $"address longer than {_options.MaxAddressLength} characters");
        }

        if (!TrySplit(address, out string local, out _, out SrsResult? error))
        {
            return error;
        }

        SrsAddressKind kind = KindOf(local);
        return kind switch
        {
            SrsAddressKind.Srs0 => ReverseSrs0(local),
            SrsAddressKind.Srs1 => ReverseSrs1(local),
            _ => SrsResult.Fail(SrsError.NotSrs, "local part does not start with SRS0 or SRS1"),
        };
    }

    // SRS0 local part: SRS0 sep HASH = TT = host = local (the original local part may itself hold "=").
    private SrsResult ReverseSrs0(string local)
    {
        if (!TrySplitFields(local.AsSpan(5), 4, out string[] f))
        {
            return SrsResult.Fail(SrsError.Malformed, "SRS0 local part needs hash, timestamp, domain and local part", SrsAddressKind.Srs0);
        }

        if (!IsHost(f[2]))
        {
            return SrsResult.Fail(SrsError.Malformed, $"SRS0 domain '{f[2]}' is not a domain name", SrsAddressKind.Srs0);
        }

        if (f[1].Length != 2 || Base32.IndexOf(char.ToUpperInvariant(f[1][0])) < 0 || Base32.IndexOf(char.ToUpperInvariant(f[1][1])) < 0)
        {
            return SrsResult.Fail(SrsError.BadTimestamp, $"timestamp '{f[1]}' is not two base32 characters", SrsAddressKind.Srs0);
        }

        SrsResult? hashError = VerifyHash(f[0], [f[1], f[2], f[3]], SrsAddressKind.Srs0, out int secret, out bool folded);
        if (hashError is not null)
        {
            return hashError;
        }

        int stamp = (Base32.IndexOf(char.ToUpperInvariant(f[1][0])) * 32) + Base32.IndexOf(char.ToUpperInvariant(f[1][1]));
        if (!IsFresh(stamp))
        {
            return SrsResult.Fail(SrsError.Expired, $"timestamp '{f[1]}' is older than {_options.MaxAgeDays} days", SrsAddressKind.Srs0);
        }

        return new SrsResult { Address = f[3] + "@" + f[2], Kind = SrsAddressKind.Srs0, SecretIndex = secret, HashCaseFolded = folded, Reason = "decoded" };
    }

    // SRS1 local part: SRS1 sep HASH = first-hop-host = <rest of an SRS0 local part, starting with its separator>.
    private SrsResult ReverseSrs1(string local)
    {
        if (!TrySplitFields(local.AsSpan(5), 3, out string[] f))
        {
            return SrsResult.Fail(SrsError.Malformed, "SRS1 local part needs hash, first-hop domain and SRS0 part", SrsAddressKind.Srs1);
        }

        if (f[0].Contains('.'))
        {
            return SrsResult.Fail(SrsError.UnsafeSrs1, "SRS1 address without a hash (unsafe old format)", SrsAddressKind.Srs1);
        }

        if (!IsHost(f[1]))
        {
            return SrsResult.Fail(SrsError.Malformed, $"SRS1 first-hop domain '{f[1]}' is not a domain name", SrsAddressKind.Srs1);
        }

        SrsResult? hashError = VerifyHash(f[0], [f[1], f[2]], SrsAddressKind.Srs1, out int secret, out bool folded);
        if (hashError is not null)
        {
            return hashError;
        }

        return new SrsResult { Address = "SRS0" + f[2] + "@" + f[1], Kind = SrsAddressKind.Srs1, SecretIndex = secret, HashCaseFolded = folded, Reason = "decoded to the first forwarder's SRS0 address" };
    }

    private static SrsAddressKind KindOf(ReadOnlySpan<char> local)
    {
        if (local.Length < 5 || local[4] is not ('=' or '+' or '-') || !local.StartsWith("SRS", StringComparison.OrdinalIgnoreCase))
        {
            return SrsAddressKind.None;
        }

        return local[3] switch
        {
            '0' => SrsAddressKind.Srs0,
            '1' => SrsAddressKind.Srs1,
            _ => SrsAddressKind.None,
        };
    }

    // Splits at the last "@" (the domain of an address has none); refuses empty parts, a domain that is not a host name
    // and a local part that would need quoting (RFC 5321 §4.1.2 Quoted-string: it could not be carried inside ours).
    private static bool TrySplit(string address, out string local, out string host, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out SrsResult? error)
    {
        int at = address.LastIndexOf('@');
        local = at > 0 ? address[..at] : string.Empty;
        host = at >= 0 ? address[(at + 1)..] : string.Empty;
        if (at <= 0 || host.Length == 0)
        {
            error = SrsResult.Fail(SrsError.Malformed, "address is not local-part@domain");
            return false;
        }

        if (local.AsSpan().IndexOfAnyExcept(LocalPartChars) >= 0)
        {
            error = SrsResult.Fail(SrsError.Malformed, "local part has characters that need quoting (space, control, '@', non-ASCII, ...)");
            return false;
        }

        if (!IsHost(host))
        {
            error = SrsResult.Fail(SrsError.Malformed, $"domain '{host}' is not a domain name");
            return false;
        }

        error = null;
        return true;
    }

    // A host name in LDH syntax; a single label and "_" are tolerated as mail systems use them.
    private static bool IsHost(string host) => DomainName.IsValid(host, DomainNameRules.AllowSingleLabel | DomainNameRules.AllowUnderscore);

    // Splits on "=" into exactly `count` fields, the last taking the rest; every field must be non-empty.
    private static bool TrySplitFields(ReadOnlySpan<char> text, int count, out string[] fields)
    {
        fields = new string[count];
        for (int i = 0; i < count - 1; i++)
        {
            int eq = text.IndexOf('=');
            if (eq <= 0)
            {
                return false;
            }

            fields[i] = text[..eq].ToString();
            text = text[(eq + 1)..];
        }

        fields[count - 1] = text.ToString();
        return text.Length > 0;
    }

    private string Compose(string tag, ReadOnlySpan<string> hashed)
    {
        string hash = FullHash(_options.SecretKeys[0], hashed)[.._options.HashLength];
        var text = new System.Text.StringBuilder(tag.Length + 64);
        text.Append(tag).Append(_options.Separator).Append(hash);
        foreach (string field in hashed)
        {
            text.Append('=').Append(field);
        }

        return text.ToString();
    }

    // HMAC-SHA1(secret, lower-cased concatenation of the fields), base64 without padding (27 characters), as Mail::SRS's
    // hash_create. The fields are ASCII here (checked by TrySplit), so lower-casing ASCII letters is the whole folding.
    private static string FullHash(byte[] key, ReadOnlySpan<string> fields)
    {
        int length = 0;
        foreach (string field in fields)
        {
            length += field.Length;
        }

        byte[] data = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            int n = 0;
            foreach (string field in fields)
            {
                foreach (char c in field)
                {
                    data[n++] = (byte)(c is >= 'A' and <= 'Z' ? c + 32 : c);
                }
            }

            Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
#pragma warning disable CA5350 // SRS defines HMAC-SHA1; Mail::SRS and postsrsd must be able to decode our addresses.
            HMACSHA1.HashData(key, data.AsSpan(0, n), mac);
#pragma warning restore CA5350
            return Convert.ToBase64String(mac)[..SrsOptions.MaxHashCharacters];
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(data);
        }
    }

    // Mail::SRS hash_verify: every secret, exact match first, then ignoring case (a relay smashed the local part's case).
    private SrsResult? VerifyHash(string hash, ReadOnlySpan<string> fields, SrsAddressKind kind, out int secret, out bool folded)
    {
        secret = -1;
        folded = false;
        if (hash.Length < _options.MinHashLength || hash.Length > SrsOptions.MaxHashCharacters || hash.AsSpan().IndexOfAnyExcept(Base64Chars) >= 0)
        {
            return SrsResult.Fail(SrsError.HashTooShort, $"hash '{hash}' is shorter than {_options.MinHashLength} base64 characters or not base64", kind);
        }

        byte[][] keys = _options.SecretKeys;
        var expected = new string[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            expected[i] = FullHash(keys[i], fields)[..hash.Length];
            if (FixedTimeEquals(expected[i], hash, ignoreCase: false))
            {
                secret = i;
                return null;
            }
        }

        for (int i = 0; i < keys.Length; i++)
        {
            if (FixedTimeEquals(expected[i], hash, ignoreCase: true))
            {
                secret = i;
                folded = true;
                return null;
            }
        }

        return SrsResult.Fail(SrsError.BadHash, "hash does not match under any secret (forged, altered or another secret)", kind);
    }

    private static readonly SearchValues<char> Base64Chars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

    private static bool FixedTimeEquals(string a, string b, bool ignoreCase)
    {
        Span<byte> x = stackalloc byte[SrsOptions.MaxHashCharacters];
        Span<byte> y = stackalloc byte[SrsOptions.MaxHashCharacters];
        for (int i = 0; i < a.Length; i++)
        {
            x[i] = (byte)(ignoreCase ? char.ToLowerInvariant(a[i]) : a[i]);
            y[i] = (byte)(ignoreCase ? char.ToLowerInvariant(b[i]) : b[i]);
        }

        return CryptographicOperations.FixedTimeEquals(x[..a.Length], y[..b.Length]);
    }

    private long CurrentDay() => _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds() / SecondsPerDay;

    private static string Timestamp(long day)
    {
        int slot = (int)(day % TimestampSlots);
        return string.Concat(Base32[slot / 32], Base32[slot % 32]);
    }

    // Mail::SRS timestamp_check: valid from the stamped day through MaxAge days later, modulo the 1024-day cycle; a stamp
    // "from the future" is one cycle old and so expired.
    private bool IsFresh(int stamp)
    {
        int now = (int)(CurrentDay() % TimestampSlots);
        if (now < stamp)
        {
            now += TimestampSlots;
        }

        return now <= stamp + _options.MaxAgeDays;
    }
}
