using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using MailAuth.AuthResults;
using MailAuth.Dkim;
using MailAuth.Dns;
using MailAuth.Keys;
using MailAuth.Messages;
using MailAuth.Text;

namespace MailAuth.Arc;

/// <summary>
/// Validates a message's Authenticated Received Chain (RFC 8617 §5.2) on the DKIM engine: keys through the DKIM key
/// locator (budgets, cache), the body read once for every AMS that needs it, header hashing over the AMS <c>h=</c>
/// fields and over the ARC Sets for each ARC-Seal (§5.1.1). rsa-sha256 and ed25519-sha256 (RFC 8463).
/// </summary>
/// <remarks>Immutable and thread-safe; share one instance. Bad chains and DNS failures are results, never exceptions.</remarks>
public sealed class ArcChainValidator
{
    internal const string SealFieldName = "ARC-Seal";
    internal const string SignatureFieldName = "ARC-Message-Signature";
    internal const string ResultsFieldName = AuthResultsHeader.ArcFieldName;

    private const int Aar = 0;
    private const int Ams = 1;
    private const int Seal = 2;

    private readonly ArcChainValidatorOptions _options;
    private readonly DkimKeyLocator _keys;

    /// <summary>Creates a validator.</summary>
    /// <param name="resolver">Where key records (<c>selector._domainkey.domain</c>) come from.</param>
    /// <param name="options">Limits, policy and clock; <see langword="null"/> for the defaults. Validated and copied.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public ArcChainValidator(IDnsResolver resolver, ArcChainValidatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _options = (options ?? new ArcChainValidatorOptions()).Freeze();
        _keys = new DkimKeyLocator(resolver, _options.PublicKeyCache, _options.Timeout, _options.MaxKeyLookupTime, _options.TimeProvider);
    }

    /// <summary>The options in effect (a validated copy).</summary>
    public ArcChainValidatorOptions Options => _options;

    /// <summary>Validates the chain of <paramref name="message"/>.</summary>
    /// <param name="message">The message as read by <see cref="MessageReader"/>.</param>
    /// <param name="cancellationToken">Cancels validation (then <see cref="OperationCanceledException"/> is thrown).</param>
    /// <returns>The result; <see cref="ArcStatus.None"/> without ARC header fields.</returns>
    public ValueTask<ArcResult> ValidateAsync(RawMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return ValidateAsync(message.Headers, message.Body, cancellationToken);
    }

    /// <summary>Reads <paramref name="message"/> with <see cref="MessageReader.Default"/> and validates its chain.</summary>
    /// <param name="message">The message bytes.</param>
    /// <param name="cancellationToken">Cancels validation.</param>
    /// <returns>The result; a message that cannot be read gives <see cref="ArcStatus.Fail"/> with <see cref="ArcProblem.MalformedMessage"/>.</returns>
    public async ValueTask<ArcResult> ValidateAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        var read = MessageReader.Default.Read(message);
        if (!read.IsSuccess)
        {
            return new ArcResult(ArcProblem.MalformedMessage, "message could not be read: " + read.Error, hasChain: true);
        }

        using var raw = read.Message!;
        return await ValidateAsync(raw, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The core: validates the chain in <paramref name="headers"/> over <paramref name="body"/> (RFC 8617 §5.2 steps 1–7).</summary>
    internal async ValueTask<ArcResult> ValidateAsync(IReadOnlyList<HeaderField> headers, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var state = new Chain();
        if (ReadChain(headers, state, out var scope, out var seals, out var signatures) is { } early)
        {
            return early;
        }

        int n = state.Highest;
        state.Hops = BuildHops(scope, seals, signatures, n);

        using var keys = _keys.Begin(null, cancellationToken);
        var sealKeys = new Task<DkimKeyLookup>[n + 1];
        var signatureKeys = new Task<DkimKeyLookup>?[n + 1];
        using var bodyHashes = new DkimBodyHashSet();
        for (int i = n; i >= 1; i--)
        {
            if (signatures[i] is { } ams)
            {
                signatureKeys[i] = Start(keys, ams, state);
                bodyHashes.Add(ams.BodyHashKey);
            }
        }

        for (int i = n; i >= 1; i--)
        {
            sealKeys[i] = Start(keys, seals[i], state);
        }

        try
        {
            bodyHashes.Compute(body, keys.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return state.Fail(ArcProblem.TimeBudgetExceeded, "time budget exceeded while hashing the body", n);
        }

        // Step 4: the newest AMS.
        var (amsProblem, amsReason) = await VerifySignatureAsync(headers, scope[(3 * (n - 1)) + Ams], signatures[n]!, signatureKeys[n]!, bodyHashes).ConfigureAwait(false);
        if (amsProblem != ArcProblem.None)
        {
            return state.Fail(amsProblem, amsReason, n);
        }

        // Step 5 (optional): oldest-pass.
        int? oldestPass = null;
        if (_options.DetermineOldestPass)
        {
            oldestPass = 0;
            for (int m = n - 1; m >= 1; m--)
            {
                if (signatures[m] is null || (await VerifySignatureAsync(headers, scope[(3 * (m - 1)) + Ams], signatures[m]!, signatureKeys[m]!, bodyHashes).ConfigureAwait(false)).Problem != ArcProblem.None)
                {
                    oldestPass = m + 1;
                    break;
                }
            }
        }

        // Step 6: every seal, newest first, over the ARC Sets 1..i (§5.1.1: AAR, AMS, AS per set, increasing instance).
        // Cost: linear in the ARC header bytes (ArcSealHasher canonicalizes and hashes each field once).
        var sealHashes = new byte[n + 1][];
        ArcSealHasher.ComputeHashes(scope, seals, sealHashes);
        for (int i = n; i >= 1; i--)
        {
            if (keys.Token.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return state.Fail(ArcProblem.TimeBudgetExceeded, "time budget exceeded while verifying the seals", i);
            }

            var seal = seals[i];
            var (problem, reason) = await VerifyHashAsync(sealKeys[i], seal, sealHashes[i], SealFieldName).ConfigureAwait(false);
            if (problem != ArcProblem.None)
            {
                return state.Fail(problem == ArcProblem.MessageSignatureMismatch ? ArcProblem.SealMismatch : problem, reason, i);
            }
        }

        // Step 7.
        return new ArcResult(ArcProblem.None, null, hasChain: true)
        {
            OldestPass = oldestPass,
            HighestInstance = n,
            Hops = state.Hops,
            DnsQueries = state.DnsQueries,
        };
    }

    /// <summary>
    /// Steps 1–3 of RFC 8617 §5.2 and the parsing of the seals and AMS fields: the result when the chain fails (or has
    /// no ARC fields) here, otherwise <see langword="null"/> with the 3N fields of the sets in hashing order (§5.1.1),
    /// the seals and the AMS fields by instance. Each ARC field value is decoded once, into one pooled buffer.
    /// </summary>
    private ArcResult? ReadChain(IReadOnlyList<HeaderField> headers, Chain state, out HeaderField[] scope, out ArcSignature[] seals, out ArcSignature?[] signatures)
    {
        scope = [];
        seals = [];
        signatures = [];

        // Step 1: collect the ARC Sets. The count and size limits hold before anything is parsed, so 10,000 ARC
        // fields cost one linear scan of the header names.
        int maxFields = 3 * _options.MaxInstances;
        var collected = new List<(int Kind, HeaderField Field)>();
        long bytes = 0;
        int textLength = 0;
        foreach (var header in headers)
        {
            int kind = header.HasName(ResultsFieldName) ? Aar : header.HasName(SignatureFieldName) ? Ams : header.HasName(SealFieldName) ? Seal : -1;
            if (kind < 0)
            {
                continue;
            }

            if (collected.Count == maxFields)
            {
                return state.Fail(ArcProblem.TooManyInstances, $"more than {maxFields} ARC header fields: more than {_options.MaxInstances} ARC Sets (RFC 8617 §5.2 step 1)");
            }

            bytes += header.Raw.Length;
            if (bytes > _options.MaxHeaderBytes)
            {
                return state.Fail(ArcProblem.HeaderTooLarge, $"ARC header fields exceed {_options.MaxHeaderBytes} octets (RFC 8617 §9.1)");
            }

            textLength += header.Value.Length;
            collected.Add((kind, header));
        }

        if (collected.Count == 0)
        {
            return new ArcResult(ArcProblem.None, null, hasChain: false);
        }

        // The values as text, one char per octet (Latin-1), so that offsets in the text are offsets in the bytes;
        // at most MaxHeaderBytes chars.
        char[] buffer = ArrayPool<char>.Shared.Rent(textLength);

        // The tags of each AMS and AS as read for the instance, parsed again by nobody.
        TagRange[] tagBuffer = ArrayPool<TagRange>.Shared.Rent(collected.Count * TagList.DefaultMaxTags);
        try
        {
            var text = new Range[collected.Count];
            int used = 0;
            for (int k = 0; k < collected.Count; k++)
            {
                var value = collected[k].Field.Value.Span;
                Encoding.Latin1.GetChars(value, buffer.AsSpan(used));
                text[k] = new Range(used, used + value.Length);
                used += value.Length;
            }

            return ReadSets(collected, buffer, text, tagBuffer, state, out scope, out seals, out signatures);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
            ArrayPool<TagRange>.Shared.Return(tagBuffer);
        }
    }

    private ArcResult? ReadSets(List<(int Kind, HeaderField Field)> collected, char[] buffer, Range[] text, TagRange[] tagBuffer, Chain state, out HeaderField[] scope, out ArcSignature[] seals, out ArcSignature?[] signatures)
    {
        scope = [];
        seals = [];
        signatures = [];

        // Each field's instance first, so that HighestInstance is known whatever fails next (a sealer adds N + 1).
        var instances = new int[collected.Count];
        var tagCounts = new int[collected.Count];
        for (int k = 0; k < collected.Count; k++)
        {
            var value = buffer.AsSpan(text[k]);
            bool readable = collected[k].Kind == Aar
                ? TryReadResultsInstance(value, out instances[k])
                : ArcSignature.TryReadInstance(value, tagBuffer.AsSpan(k * TagList.DefaultMaxTags, TagList.DefaultMaxTags), out tagCounts[k], out instances[k]);
            if (!readable)
            {
                instances[k] = -1;
            }
            else if (instances[k] <= ArcChainValidatorOptions.ProtocolMaxInstances)
            {
                state.Highest = Math.Max(state.Highest, instances[k]);
            }
        }

        // sets[i, kind] = 1 + the index in collected; every instance stored is a readable one of 1-50, so at most Highest.
        var sets = new int[state.Highest + 1, 3];
        for (int k = 0; k < collected.Count; k++)
        {
            var (kind, field) = collected[k];
            int i = instances[k];
            if (i < 0)
            {
                return state.Fail(ArcProblem.InvalidInstance, $"{field.Name} without a readable i= instance (RFC 8617 §4.2.1)");
            }

            if (i is < 1 or > ArcChainValidatorOptions.ProtocolMaxInstances)
            {
                return state.Fail(ArcProblem.InvalidInstance, $"{field.Name} with i={i}, outside 1-50 (RFC 8617 §4.2.1)");
            }

            if (i > _options.MaxInstances)
            {
                return state.Fail(ArcProblem.TooManyInstances, $"{field.Name} with i={i}, more than {_options.MaxInstances} ARC Sets (RFC 8617 §5.2 step 1)");
            }

            if (sets[i, kind] != 0)
            {
                return state.Fail(ArcProblem.DuplicateInstance, $"two {field.Name} fields with i={i} (RFC 8617 §5.2 step 3.A)", i);
            }

            sets[i, kind] = k + 1;
        }

        int n = state.Highest;
        ReadOnlySpan<char> Text(int i, int kind) => buffer.AsSpan(text[sets[i, kind] - 1]);
        ReadOnlySpan<TagRange> Tags(int i, int kind) => tagBuffer.AsSpan((sets[i, kind] - 1) * TagList.DefaultMaxTags, tagCounts[sets[i, kind] - 1]);

        // Step 2: the newest seal already reports a broken chain.
        if (sets[n, Seal] != 0 && IsChainValidationFail(Text(n, Seal)))
        {
            return state.Fail(ArcProblem.ChainAlreadyFailed, $"the newest ARC-Seal (i={n}) says cv=fail (RFC 8617 §5.2 step 2)", n);
        }

        // Step 3: structure: 1..N without gaps, each set complete.
        for (int i = 1; i <= n; i++)
        {
            if (sets[i, Aar] == 0 && sets[i, Ams] == 0 && sets[i, Seal] == 0)
            {
                return state.Fail(ArcProblem.MissingInstance, $"no ARC Set with i={i} below i={n} (RFC 8617 §5.2 step 3.B)", i);
            }

            string? missing = sets[i, Aar] == 0 ? ResultsFieldName : sets[i, Ams] == 0 ? SignatureFieldName : sets[i, Seal] == 0 ? SealFieldName : null;
            if (missing is not null)
            {
                return state.Fail(ArcProblem.IncompleteSet, $"ARC Set i={i} has no {missing} (RFC 8617 §5.2 step 3.A)", i);
            }
        }

        // Parse every seal (step 3.C needs cv=) and the newest AMS (step 4); older AMS fields only for oldest-pass.
        seals = new ArcSignature[n + 1];
        signatures = new ArcSignature?[n + 1];
        var now = _options.TimeProvider.GetUtcNow();
        for (int i = n; i >= 1; i--)
        {
            if (!ArcSignature.TryParse(Text(i, Seal), Tags(i, Seal), DkimTagProfiles.ArcSeal, out var seal, out var problem, out string? reason))
            {
                return state.Fail(problem, reason, i);
            }

            // Step 3.C: "none" at i=1, "pass" above.
            string expected = i == 1 ? "none" : "pass";
            if (seal.ChainValidation != expected)
            {
                return state.Fail(ArcProblem.InvalidChainValidation, $"ARC-Seal i={i} has cv={seal.ChainValidation}; RFC 8617 §5.2 step 3.C requires cv={expected}", i);
            }

            (problem, reason) = CheckPolicy(seal, SealFieldName, now);
            if (problem != ArcProblem.None)
            {
                return state.Fail(problem, reason, i);
            }

            seals[i] = seal;
        }

        for (int i = n; i >= (_options.DetermineOldestPass ? 1 : n); i--)
        {
            bool parsed = ArcSignature.TryParse(Text(i, Ams), Tags(i, Ams), DkimTagProfiles.ArcMessageSignature, out var ams, out var problem, out string? reason);
            if (parsed)
            {
                (problem, reason) = CheckPolicy(ams!, SignatureFieldName, now);
            }

            if (problem != ArcProblem.None)
            {
                if (i == n)
                {
                    return state.Fail(problem, reason, i);
                }

                // An older AMS that is unusable only ends the oldest-pass search (step 5.A).
                break;
            }

            signatures[i] = ams;
        }

        // The sets in hashing order (§5.1.1: AAR, AMS, AS per set, increasing instance).
        scope = new HeaderField[3 * n];
        for (int i = 1; i <= n; i++)
        {
            for (int kind = Aar; kind <= Seal; kind++)
            {
                scope[(3 * (i - 1)) + kind] = collected[sets[i, kind] - 1].Field;
            }
        }

        return null;
    }

    /// <summary>Reads the instance of an ARC-Authentication-Results value: <c>arc-info = instance [CFWS] ";" authres-payload</c> (RFC 8617 §4.1.1).</summary>
    internal static bool TryReadResultsInstance(ReadOnlySpan<char> value, out int instance)
    {
        instance = 0;
        value = value.TrimStart(" \t\r\n");
        if (value.IsEmpty || value[0] != 'i')
        {
            return false;
        }

        value = value[1..].TrimStart(" \t\r\n");
        if (value.IsEmpty || value[0] != '=')
        {
            return false;
        }

        value = value[1..];
        int semicolon = value.IndexOf(';');
        return semicolon >= 0 && ArcSignature.TryParseInstance(value[..semicolon].Trim(" \t\r\n"), out instance);
    }

    // Latin-1 keeps one char per octet, so offsets in the text are offsets in the field's bytes.
    internal static string Latin1(HeaderField field) => Encoding.Latin1.GetString(field.Value.Span);

    /// <summary>The <c>b=</c> value range of <paramref name="signature"/> inside the raw field (after the colon).</summary>
    internal static Range ValueRange(HeaderField field, ArcSignature signature)
    {
        int valueStart = field.Raw.Span.IndexOf((byte)':') + 1;
        return new Range(valueStart + signature.SignatureValueRange.Start.Value, valueStart + signature.SignatureValueRange.End.Value);
    }

    // seal-cv-tag values are case-insensitive ABNF strings (RFC 8617 §4.1.3).
    private static bool IsChainValidationFail(ReadOnlySpan<char> value)
    {
        var reader = new MailAuth.Text.TagListReader(value);
        while (reader.MoveNext())
        {
            if (reader.CurrentName.SequenceEqual("cv"))
            {
                return Ascii.EqualsIgnoreCase(MailAuth.Text.Fws.Trim(reader.CurrentValue), "fail");
            }
        }

        return false;
    }

    private static ArcHop[] BuildHops(HeaderField[] scope, ArcSignature[] seals, ArcSignature?[] signatures, int n)
    {
        var hops = new ArcHop[n];
        for (int i = 1; i <= n; i++)
        {
            AuthResultsHeader.TryParseArc(scope[3 * (i - 1)].GetValueText(), out _, out var results, out _);
            hops[i - 1] = new ArcHop
            {
                Instance = i,
                SealDomain = seals[i].Domain,
                SealSelector = seals[i].Selector,
                SealAlgorithm = seals[i].AlgorithmName,
                ChainValidation = seals[i].ChainValidation,
                MessageSignatureDomain = signatures[i]?.Domain,
                MessageSignatureSelector = signatures[i]?.Selector,
                AuthenticationResults = results,
            };
        }

        return hops;
    }

    private static Task<DkimKeyLookup> Start(DkimKeyLocator.Session keys, ArcSignature signature, Chain state)
    {
        var lookup = keys.Start(DkimKeyLocator.GetQueryName(signature.Selector, signature.Domain), signature.Domain, out bool queried);
        if (queried)
        {
            state.DnsQueries++;
        }

        return lookup;
    }

    // RFC 8301 §3.1 (rsa-sha1), a CPU guard on h=, and the DKIM time rules (RFC 6376 §3.5 t=, x=).
    private (ArcProblem, string?) CheckPolicy(ArcSignature signature, string fieldName, DateTimeOffset now)
    {
        if (signature.Algorithm == DkimAlgorithm.RsaSha1 && !_options.AllowRsaSha1)
        {
            return (ArcProblem.UnsupportedAlgorithm, $"{fieldName} i={signature.Instance}: rsa-sha1 is not accepted (RFC 8301 §3.1)");
        }

        if (signature.SignedHeaders.Count > _options.MaxSignedHeaders)
        {
            return (ArcProblem.MalformedHeader, $"{fieldName} i={signature.Instance}: h= lists more than {_options.MaxSignedHeaders} fields");
        }

        if (_options.RejectFutureTimestamps && signature.Timestamp is { } t && t - now > _options.ClockSkew)
        {
            return (ArcProblem.InvalidTimestamp, $"{fieldName} i={signature.Instance}: t= {t:u} is in the future");
        }

        if (signature.Expiration is { } x && now - x > _options.ClockSkew)
        {
            return (ArcProblem.InvalidTimestamp, $"{fieldName} i={signature.Instance}: expired at {x:u}");
        }

        return (ArcProblem.None, null);
    }

    // An AMS is a DKIM signature over the body and its h= fields (RFC 8617 §4.1.2, RFC 6376 §6.1.3).
    private async ValueTask<(ArcProblem Problem, string? Reason)> VerifySignatureAsync(IReadOnlyList<HeaderField> headers, HeaderField field, ArcSignature ams, Task<DkimKeyLookup> key, DkimBodyHashSet bodyHashes)
    {
        var (bodyHash, canonicalLength, _) = bodyHashes.Get(ams.BodyHashKey);
        if (ams.BodyLength > canonicalLength || !CryptographicOperations.FixedTimeEquals(bodyHash, ams.BodyHash))
        {
            // Wait for the look-up anyway, so that no query outlives the session.
            await key.ConfigureAwait(false);
            return (ArcProblem.BodyHashMismatch, $"ARC-Message-Signature i={ams.Instance}: body hash did not verify");
        }

        byte[] hash = DkimHeaderHasher.ComputeHash(headers, ams.SignedHeaders, ams.HeaderCanonicalization, DkimAlgorithms.GetHash(ams.Algorithm), field.Raw.Span, ValueRange(field, ams));
        return await VerifyHashAsync(key, ams, hash, SignatureFieldName).ConfigureAwait(false);
    }

    private async ValueTask<(ArcProblem Problem, string? Reason)> VerifyHashAsync(Task<DkimKeyLookup> pending, ArcSignature signature, byte[] hash, string fieldName)
    {
        var lookup = await pending.ConfigureAwait(false);
        return Verify(lookup, signature, hash, fieldName);
    }

    private (ArcProblem Problem, string? Reason) Verify(DkimKeyLookup lookup, ArcSignature signature, byte[] hash, string fieldName)
    {
        // Reasons are only built for failures: a passing chain formats no text.
        string What() => $"{fieldName} i={signature.Instance} (d={signature.Domain} s={signature.Selector})";
        if (lookup.Key is not { } key)
        {
            // RFC 8617 §5.2.1: DNS failures are permanent for ARC.
            return (lookup.Problem == DkimProblem.DnsFailure ? ArcProblem.KeyUnavailable : ArcProblem.InvalidKey, $"{What()}: {lookup.Reason}");
        }

        // RFC 6376 §6.1.2 steps 4-6.
        if (key.IsRevoked)
        {
            return (ArcProblem.InvalidKey, $"{What()}: key revoked (empty p=)");
        }

        if (key.KeyType != DkimAlgorithms.GetKeyType(signature.Algorithm) || !key.AllowsHash(DkimAlgorithms.GetHashName(signature.Algorithm)) || !key.AllowsEmail)
        {
            return (ArcProblem.InvalidKey, $"{What()}: the key does not fit a={signature.AlgorithmName}");
        }

        var problem = key.Verify(signature.Algorithm, hash, signature.Signature, _options.MinRsaKeyBits, _options.MaxRsaKeyBits, out string? reason, out _);
        return problem switch
        {
            DkimProblem.None => (ArcProblem.None, null),
            DkimProblem.SignatureMismatch => (ArcProblem.MessageSignatureMismatch, $"{What()}: signature did not verify{(reason is null ? string.Empty : " (" + reason + ")")}"),
            DkimProblem.KeyTooSmall or DkimProblem.KeyTooLarge => (ArcProblem.KeyPolicy, $"{What()}: {reason}"),
            _ => (ArcProblem.InvalidKey, $"{What()}: {reason}"),
        };
    }

    /// <summary>What one validation has found so far, for the failure results.</summary>
    private sealed class Chain
    {
        public int Highest { get; set; }

        public int DnsQueries { get; set; }

        public IReadOnlyList<ArcHop> Hops { get; set; } = [];

        public ArcResult Fail(ArcProblem problem, string? reason, int? instance = null)
        {
            return new ArcResult(problem, reason, hasChain: true) { FailedInstance = instance, HighestInstance = Highest, Hops = Hops, DnsQueries = DnsQueries };
        }
    }
}
