using System.Buffers;
using System.Text;
using MailAuth.Dkim;
using MailAuth.Dns;
using MailAuth.Keys;
using MailAuth.Messages;
using MailAuth.Text;

namespace MailAuth.DomainKeys;

/// <summary>
/// Verifies the DomainKey-Signature fields of a message (historic: draft-delany-domainkeys-base-06, published as
/// RFC 4870). Each field gets its own <see cref="DomainKeysResult"/>. Built on the DKIM engine: the DomainKey-Signature
/// tag profile, the key locator (<c>selector._domainkey.domain</c>, with its time budgets and key cache) and the key
/// checks; the <c>nofws</c> canonicalization is DomainKeys' own.
/// </summary>
/// <remarks>
/// Immutable and thread-safe; share one instance. Bad mail and DNS failures are results, never exceptions. rsa-sha1 is
/// accepted only with <see cref="DomainKeysVerifierOptions.AllowRsaSha1"/>.
/// </remarks>
public sealed class DomainKeysVerifier
{
    private const string FieldName = "DomainKey-Signature";
    private readonly DomainKeysVerifierOptions _options;
    private readonly DkimKeyLocator _keys;

    /// <summary>Creates a verifier.</summary>
    /// <param name="resolver">Where key records come from.</param>
    /// <param name="options">Limits, policy and clock; <see langword="null"/> for the defaults. Validated and copied.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public DomainKeysVerifier(IDnsResolver resolver, DomainKeysVerifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _options = (options ?? new DomainKeysVerifierOptions()).Freeze();
        _keys = new DkimKeyLocator(resolver, _options.PublicKeyCache, _options.Timeout, _options.MaxKeyLookupTime, _options.TimeProvider);
    }

    /// <summary>The options in effect (a validated copy).</summary>
    public DomainKeysVerifierOptions Options => _options;

    /// <summary>Verifies every DomainKey-Signature field of <paramref name="message"/>.</summary>
    /// <param name="message">The message as read by <see cref="MessageReader"/>.</param>
    /// <param name="cancellationToken">Cancels verification.</param>
    /// <returns>One result per DomainKey-Signature field, top first; empty when the message has none ("none").</returns>
    public async ValueTask<IReadOnlyList<DomainKeysResult>> VerifyAsync(RawMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var headers = message.Headers;
        var positions = new List<int>();
        for (int i = 0; i < headers.Count; i++)
        {
            if (headers[i].HasName(FieldName))
            {
                positions.Add(i);
            }
        }

        if (positions.Count == 0)
        {
            return [];
        }

        var results = new DomainKeysResult[positions.Count];
        var pending = new List<Candidate>();
        for (int n = 0; n < positions.Count; n++)
        {
            string value = Encoding.Latin1.GetString(headers[positions[n]].Value.Span);
            if (n >= _options.MaxSignatures)
            {
                results[n] = BestEffort(n, value, DomainKeysProblem.TooManySignatures, $"more than {_options.MaxSignatures} DomainKey-Signature fields; not evaluated");
                continue;
            }

            if (!DomainKeysSignature.TryParse(value, _options.MaxSignedHeaders, out var signature, out var problem, out string? reason))
            {
                results[n] = BestEffort(n, value, problem, reason!);
                continue;
            }

            var candidate = new Candidate(n, positions[n], signature);
            (problem, reason) = Prepare(headers, candidate);
            if (problem != DomainKeysProblem.None)
            {
                results[n] = Describe(candidate, problem, reason);
                continue;
            }

            pending.Add(candidate);
        }

        if (pending.Count > 0)
        {
            await VerifyCandidatesAsync(headers, message.Body, pending, results, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>Reads <paramref name="message"/> with <see cref="MessageReader.Default"/> and verifies it.</summary>
    /// <param name="message">The message bytes.</param>
    /// <param name="cancellationToken">Cancels verification.</param>
    /// <returns>The results; a message that cannot be read gives one <see cref="DomainKeysStatus.PermError"/> result with <see cref="DomainKeysProblem.MalformedMessage"/>.</returns>
    public async ValueTask<IReadOnlyList<DomainKeysResult>> VerifyAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        var read = MessageReader.Default.Read(message);
        if (!read.IsSuccess)
        {
            return [new DomainKeysResult(-1, DomainKeysProblem.MalformedMessage, read.Error!.ToString())];
        }

        using var raw = read.Message!;
        return await VerifyAsync(raw, cancellationToken).ConfigureAwait(false);
    }

    // The checks before any DNS query: the historic-protocols switch, the sending address (§3.7.3 rules 1-3).
    private (DomainKeysProblem, string?) Prepare(IReadOnlyList<HeaderField> headers, Candidate candidate)
    {
        var signature = candidate.Signature;
        if (!_options.AllowRsaSha1)
        {
            return (DomainKeysProblem.WeakAlgorithm, "rsa-sha1 (DomainKeys' only algorithm) is not accepted: the historic-protocols option AllowRsaSha1 is off");
        }

        // Rule 1: the Sender field's address, or else the first From address, of the fields the signature covers.
        if (!TryGetSendingAddress(headers, candidate.Position + 1, out string? address, out string? field, out string? problemText))
        {
            candidate.SendingAddressField = field;
            return (DomainKeysProblem.NoSendingAddress, problemText);
        }

        candidate.SendingAddress = address;
        candidate.SendingAddressField = field;
        int at = address!.LastIndexOf('@');
        candidate.LocalPart = address[..at];
        string sendingDomain = address[(at + 1)..];

        // Rule 2 and §3.3 d=: "MUST match the domain of the sending email address or MUST be one of the parent domains".
        if (!DkimSignature.IsSameOrSubdomain(sendingDomain, signature.Domain))
        {
            return (DomainKeysProblem.DomainMismatch, $"sending domain {sendingDomain} is not d={signature.Domain} or a subdomain of it");
        }

        // Rule 3 and §3.3 h=: "this tag MUST include the header that was used to identify the sending domain".
        if (signature.SignedHeaders is { } names && !names.Contains(field!, StringComparer.OrdinalIgnoreCase))
        {
            return (DomainKeysProblem.SenderNotSigned, $"h= does not list the {field} field the sending address came from");
        }

        return (DomainKeysProblem.None, null);
    }

    private async ValueTask VerifyCandidatesAsync(IReadOnlyList<HeaderField> headers, ReadOnlySequence<byte> body, List<Candidate> pending, DomainKeysResult[] results, CancellationToken cancellationToken)
    {
        // Every key look-up starts first (§3.7.4: "initiate the public key query in parallel with calculating the SHA-1
        // hash"); the hashing then observes the look-ups' time budget.
        using var keys = _keys.Begin(null, cancellationToken);
        foreach (var candidate in pending)
        {
            candidate.Key = keys.Start(DkimKeyLocator.GetQueryName(candidate.Signature.Selector, candidate.Signature.Domain), candidate.Signature.Domain, out bool queried);
            candidate.DnsQueries = queried ? 1 : 0;
        }

        foreach (var candidate in pending)
        {
            byte[] hash;
            try
            {
                // Each signature covers its own fields and the body, in one hash: nothing can be shared between two
                // signatures, so the cost is the body size times the signatures evaluated (at most MaxSignatures).
                hash = DomainKeysCanonicalizer.ComputeHash(candidate.Signature.Canonicalization, SelectFields(headers, candidate), body, keys.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                results[candidate.Index] = Describe(candidate, DomainKeysProblem.DnsFailure, "time budget exceeded while hashing the message");
                continue;
            }

            var lookup = await candidate.Key!.ConfigureAwait(false);
            var (problem, reason, bits) = lookup.Key is null ? (Map(lookup.Problem), lookup.Reason, 0) : Check(candidate, lookup.Key, hash);
            results[candidate.Index] = Describe(candidate, problem, reason, lookup.Key, bits);
        }
    }

    // §3.7.4 steps 3-5 and §3.2.3: the key record's p=, k=, g= and size, then the RSA verification itself.
    private (DomainKeysProblem, string?, int) Check(Candidate candidate, DkimPublicKey key, byte[] hash)
    {
        if (key.IsRevoked)
        {
            return (DomainKeysProblem.KeyRevoked, "key revoked (empty p=)", 0);
        }

        if (key.KeyType != DkimKeyType.Rsa)
        {
            return (DomainKeysProblem.KeyAlgorithmMismatch, $"k={DkimKeyTypes.GetName(key.KeyType)} is not an RSA key (DomainKeys knows only k=rsa)", 0);
        }

        // g=: "If present with a non-zero length value, this value MUST exactly match the local part of the sending address".
        if (!string.IsNullOrEmpty(key.Granularity) && !string.Equals(key.Granularity, candidate.LocalPart, StringComparison.Ordinal))
        {
            return (DomainKeysProblem.GranularityMismatch, $"key g={key.Granularity} does not match the local part of the sending address", 0);
        }

        var problem = key.CheckUsable(_options.MinRsaKeyBits, _options.MaxRsaKeyBits, out string? reason, out int bits);
        if (problem == DkimProblem.None)
        {
            problem = key.Verify(DkimAlgorithm.RsaSha1, hash, candidate.Signature.Signature, _options.MinRsaKeyBits, _options.MaxRsaKeyBits, out reason, out bits);
        }

        return problem switch
        {
            DkimProblem.None => (DomainKeysProblem.None, null, bits),
            DkimProblem.KeyTooSmall => (DomainKeysProblem.KeyTooSmall, $"RSA key of {bits} bits is below the {_options.MinRsaKeyBits}-bit minimum", bits),
            DkimProblem.KeyTooLarge => (DomainKeysProblem.KeyTooLarge, reason, bits),
            DkimProblem.SignatureMismatch => (DomainKeysProblem.SignatureMismatch, reason ?? "signature did not verify", bits),
            _ => (Map(problem), reason, bits),
        };
    }

    private static DomainKeysProblem Map(DkimProblem problem) => problem switch
    {
        DkimProblem.None => DomainKeysProblem.None,
        DkimProblem.DnsFailure => DomainKeysProblem.DnsFailure,
        DkimProblem.KeyNotFound => DomainKeysProblem.KeyNotFound,
        DkimProblem.KeyRevoked => DomainKeysProblem.KeyRevoked,
        DkimProblem.KeyAlgorithmMismatch => DomainKeysProblem.KeyAlgorithmMismatch,
        DkimProblem.KeyTooSmall => DomainKeysProblem.KeyTooSmall,
        DkimProblem.KeyTooLarge => DomainKeysProblem.KeyTooLarge,
        DkimProblem.SignatureMismatch => DomainKeysProblem.SignatureMismatch,
        _ => DomainKeysProblem.MalformedKey,
    };

    private static List<ReadOnlyMemory<byte>> SelectFields(IReadOnlyList<HeaderField> headers, Candidate candidate) =>
        SelectFields(headers, candidate.Position + 1, candidate.Signature.SignedHeaders);

    /// <summary>
    /// The fields a DomainKey-Signature covers, in hashing order (§3.3 h=, §3.4.2): without <c>h=</c>, every field from
    /// <paramref name="start"/> on, in message order. With <c>h=</c>, "the complete list of headers in the order presented
    /// to the signing algorithm": the fields of each listed name in list order, and "all occurrences of that header,
    /// subsequent to the DomainKey-Signature header". A name listed k times takes its fields in message order at its
    /// first mention, except the last k-1, which follow one per later mention (what Mail::DKIM does, so that signers that
    /// list duplicates interoperate). A name with no field contributes nothing. Linear: one pass groups the fields by name.
    /// </summary>
    /// <param name="headers">The message's fields, top first.</param>
    /// <param name="start">The position of the first field below the signature.</param>
    /// <param name="names">The <c>h=</c> names, or <see langword="null"/>.</param>
    /// <returns>The raw fields to hash.</returns>
    internal static List<ReadOnlyMemory<byte>> SelectFields(IReadOnlyList<HeaderField> headers, int start, string[]? names)
    {
        var selected = new List<ReadOnlyMemory<byte>>();
        if (names is null)
        {
            for (int i = start; i < headers.Count; i++)
            {
                selected.Add(headers[i].Raw);
            }

            return selected;
        }

        var mentions = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in names)
        {
            mentions[name] = mentions.GetValueOrDefault(name) + 1;
        }

        var byName = new Dictionary<string, List<HeaderField>>(StringComparer.OrdinalIgnoreCase);
        for (int i = start; i < headers.Count; i++)
        {
            if (mentions.ContainsKey(headers[i].Name))
            {
                if (!byName.TryGetValue(headers[i].Name, out var list))
                {
                    byName[headers[i].Name] = list = [];
                }

                list.Add(headers[i]);
            }
        }

        var taken = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in names)
        {
            if (!byName.TryGetValue(name, out var fields))
            {
                continue;
            }

            int next = taken.GetValueOrDefault(name, -1);
            if (next < 0)
            {
                // First mention: every field but the last (mentions - 1), which the later mentions take one by one.
                int count = Math.Max(0, fields.Count - (mentions[name] - 1));
                for (int i = 0; i < count; i++)
                {
                    selected.Add(fields[i].Raw);
                }

                taken[name] = count;
            }
            else if (next < fields.Count)
            {
                selected.Add(fields[next].Raw);
                taken[name] = next + 1;
            }
        }

        return selected;
    }

    // §3.1, §3.7.3 rule 1: "If the email contains a Sender: header, the sending domain is extracted from the Sender:
    // address. If this extraction fails, the email SHALL fail verification. If no Sender: header is present, the sending
    // domain is extracted from the first address of the From: header." A conforming email has a single From and at most
    // one Sender; more than one of either is refused, so a second field cannot choose the identity.
    private static bool TryGetSendingAddress(IReadOnlyList<HeaderField> headers, int start, out string? address, out string? fieldName, out string? problem)
    {
        address = null;
        HeaderField? sender = null, from = null;
        int senders = 0, froms = 0;
        for (int i = start; i < headers.Count; i++)
        {
            if (headers[i].HasName("Sender"))
            {
                senders++;
                sender ??= headers[i];
            }
            else if (headers[i].HasName("From"))
            {
                froms++;
                from ??= headers[i];
            }
        }

        fieldName = sender is not null ? "sender" : from is not null ? "from" : null;
        if (senders > 1 || froms > 1)
        {
            problem = senders > 1 ? "more than one Sender field below the signature" : "more than one From field below the signature";
            return false;
        }

        var field = sender ?? from;
        if (field is null)
        {
            problem = "no Sender or From field below the signature";
            return false;
        }

        AddressListMailbox first = default;
        bool found = false;
        var parser = new AddressListParser(field.GetValueText(), m =>
        {
            first = m;
            found = true;
            return false;
        });
        parser.TryParse(out _);
        if (!found || first.Domain is null || first.Address.LastIndexOf('@') <= 0
            || !DomainName.IsValid(first.Domain, DomainNameRules.AllowSingleLabel))
        {
            problem = $"no usable address in the {fieldName} field";
            return false;
        }

        address = first.Address;
        problem = null;
        return true;
    }

    private static DomainKeysResult Describe(Candidate candidate, DomainKeysProblem problem, string? reason, DkimPublicKey? key = null, int keyBits = 0) =>
        new(candidate.Index, problem, reason)
        {
            Domain = candidate.Signature.Domain,
            Selector = candidate.Signature.Selector,
            AlgorithmName = candidate.Signature.AlgorithmName,
            Canonicalization = candidate.Signature.Canonicalization,
            SendingAddress = candidate.SendingAddress,
            SendingAddressField = candidate.SendingAddress is null ? null : candidate.SendingAddressField,
            KeyBits = keyBits,
            IsTesting = key?.IsTesting ?? false,
            DnsQueries = candidate.DnsQueries,
        };

    // For a field that did not parse (or was not evaluated): d=, s= and a= as far as the tag-list reads.
    private static DomainKeysResult BestEffort(int index, string value, DomainKeysProblem problem, string reason)
    {
        string? d = null, s = null, a = null;
        var reader = new TagListReader(value);
        while (reader.MoveNext())
        {
            switch (reader.CurrentName)
            {
                case "d": d ??= reader.CurrentValue.ToString(); break;
                case "s": s ??= reader.CurrentValue.ToString(); break;
                case "a": a ??= reader.CurrentValue.ToString(); break;
            }
        }

        return new DomainKeysResult(index, problem, reason) { Domain = d, Selector = s, AlgorithmName = a };
    }

    private sealed class Candidate(int index, int position, DomainKeysSignature signature)
    {
        public int Index { get; } = index;

        /// <summary>The field's position among all header fields.</summary>
        public int Position { get; } = position;

        public DomainKeysSignature Signature { get; } = signature;

        public string? SendingAddress { get; set; }

        public string? SendingAddressField { get; set; }

        public string? LocalPart { get; set; }

        public Task<DkimKeyLookup>? Key { get; set; }

        public int DnsQueries { get; set; }
    }
}
