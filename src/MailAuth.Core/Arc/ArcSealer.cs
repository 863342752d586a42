using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MailAuth.AuthResults;
using MailAuth.Dkim;
using MailAuth.Keys;
using MailAuth.Messages;
using MailAuth.Text;

namespace MailAuth.Arc;

/// <summary>
/// Adds an ARC Set to a message (RFC 8617 §5.1): the ARC-Authentication-Results with the sealer's own results, an
/// ARC-Message-Signature over the body and header fields, and an ARC-Seal over the ARC Sets with the chain's status as
/// <c>cv=</c>. rsa-sha256 or ed25519-sha256, from the key's type. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Validate the chain first (<see cref="ArcChainValidator"/>, or <see cref="AuthenticationOutcome.Arc"/>) and make every
/// other change to the message (DKIM signing included) before sealing (§5.1 step 1).
/// </remarks>
public sealed class ArcSealer
{
    private readonly ArcSealerOptions _options;

    /// <summary>Creates a sealer.</summary>
    /// <param name="options">How to seal; <see langword="null"/> for the defaults. Validated and copied.</param>
    /// <exception cref="ArgumentException">An option is invalid; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public ArcSealer(ArcSealerOptions? options = null) => _options = (options ?? new ArcSealerOptions()).Freeze();

    /// <summary>The options in effect (a validated copy).</summary>
    public ArcSealerOptions Options => _options;

    /// <summary>
    /// Combines the Authentication-Results fields of <paramref name="message"/> whose authserv-id is
    /// <paramref name="authServId"/> into one payload, in message order: the AAR "MUST contain the combined
    /// authres-payload with all of the authentication results from within the participating ADMD" (RFC 8617 §4.1.1).
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="authServId">The sealer's authserv-id (RFC 8601 §2.5), compared ignoring case.</param>
    /// <returns>The combined results; without any such field, a payload with no results.</returns>
    public static AuthResultsHeader CollectAuthenticationResults(RawMessage message, string authServId)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(authServId);
        var results = new List<AuthMethodResult>();
        foreach (var field in message.GetFields(AuthResultsHeader.FieldName))
        {
            if (AuthResultsHeader.TryParse(field.GetValueText(), AuthResultsParseMode.Lenient, out var header, out _, out _)
                && header.AuthServId.Equals(authServId, StringComparison.OrdinalIgnoreCase))
            {
                results.AddRange(header.Results);
            }
        }

