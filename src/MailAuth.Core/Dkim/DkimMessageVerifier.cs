using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using MailAuth.Diagnostics;
using MailAuth.Dns;
using MailAuth.Keys;
using MailAuth.Messages;
using MailAuth.Text;
using Microsoft.Extensions.Logging;

namespace MailAuth.Dkim;

/// <summary>
/// Verifies the DKIM-Signature fields of a message (RFC 6376 §6; algorithms of RFC 8301 and RFC 8463). Each field gets
/// its own <see cref="DkimResult"/>. Keys are fetched from <c>selector._domainkey.domain</c> through an
/// <see cref="IDnsResolver"/>, concurrently and while the body is being hashed; the body is read once and hashed once
/// per distinct (body canonicalization, hash algorithm, <c>l=</c>) among the signatures.
/// </summary>
/// <remarks>Immutable and thread-safe; share one instance. Bad mail and DNS failures are results, never exceptions.</remarks>
public sealed class DkimMessageVerifier
{
    private const string FieldName = "DKIM-Signature";
    private readonly IDnsResolver _resolver;
    private readonly DkimMessageVerifierOptions _options;
    private readonly TimeProvider _time;
    private readonly DkimKeyLocator _keys;
    private readonly ILogger _logger;

    /// <summary>Creates a verifier.</summary>
    /// <param name="resolver">Where key records come from.</param>
    /// <param name="options">Limits, policy and clock; <see langword="null"/> for the defaults. Validated and copied: later changes have no effect.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public DkimMessageVerifier(IDnsResolver resolver, DkimMessageVerifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _resolver = resolver;
        _options = (options ?? new DkimMessageVerifierOptions()).Freeze();
        _time = _options.TimeProvider;
        _keys = new DkimKeyLocator(resolver, _options.PublicKeyCache, _options.Timeout, _options.MaxKeyLookupTime, _time);
        _logger = Telemetry.CreateLogger(_options.LoggerFactory, MailAuthDiagnostics.DkimVerifyCategory);
    }

    /// <summary>The options in effect (a validated copy).</summary>
    public DkimMessageVerifierOptions Options => _options;

    /// <summary>Verifies every DKIM-Signature field of <paramref name="message"/>.</summary>
    /// <param name="message">The message as read by <see cref="MessageReader"/>.</param>
    /// <param name="cancellationToken">Cancels verification.</param>
    /// <returns>One result per DKIM-Signature field, top first; empty when the message is not signed ("none").</returns>
    public ValueTask<IReadOnlyList<DkimResult>> VerifyAsync(RawMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return VerifyAsync(message.Headers, message.Body, cancellationToken);
    }

    /// <summary>Reads <paramref name="message"/> with <see cref="MessageReader.Default"/> and verifies it.</summary>
    /// <param name="message">The message bytes.</param>
    /// <param name="cancellationToken">Cancels verification.</param>
    /// <returns>The results; a message that cannot be read gives one <see cref="DkimStatus.PermError"/> result with <see cref="DkimProblem.MalformedMessage"/>.</returns>
    public ValueTask<IReadOnlyList<DkimResult>> VerifyAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default) =>
        VerifyReadAsync(MessageReader.Default.Read(message), cancellationToken);

    /// <summary>Reads <paramref name="message"/> (e.g. the buffer an SMTP server hands over) with <see cref="MessageReader.Default"/> and verifies it.</summary>
    /// <param name="message">The message bytes, in one or more segments.</param>
    /// <param name="cancellationToken">Cancels verification.</param>
    /// <returns>The results; see <see cref="VerifyAsync(ReadOnlyMemory{byte}, CancellationToken)"/>.</returns>
    public ValueTask<IReadOnlyList<DkimResult>> VerifyAsync(ReadOnlySequence<byte> message, CancellationToken cancellationToken = default) =>
        VerifyReadAsync(MessageReader.Default.Read(message), cancellationToken);

    /// <summary>Reads <paramref name="message"/> to its end with <see cref="MessageReader.Default"/> and verifies it. The reader is not completed.</summary>
    /// <param name="message">The pipe holding the message.</param>
    /// <param name="cancellationToken">Cancels reading and verification.</param>
    /// <returns>The results; see <see cref="VerifyAsync(ReadOnlyMemory{byte}, CancellationToken)"/>.</returns>
    public async ValueTask<IReadOnlyList<DkimResult>> VerifyAsync(PipeReader message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return await VerifyReadAsync(await MessageReader.Default.ReadAsync(message, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads <paramref name="message"/> with <see cref="MessageReader.Default"/> and verifies it.</summary>
    /// <param name="message">The message stream, read to its end.</param>
    /// <param name="cancellationToken">Cancels reading and verification.</param>
    /// <returns>The results; see <see cref="VerifyAsync(ReadOnlyMemory{byte}, CancellationToken)"/>.</returns>
    public async ValueTask<IReadOnlyList<DkimResult>> VerifyAsync(Stream message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return await VerifyReadAsync(await MessageReader.Default.ReadAsync(message, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    // A message that cannot be read gives one permerror result; the message read is disposed after verification.
    private async ValueTask<IReadOnlyList<DkimResult>> VerifyReadAsync(MessageReadResult read, CancellationToken cancellationToken)
    {
        if (!read.IsSuccess)
        {
            return [new DkimResult(-1, DkimProblem.MalformedMessage, read.Error!.ToString())];
        }

        using var raw = read.Message!;
        return await VerifyAsync(raw, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Verifies with a filter for key look-ups (the facade's DMARC alignment scope): once <paramref name="keyRelevance"/>
    /// completes, a pending look-up whose <c>d=</c> domain it rejects is cancelled and its signature gives
    /// <see cref="DkimStatus.TempError"/>, so a slow key server the From domain does not depend on holds nothing up.
    /// </summary>
    internal ValueTask<IReadOnlyList<DkimResult>> VerifyAsync(RawMessage message, Task<Func<string, bool>>? keyRelevance, CancellationToken cancellationToken)
        => VerifyAsync(message.Headers, message.Body, cancellationToken, keyRelevance);

    /// <summary>The core: verifies the signatures in <paramref name="headers"/> over <paramref name="body"/>.</summary>
    internal async ValueTask<IReadOnlyList<DkimResult>> VerifyAsync(IReadOnlyList<HeaderField> headers, ReadOnlySequence<byte> body, CancellationToken cancellationToken, Task<Func<string, bool>>? keyRelevance = null)
    {
        using var call = EngineCall.Start("mailauth.dkim.verify", "dkim", Telemetry.VerifyDuration);
        IReadOnlyList<DkimResult> results = await VerifyCoreAsync(headers, body, cancellationToken, keyRelevance).ConfigureAwait(false);
        Report(call, results);
        return results;
    }

    // One mailauth.results count and one debug event per signature; the call's result is "pass" when any signature
    // passes, else the first signature's word ("none" without signatures, RFC 8601 §2.7.1).
    private void Report(EngineCall call, IReadOnlyList<DkimResult> results)
    {
        int passed = 0;
        for (int i = 0; i < results.Count; i++)
        {
            // An index loop: foreach over the interface would allocate an enumerator on every call.
            DkimResult result = results[i];
            Telemetry.CountResult("dkim", result.Keyword);
            DkimVerifyLog.Result(_logger, result.Index, result.Domain, result.Selector, result.Keyword, result.Problem);
            if (result.Status == DkimStatus.Pass)
            {
                passed++;
            }
            else if (result.Status == DkimStatus.TempError)
            {
                DkimVerifyLog.KeyTempError(_logger, result.Domain, result.Selector, result.Problem);
            }
        }

        call.Activity?.SetTag(Telemetry.CountTag, results.Count);
        call.Complete(passed > 0 ? "pass" : results.Count == 0 ? "none" : results[0].Keyword, count: false);
        DkimVerifyLog.Verified(_logger, results.Count, passed);
    }

    private async ValueTask<IReadOnlyList<DkimResult>> VerifyCoreAsync(IReadOnlyList<HeaderField> headers, ReadOnlySequence<byte> body, CancellationToken cancellationToken, Task<Func<string, bool>>? keyRelevance)
    {
        var fields = new List<HeaderField>();
        foreach (var header in headers)
        {
            if (header.HasName(FieldName))
            {
                fields.Add(header);
            }
        }

        if (fields.Count == 0)
        {
            return [];
        }

        var results = new DkimResult[fields.Count];
        var pending = new List<Candidate>();
        var now = _time.GetUtcNow();
        for (int i = 0; i < fields.Count; i++)
        {
            string value = DecodeValue(fields[i].Value.Span);
            if (i >= _options.MaxSignatures)
            {
                results[i] = BestEffort(i, value, DkimProblem.TooManySignatures, $"more than {_options.MaxSignatures} DKIM-Signature fields; not evaluated");
                continue;
            }

            if (!DkimSignature.TryParse(value, out var signature, out var error))
            {
                results[i] = BestEffort(i, value, error.Problem, error.ToString());
                continue;
            }

            var (problem, reason) = CheckPolicy(signature, now);
            if (problem != DkimProblem.None)
            {
                results[i] = Describe(i, signature, problem, reason);
                continue;
            }

            pending.Add(new Candidate(i, fields[i], signature));
        }

        if (pending.Count > 0)
        {
            await VerifyCandidatesAsync(headers, body, pending, results, keyRelevance, cancellationToken).ConfigureAwait(false);
        }

        AssignPrefixes(results);
        return results;
    }

    private async ValueTask VerifyCandidatesAsync(IReadOnlyList<HeaderField> headers, ReadOnlySequence<byte> body, List<Candidate> pending, DkimResult[] results, Task<Func<string, bool>>? keyRelevance, CancellationToken cancellationToken)
    {
        // Start every key look-up first so that DNS round trips overlap the body hashing; cached keys need no
        // query and no time budget.
        using var keys = _keys.Begin(keyRelevance, cancellationToken);
        foreach (var candidate in pending)
        {
            candidate.Key = keys.Start(DkimKeyLocator.GetQueryName(candidate.Signature.Selector, candidate.Signature.Domain), candidate.Signature.Domain, out bool queried);
            candidate.KeyQueried = queried;
        }

        // The body hashing observes the caller's token and, when look-ups run, their time budget.
        await VerifyWithKeysAsync(headers, body, pending, results, keys.Token, cancellationToken).ConfigureAwait(false);
        foreach (var candidate in pending)
        {
            if (candidate.KeyQueried && results[candidate.Index] is { } result)
            {
                results[candidate.Index] = result with { DnsQueries = 1 };
            }
        }
    }

    private async ValueTask VerifyWithKeysAsync(IReadOnlyList<HeaderField> headers, ReadOnlySequence<byte> body, List<Candidate> pending, DkimResult[] results, CancellationToken budget, CancellationToken caller)
    {
        using var bodyHashes = new DkimBodyHashSet();
        try
        {
            foreach (var candidate in pending)
            {
                bodyHashes.Add(DkimBodyHashKey.Of(candidate.Signature));
            }

            bodyHashes.Compute(body, budget);
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            foreach (var candidate in pending)
            {
                results[candidate.Index] = Describe(candidate.Index, candidate.Signature, DkimProblem.DnsFailure, "time budget exceeded while hashing the body");
            }

            return;
        }

        foreach (var candidate in pending)
        {
            var signature = candidate.Signature;
            var lookup = await candidate.Key!.ConfigureAwait(false);
            if (lookup.Key is null)
            {
                results[candidate.Index] = Describe(candidate.Index, signature, lookup.Problem, lookup.Reason);
                continue;
            }

            var key = lookup.Key;
            var (problem, reason) = CheckKey(signature, key);
            var (bodyHash, canonicalLength, unsignedContent) = bodyHashes.Get(DkimBodyHashKey.Of(signature));
            long unsigned = signature.BodyLength is { } l && canonicalLength > l ? canonicalLength - l : 0;
            int keyBits = 0;
            if (problem == DkimProblem.None)
            {
                problem = key.CheckUsable(_options.MinRsaKeyBits, _options.MaxRsaKeyBits, out reason, out keyBits);
            }

            if (problem == DkimProblem.None)
            {
                if (signature.BodyLength > canonicalLength)
                {
                    (problem, reason) = (DkimProblem.BodyHashMismatch, $"l={signature.BodyLength} exceeds the canonical body length {canonicalLength}");
                }
                else if (!CryptographicOperations.FixedTimeEquals(bodyHash, signature.BodyHash.Span))
                {
                    (problem, reason) = (DkimProblem.BodyHashMismatch, "body hash did not verify");
                }
                else
                {
                    var raw = candidate.Field.Raw.Span;
                    int valueStart = raw.IndexOf((byte)':') + 1;
                    var range = new Range(valueStart + signature.SignatureValueRange.Start.Value, valueStart + signature.SignatureValueRange.End.Value);
                    byte[] headerHash = DkimHeaderHasher.ComputeHash(headers, signature.SignedHeaders, signature.HeaderCanonicalization, DkimAlgorithms.GetHash(signature.Algorithm), raw, range);
                    problem = key.Verify(signature.Algorithm, headerHash, signature.Signature.Span, _options.MinRsaKeyBits, _options.MaxRsaKeyBits, out reason, out keyBits);
                    if (problem == DkimProblem.SignatureMismatch)
                    {
                        reason ??= "signature did not verify";
                    }
                    else if (problem == DkimProblem.None)
                    {
                        (problem, reason) = CheckUnsignedBody(signature, unsigned, unsignedContent);
                    }
                }
            }

            results[candidate.Index] = Describe(candidate.Index, signature, problem, reason, key, keyBits, unsigned);
        }
    }

    // RFC 6376 §8.2: content after the l= part is unsigned; a verified signature over only part of the body does not
    // count when the rest holds more than whitespace or more than MaxUnsignedBodyLength octets (issue 8 item 4).
    private (DkimProblem, string?) CheckUnsignedBody(DkimSignature signature, long unsigned, bool unsignedContent)
    {
        if (!_options.RejectBodyLengthAppend || unsigned == 0 || (!unsignedContent && unsigned <= _options.MaxUnsignedBodyLength))
        {
            return (DkimProblem.None, null);
        }

        string what = unsignedContent ? "content" : "whitespace";
        return (DkimProblem.BodyLengthAppend, $"l={signature.BodyLength} leaves {unsigned} body octets unsigned ({what} appended after the signed part, RFC 6376 §8.2)");
    }

    private (DkimProblem, string?) CheckPolicy(DkimSignature signature, DateTimeOffset now)
    {
        if (signature.Algorithm == DkimAlgorithm.RsaSha1 && !_options.AllowRsaSha1)
        {
            return (DkimProblem.WeakAlgorithm, "rsa-sha1 is not accepted (RFC 8301 §3.1)");
        }

        if (signature.SignedHeaders.Count > _options.MaxSignedHeaders)
        {
            return (DkimProblem.MalformedSignature, $"h= lists {signature.SignedHeaders.Count} fields, more than the limit of {_options.MaxSignedHeaders}");
        }

        // Compare differences, never x + skew or t - skew: x= and t= reach the year 9999 and the skew may be large
        // (issue 8 item 10); the difference of two DateTimeOffsets always fits a TimeSpan.
        if (_options.EnforceExpiration && signature.Expiration is { } x && now - x > _options.ClockSkew)
        {
            return (DkimProblem.SignatureExpired, $"signature expired at {x:u}");
        }

        if (_options.RejectFutureTimestamps && signature.Timestamp is { } t && t - now > _options.ClockSkew)
        {
            return (DkimProblem.FutureTimestamp, $"t= {t:u} is in the future");
        }

        return (DkimProblem.None, null);
    }

    // RFC 6376 §6.1.2 steps 4-6 and §3.6.1 t=s.
    private static (DkimProblem, string?) CheckKey(DkimSignature signature, DkimPublicKey key)
    {
        if (key.IsRevoked)
        {
            return (DkimProblem.KeyRevoked, "key revoked (empty p=)");
        }

        if (key.KeyType != DkimAlgorithms.GetKeyType(signature.Algorithm))
        {
            return (DkimProblem.KeyAlgorithmMismatch, $"inappropriate key algorithm: k={DkimKeyTypes.GetName(key.KeyType)} for a={DkimAlgorithms.GetName(signature.Algorithm)}");
        }

        string hashName = DkimAlgorithms.GetHashName(signature.Algorithm);
        if (!key.AllowsHash(hashName))
        {
            return (DkimProblem.KeyAlgorithmMismatch, $"inappropriate hash algorithm: key h= does not allow {hashName}");
        }

        if (!key.AllowsEmail)
        {
            return (DkimProblem.KeyAlgorithmMismatch, "key s= does not include email");
        }

        if (key.IsStrict && !signature.IdentityDomain.TrimEnd('.').Equals(signature.Domain.TrimEnd('.'), StringComparison.OrdinalIgnoreCase))
        {
            return (DkimProblem.StrictIdentityMismatch, "key has t=s but the i= domain is a subdomain of d=");
        }

        return (DkimProblem.None, null);
    }

    // Latin-1 keeps one char per byte, so offsets found in the text are byte offsets in the field.
    private static string DecodeValue(ReadOnlySpan<byte> value) => Encoding.Latin1.GetString(value);

    private static DkimResult Describe(int index, DkimSignature signature, DkimProblem problem, string? reason, DkimPublicKey? key = null, int keyBits = 0, long unsignedBody = 0) =>
        new(index, problem, reason)
        {
            Signature = signature,
            Key = key,
            Domain = signature.Domain,
            Selector = signature.Selector,
            Identity = signature.HasIdentity ? signature.Identity : null,
            AlgorithmName = DkimAlgorithms.GetName(signature.Algorithm),
            SignaturePrefix = signature.SignatureBase64,
            KeyBits = keyBits,
            UnsignedBodyLength = unsignedBody,
        };

    // For a field that did not parse: pick out d=, s=, i=, a= and b= as far as the tag-list reads.
    private static DkimResult BestEffort(int index, string value, DkimProblem problem, string reason)
    {
        string? d = null, s = null, i = null, a = null, b = null;
        var reader = new TagListReader(value);
        while (reader.MoveNext())
        {
            var v = reader.CurrentValue;
            switch (reader.CurrentName)
            {
                case "d": d ??= v.ToString(); break;
                case "s": s ??= v.ToString(); break;
                case "i": i ??= v.ToString(); break;
                case "a": a ??= v.ToString(); break;
                case "b":
                    var buffer = new char[v.Length];
                    b ??= new string(buffer, 0, Fws.Strip(v, buffer));
                    break;
            }
        }

        return new DkimResult(index, problem, reason) { Domain = d, Selector = s, Identity = i, AlgorithmName = a, SignaturePrefix = b };
    }

    // RFC 6008 §4: at least 8 characters of b=, more when needed to tell signatures apart.
    private static void AssignPrefixes(DkimResult[] results)
    {
        const int Minimum = 8;
        var full = results.Select(r => r.SignaturePrefix).ToArray();
        for (int i = 0; i < results.Length; i++)
        {
            string? b = full[i];
            if (string.IsNullOrEmpty(b))
            {
                results[i].SignaturePrefix = null;
                continue;
            }

            int length = Math.Min(Minimum, b.Length);
            while (length < b.Length && Collides(full, i, b.AsSpan(0, length)))
            {
                length++;
            }

            results[i].SignaturePrefix = b[..length];
        }
    }

    private static bool Collides(string?[] all, int self, ReadOnlySpan<char> prefix)
    {
        for (int j = 0; j < all.Length; j++)
        {
            if (j != self && all[j] is { } other && other != all[self] && other.AsSpan().StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Candidate(int index, HeaderField field, DkimSignature signature)
    {
        public int Index { get; } = index;

        public HeaderField Field { get; } = field;

        public DkimSignature Signature { get; } = signature;

        /// <summary>The key look-up, once started.</summary>
        public Task<DkimKeyLookup>? Key { get; set; }

        /// <summary>Whether starting <see cref="Key"/> sent a DNS query (not cached, not shared with an earlier signature).</summary>
        public bool KeyQueried { get; set; }
    }
}