        return new AuthResultsHeader(authServId, results);
    }

    /// <summary>Seals <paramref name="message"/> with <paramref name="key"/>.</summary>
    /// <param name="message">The message, with every change already made (§5.1 step 1).</param>
    /// <param name="chain">The validation result of the message's chain (its status becomes <c>cv=</c>).</param>
    /// <param name="authenticationResults">The sealer's own results: the AAR payload; <c>arc=</c> with the chain's status is added when absent.</param>
    /// <param name="key">The private key; its type picks rsa-sha256 or ed25519-sha256.</param>
    /// <param name="domain">The sealing domain (<c>d=</c> of AMS and AS).</param>
    /// <param name="selector">The selector (<c>s=</c>).</param>
    /// <returns>The new set, or why none was added.</returns>
    /// <exception cref="ArgumentException">The domain or selector is invalid.</exception>
    public ArcSealResult Seal(RawMessage message, ArcResult chain, AuthResultsHeader authenticationResults, DkimSigningKey key, string domain, string selector)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(authenticationResults);
        ArgumentNullException.ThrowIfNull(key);
        if (!DomainName.IsValid(domain, DomainNameRules.AllowUnderscore))
        {
            throw new ArgumentException($"'{domain}' is not a valid sealing domain (use A-labels for IDNs).", nameof(domain));
        }

        if (!DomainName.IsValid(selector, DomainNameRules.AllowUnderscore | DomainNameRules.AllowSingleLabel))
        {
            throw new ArgumentException($"'{selector}' is not a valid selector.", nameof(selector));
        }

        // §5.1 step 2: a chain whose newest seal says cv=fail is not continued.
        if (chain.Problem == ArcProblem.ChainAlreadyFailed)
        {
            return new ArcSealResult { Outcome = ArcSealOutcome.ChainAlreadyFailed, Instance = chain.HighestInstance + 1, ChainValidation = ArcStatus.Fail, Reason = "the newest ARC-Seal already says cv=fail (RFC 8617 §5.1 step 2)" };
        }

        // §5.1 step 3: one more than the highest instance found.
        int instance = chain.Status == ArcStatus.None ? 1 : chain.HighestInstance + 1;
        var cv = chain.Status;
        if (instance > ArcChainValidatorOptions.ProtocolMaxInstances)
        {
            return new ArcSealResult { Outcome = ArcSealOutcome.InstanceLimitReached, Instance = instance, ChainValidation = cv, Reason = "the chain already has 50 ARC Sets (RFC 8617 §4.2.1)" };
        }

        // §5.1 step 4.A: the AAR, formatted by the Authentication-Results formatter.
        var payload = authenticationResults;
        if (!payload.Results.Any(r => r.IsMethod("arc")))
        {
            payload = new AuthResultsHeader(payload.AuthServId, [new AuthMethodResult("arc", ArcResult.ToKeyword(cv)), .. payload.Results], payload.Version);
        }

        string aar = AuthResultsFormatter.FormatArc(payload, instance);
        if (!IsSafeField(aar))
        {
            return new ArcSealResult { Outcome = ArcSealOutcome.InvalidAuthenticationResults, Instance = instance, ChainValidation = cv, Reason = "the authentication results contain a line break outside folding" };
        }

        var aarField = ToField(aar);
        var headers = new List<HeaderField>(message.Headers.Count + 2) { aarField };
        headers.AddRange(message.Headers);
        string algorithm = DkimAlgorithms.GetName(key.Algorithm);
        string? t = _options.IncludeTimestamp ? _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) : null;
        string i = instance.ToString(CultureInfo.InvariantCulture);

        // §5.1 step 4.B: the AMS, a DKIM signature over the body and h= (RFC 8617 §4.1.2).
        string bodyHash;
        using (var hasher = new DkimBodyHasher(_options.BodyCanonicalization, HashAlgorithmName.SHA256, null))
        {
            hasher.Append(message.Body);
            bodyHash = Convert.ToBase64String(hasher.Complete());
        }

        var names = _options.SignedHeaders ?? DefaultSignedHeaders(message.Headers);
        var amsTags = new List<(string Name, string Value)>
        {
            ("i", i),
            ("a", algorithm),
            ("c", DkimAlgorithms.GetName(_options.HeaderCanonicalization) + "/" + DkimAlgorithms.GetName(_options.BodyCanonicalization)),
            ("d", domain),
            ("s", selector),
        };
        if (t is not null)
        {
            amsTags.Add(("t", t));
        }

        amsTags.Add(("h", string.Join(':', names)));
        amsTags.Add(("bh", bodyHash));
        var (amsText, amsB) = Layout(ArcChainValidator.SignatureFieldName, amsTags);
        string ams = DkimFieldSigner.Sign(amsText, amsB, headers, names, _options.HeaderCanonicalization, key, _options.LineLength);
        var amsField = ToField(ams);

        // §5.1 step 4.C and §5.1.1: the AS over the ARC Sets 1..N and the new one; for cv=fail only the new set (§5.1.2).
        var asTags = new List<(string Name, string Value)> { ("i", i), ("a", algorithm), ("cv", ArcResult.ToKeyword(cv)), ("d", domain), ("s", selector) };
        if (t is not null)
        {
            asTags.Add(("t", t));
        }

        var (asText, asB) = Layout(ArcChainValidator.SealFieldName, asTags);
        var scope = cv == ArcStatus.Pass ? ExistingSets(message.Headers, instance - 1) : [];
        scope.Add(aarField);
        scope.Add(amsField);
        byte[] asBytes = Encoding.UTF8.GetBytes(asText);
        var (start, length) = asB.GetOffsetAndLength(asText.Length);
        byte[] hash = DkimHeaderHasher.ComputeHash(CollectionsMarshalSpan(scope), DkimCanonicalization.Relaxed, DkimAlgorithms.GetHash(key.Algorithm), asBytes, new Range(start, start + length));
        string seal = DkimFieldSigner.Insert(asText, start, length, Convert.ToBase64String(key.SignHash(hash)), _options.LineLength);

        return new ArcSealResult
        {
            Outcome = ArcSealOutcome.Sealed,
            Instance = instance,
            ChainValidation = cv,
            Seal = seal,
            MessageSignature = ams,
            AuthenticationResults = aar,
        };
    }

    /// <summary>Seals with the key the store holds for (<paramref name="domain"/>, <paramref name="selector"/>); see <see cref="Seal"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="chain">The validation result of the message's chain.</param>
    /// <param name="authenticationResults">The sealer's own results.</param>
    /// <param name="keyStore">The key store.</param>
    /// <param name="domain">The sealing domain.</param>
    /// <param name="selector">The selector.</param>
    /// <param name="cancellationToken">Cancels the key look-up.</param>
    /// <returns>The new set, or why none was added.</returns>
    /// <exception cref="InvalidOperationException">The store has no such key.</exception>
    public async ValueTask<ArcSealResult> SealAsync(RawMessage message, ArcResult chain, AuthResultsHeader authenticationResults, IKeyStore keyStore, string domain, string selector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyStore);
        var key = await keyStore.GetSigningKeyAsync(domain, selector, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The key store has no key for selector '{selector}' of '{domain}'.");
        return Seal(message, chain, authenticationResults, key, domain, selector);
    }

    // RFC 8617 §4.1.2: not Authentication-Results, no ARC fields; DKIM-Signature fields SHOULD be included. Each present
    // field of the recommended list is listed once per occurrence; From always (h= must include From).
    private static List<string> DefaultSignedHeaders(IReadOnlyList<HeaderField> headers)
    {
        var names = new List<string>();
        foreach (string name in DkimMessageSignerOptions.RecommendedHeaders.Append("DKIM-Signature"))
        {
            int count = headers.Count(h => h.HasName(name));
            if (count == 0 && name == "From")
            {
                count = 1;
            }

            for (int k = 0; k < count; k++)
            {
                names.Add(name.ToLowerInvariant());
            }
        }

        return names;
    }

    // The existing sets 1..n in order AAR, AMS, AS (§5.1.1); the chain passed, so each is there exactly once.
    private static List<HeaderField> ExistingSets(IReadOnlyList<HeaderField> headers, int n)
    {
        var sets = new HeaderField?[n + 1, 3];
        foreach (var header in headers)
        {
            int kind = header.HasName(ArcChainValidator.ResultsFieldName) ? 0 : header.HasName(ArcChainValidator.SignatureFieldName) ? 1 : header.HasName(ArcChainValidator.SealFieldName) ? 2 : -1;
            if (kind < 0)
            {
                continue;
            }

            bool readable = kind == 0
                ? ArcChainValidator.TryReadResultsInstance(header.GetValueText(), out int instance)
                : ArcSignature.TryReadInstance(ArcChainValidator.Latin1(header), out instance);
            if (readable && instance >= 1 && instance <= n)
            {
                sets[instance, kind] ??= header;
            }
        }

        var list = new List<HeaderField>((3 * n) + 2);
        for (int i = 1; i <= n; i++)
        {
            for (int kind = 0; kind < 3; kind++)
            {
                if (sets[i, kind] is { } field)
                {
                    list.Add(field);
                }
            }
        }

        return list;
    }

    private static ReadOnlySpan<HeaderField> CollectionsMarshalSpan(List<HeaderField> list) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);

    // A field built by us, as the message reader would present it (raw bytes with CRLF, value after the colon).
    private static HeaderField ToField(string field)
    {
        byte[] raw = Encoding.UTF8.GetBytes(field + "\r\n");
        int colon = field.IndexOf(':');
        return new HeaderField(field[..colon], raw, colon + 1, raw.Length - colon - 3, 0);
    }

    // No CR or LF except CRLF followed by WSP (folding): nothing from the results can start a new header field.
    private static bool IsSafeField(string field)
    {
        for (int k = 0; k < field.Length; k++)
        {
            char c = field[k];
            if (c == '\n' || (c == '\r' && (k + 2 >= field.Length || field[k + 1] != '\n' || field[k + 2] is not (' ' or '\t'))))
            {
                if (c == '\n' && k > 0 && field[k - 1] == '\r')
                {
                    continue;
                }

                return false;
            }
        }

        return true;
    }

    // "name: t1=v1; t2=v2; ...; b=" folded between tags; returns the text and the (empty) b= value's range.
    private (string Text, Range SignatureValue) Layout(string fieldName, List<(string Name, string Value)> tags)
    {
        tags.Add(("b", string.Empty));
        if (_options.AlphabeticalTags)
        {
            tags.Sort((x, y) => string.CompareOrdinal(x.Name, y.Name));
        }

        var text = new StringBuilder(256).Append(fieldName).Append(':');
        int column = text.Length;
        int bStart = -1;
        for (int k = 0; k < tags.Count; k++)
        {
            var (name, value) = tags[k];
            string word = name + "=" + value + (k + 1 < tags.Count ? ";" : string.Empty);
            if (column + 1 + word.Length > _options.LineLength && column > fieldName.Length + 1)
            {
                text.Append("\r\n");
                column = 0;
            }

            text.Append(' ');
            if (name == "b")
            {
                bStart = text.Length + 2;
            }

            text.Append(word);
            column += word.Length + 1;
        }

        return (text.ToString(), new Range(bStart, bStart));
    }
}
