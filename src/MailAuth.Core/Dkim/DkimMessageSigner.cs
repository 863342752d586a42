using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MailAuth.Diagnostics;
using MailAuth.Keys;
using MailAuth.Messages;
using MailAuth.Text;
using Microsoft.Extensions.Logging;

namespace MailAuth.Dkim;

/// <summary>
/// Creates DKIM-Signature fields (RFC 6376 §5) with rsa-sha256 or ed25519-sha256 (RFC 8463). Several signatures
/// (e.g. RSA and Ed25519 dual signing) are made in one call with the body hashed once per body canonicalization.
/// </summary>
/// <remarks>
/// The result is the complete field, folded, without a trailing CRLF: prepend <c>field + "\r\n"</c> to the message.
/// When signing several times, prepend the fields in the order returned. Immutable and thread-safe.
/// </remarks>
public sealed class DkimMessageSigner
{
    private const string FieldName = "DKIM-Signature";
    private readonly DkimMessageSignerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates a signer.</summary>
    /// <param name="options">How to sign, and the clock; <see langword="null"/> for the defaults. Validated and copied: later changes have no effect.</param>
    /// <exception cref="ArgumentException">An option is invalid; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public DkimMessageSigner(DkimMessageSignerOptions? options = null)
    {
        _options = (options ?? new DkimMessageSignerOptions()).Freeze();
        _time = _options.TimeProvider;
        _logger = Telemetry.CreateLogger(_options.LoggerFactory, MailAuthDiagnostics.DkimSignCategory);
    }

    /// <summary>The options in effect (a validated copy).</summary>
    public DkimMessageSignerOptions Options => _options;

    /// <summary>Signs <paramref name="message"/> with one key.</summary>
    /// <param name="message">The message.</param>
    /// <param name="key">The private key.</param>
    /// <param name="domain">The signing domain (<c>d=</c>).</param>
    /// <param name="selector">The selector (<c>s=</c>).</param>
    /// <returns>The DKIM-Signature field, folded, without a trailing CRLF.</returns>
    public string Sign(RawMessage message, DkimSigningKey key, string domain, string selector) =>
        Sign(message, [new DkimSigningRequest(key, domain, selector)])[0];

    /// <summary>Signs <paramref name="message"/> once per request, hashing the body once.</summary>
    /// <param name="message">The message.</param>
    /// <param name="requests">The signatures to make.</param>
    /// <returns>One field per request, in request order.</returns>
    /// <exception cref="ArgumentException">A domain, selector or identity is invalid.</exception>
    public IReadOnlyList<string> Sign(RawMessage message, IReadOnlyList<DkimSigningRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(requests);
        foreach (var request in requests)
        {
            Validate(request);
        }

        using var call = EngineCall.Start("mailauth.dkim.sign", "dkim", Telemetry.SignDuration);
        call.Activity?.SetTag(Telemetry.CountTag, requests.Count);

        var headers = message.Headers;
        var signedNames = SelectHeaderNames(headers);
        long? bodyLength = null;
        string bodyHash = string.Empty;
        if (requests.Count > 0)
        {
            // Every algorithm we sign with uses SHA-256: one body hash serves all requests.
            using var hasher = new DkimBodyHasher(_options.BodyCanonicalization, HashAlgorithmName.SHA256, null);
            hasher.Append(message.Body);
            bodyHash = Convert.ToBase64String(hasher.Complete());
            bodyLength = _options.IncludeBodyLength ? hasher.CanonicalLength : null;
        }

        long now = _time.GetUtcNow().ToUnixTimeSeconds();
        var fields = new string[requests.Count];
        for (int i = 0; i < requests.Count; i++)
        {
            fields[i] = SignOne(headers, requests[i], signedNames, bodyHash, bodyLength, now);
            DkimSignLog.Signed(_logger, requests[i].Domain, requests[i].Selector, DkimAlgorithms.GetName(requests[i].Key.Algorithm));
        }

        CountSigning(SignedWord);
        call.Complete(SignedWord, count: false);
        return fields;
    }

    /// <summary>Signs with the key the store holds for (<paramref name="domain"/>, <paramref name="selector"/>).</summary>
    /// <param name="message">The message.</param>
    /// <param name="keyStore">The key store.</param>
    /// <param name="domain">The signing domain.</param>
    /// <param name="selector">The selector.</param>
    /// <param name="cancellationToken">Cancels the key look-up.</param>
    /// <returns>The field, or <see cref="DkimSigningStatus.NoKey"/> with the reason when the store has no usable key (also logged as a warning).</returns>
    /// <exception cref="ArgumentException">The domain or selector is not a valid name.</exception>
    public ValueTask<DkimSigningResult> SignAsync(RawMessage message, IKeyStore keyStore, string domain, string selector, CancellationToken cancellationToken = default) =>
        SignAsync(message, keyStore, domain, [selector], cancellationToken);

    /// <summary>Signs once per selector with the store's keys (e.g. an RSA and an Ed25519 selector).</summary>
    /// <param name="message">The message.</param>
    /// <param name="keyStore">The key store.</param>
    /// <param name="domain">The signing domain.</param>
    /// <param name="selectors">The selectors.</param>
    /// <param name="cancellationToken">Cancels the key look-ups.</param>
    /// <returns>
    /// One field per selector the store has a key for, in order; <see cref="DkimSigningStatus.NoKey"/> when it has none.
    /// Selectors without a key are listed in <see cref="DkimSigningResult.MissingSelectors"/> and logged as warnings.
    /// </returns>
    /// <exception cref="ArgumentException">The domain or a selector is not a valid name.</exception>
    public async ValueTask<DkimSigningResult> SignAsync(RawMessage message, IKeyStore keyStore, string domain, IReadOnlyList<string> selectors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(keyStore);
        ArgumentNullException.ThrowIfNull(selectors);
        ValidateDomain(domain, nameof(domain));
        foreach (string selector in selectors)
        {
            ValidateSelector(selector, nameof(selectors));
        }

        var requests = new List<DkimSigningRequest>(selectors.Count);
        var missing = new List<string>();
        string? fault = null;
        foreach (string selector in selectors)
        {
            DkimSigningKey? key = null;
            try
            {
                key = await keyStore.GetSigningKeyAsync(domain, selector, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsKeyStoreFault(e))
            {
                fault = e.Message;
            }

            if (key is null)
            {
                missing.Add(selector);
            }
            else
            {
                requests.Add(new DkimSigningRequest(key, domain, selector));
            }
        }

        string? reason = missing.Count == 0 ? null
            : $"the key store has no usable key for selector(s) {string.Join(", ", missing)} of {domain}" + (fault is null ? string.Empty : ": " + fault);
        return SignWithKeys(message, domain, requests, missing, reason);
    }

    /// <summary>Signs with every active key the store holds for <paramref name="domain"/> (<see cref="IKeyStore.GetActiveKeysAsync"/>).</summary>
    /// <param name="message">The message.</param>
    /// <param name="keyStore">The key store.</param>
    /// <param name="domain">The signing domain.</param>
    /// <param name="cancellationToken">Cancels the key look-up.</param>
    /// <returns>One field per active key; <see cref="DkimSigningStatus.NoKey"/> with the reason when there is none (also logged as a warning).</returns>
    /// <exception cref="ArgumentException">The domain is not a valid name.</exception>
    public async ValueTask<DkimSigningResult> SignAsync(RawMessage message, IKeyStore keyStore, string domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(keyStore);
        ValidateDomain(domain, nameof(domain));
        IReadOnlyList<DkimKeyEntry> keys;
        string reason = $"the key store has no active signing key for {domain}";
        try
        {
            keys = await keyStore.GetActiveKeysAsync(domain, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsKeyStoreFault(e))
        {
            (keys, reason) = ([], reason + ": " + e.Message);
        }

        var requests = keys.Select(k => new DkimSigningRequest(k.Key, k.Domain, k.Selector)).ToArray();
        return SignWithKeys(message, domain, requests, [], requests.Length == 0 ? reason : null);
    }

    /// <summary>
    /// Signs with every active key the store holds for the domain of the message's author: the one mailbox of its one
    /// From field (RFC 5322 §3.6.2), so that the signature aligns with it for DMARC (RFC 7489 §3.1.1). The domain is
    /// looked up as an A-label in lower case; there is no fall-back to a parent or organizational domain.
    /// </summary>
    /// <remarks>
    /// No From field, several From fields (RFC 5322 §3.6 allows one; RFC 6376 §5.4 and §8.15: a second From is the
    /// classic way to show one author and sign another), several mailboxes, a group, an unreadable field or a domain
    /// that is not a host name give <see cref="DkimSigningStatus.NoSigningDomain"/> with the reason; no key for the
    /// domain gives <see cref="DkimSigningStatus.NoKey"/>. Both are logged as warnings; neither throws.
    /// </remarks>
    /// <param name="message">The message.</param>
    /// <param name="keyStore">The key store.</param>
    /// <param name="cancellationToken">Cancels the key look-up.</param>
    /// <returns>One field per active key, or the reason why the message is not signed.</returns>
    public async ValueTask<DkimSigningResult> SignAsync(RawMessage message, IKeyStore keyStore, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(keyStore);
        if (!DkimAuthorDomain.TryGet(message.Headers, out string? domain, out string? problem))
        {
            DkimSignLog.NoSigningDomain(_logger, problem);
            CountSigning(NoDomainWord);
            return new DkimSigningResult(DkimSigningStatus.NoSigningDomain, string.Empty, [], [], [], problem);
        }

        return await SignAsync(message, keyStore, domain, cancellationToken).ConfigureAwait(false);
    }

    // A key store that fails to read its storage: the message gets "no key", not an exception (issue 16).
    private static bool IsKeyStoreFault(Exception e) =>
        e is IOException or UnauthorizedAccessException or FormatException or CryptographicException;

    private DkimSigningResult SignWithKeys(RawMessage message, string domain, IReadOnlyList<DkimSigningRequest> requests, IReadOnlyList<string> missing, string? reason)
    {
        if (requests.Count == 0)
        {
            reason ??= $"no signing key for {domain}";
            DkimSignLog.NoKey(_logger, domain, reason);
            CountSigning(NoKeyWord);
            return new DkimSigningResult(DkimSigningStatus.NoKey, domain, [], [], missing, reason);
        }

        foreach (string selector in missing)
        {
            DkimSignLog.KeyMissing(_logger, domain, selector);
        }

        IReadOnlyList<string> fields = Sign(message, requests);
        return new DkimSigningResult(DkimSigningStatus.Signed, domain, fields, [.. requests.Select(r => r.Selector)], missing, reason);
    }

    private const string SignedWord = "signed";
    private const string NoKeyWord = "nokey";
    private const string NoDomainWord = "nodomain";

    private static void CountSigning(string result)
    {
        if (Telemetry.SignResults.Enabled)
        {
            Telemetry.SignResults.Add(1, new KeyValuePair<string, object?>(Telemetry.ResultTag, result));
        }
    }

    /// <summary>Reads <paramref name="message"/> and signs it once per request.</summary>
    /// <param name="message">The message bytes.</param>
    /// <param name="requests">The signatures to make.</param>
    /// <returns>One field per request.</returns>
    /// <exception cref="FormatException">The message cannot be read.</exception>
    public IReadOnlyList<string> Sign(ReadOnlyMemory<byte> message, IReadOnlyList<DkimSigningRequest> requests)
    {
        var read = MessageReader.Default.Read(message);
        if (!read.IsSuccess)
        {
            throw new FormatException(read.Error!.ToString());
        }

        using var raw = read.Message!;
        return Sign(raw, requests);
    }

    /// <summary>
    /// Signs with an explicit tag template: the caller gives the exact DKIM-Signature field (RFC 6376 §3.5) with an
    /// empty <c>b=</c> and an empty or precomputed <c>bh=</c>; the signer fills <c>bh=</c> when empty (body hashed
    /// with the template's <c>c=</c> and <c>l=</c>, §3.7) and then <c>b=</c> (§5.4–§5.6), leaving every other byte of
    /// the template as given, so any tag order, folding or optional tag (<c>q=</c>, <c>z=</c>, …) is kept.
    /// </summary>
    /// <remarks>
    /// The template is validated with the DKIM-Signature parser (required tags, <c>v=1</c>, <c>h=</c> with From,
    /// <c>i=</c> within <c>d=</c>, …) and its <c>a=</c> must be the key's algorithm. <c>t=</c> and <c>x=</c> are taken
    /// from the template as written; the options' tag and folding settings do not apply except
    /// <see cref="DkimMessageSignerOptions.LineLength"/>, the column at which the inserted base64 values are folded.
    /// </remarks>
    /// <param name="message">The message.</param>
    /// <param name="key">The private key.</param>
    /// <param name="template">The field, with or without the leading "DKIM-Signature:" name, without a trailing CRLF.</param>
    /// <param name="field">The signed field (with the name), without a trailing CRLF.</param>
    /// <param name="error">Why the template cannot be signed, or <see cref="DkimParseError.None"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="field"/> was produced.</returns>
    public bool TrySignTemplate(RawMessage message, DkimSigningKey key, string template, [NotNullWhen(true)] out string? field, out DkimParseError error)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(template);
        field = null;
        string text = template.StartsWith(FieldName + ":", StringComparison.OrdinalIgnoreCase) ? template : FieldName + ":" + template;
        int valueStart = FieldName.Length + 1;
        if (!DkimSignature.TryParseCore(text.AsSpan(valueStart), DkimTagProfiles.DkimSignatureTemplate, out var signature, out error))
        {
            return false;
        }

        if (signature.Algorithm != key.Algorithm)
        {
            error = new DkimParseError(DkimProblem.KeyAlgorithmMismatch, $"a={DkimAlgorithms.GetName(signature.Algorithm)} does not match the {DkimAlgorithms.GetName(key.Algorithm)} key", -1);
            return false;
        }

        if (signature.BodyHash.IsEmpty)
        {
            using var hasher = new DkimBodyHasher(signature.BodyCanonicalization, DkimAlgorithms.GetHash(signature.Algorithm), signature.BodyLength);
            hasher.Append(message.Body);
            var (offset, length) = signature.BodyHashValueRange.GetOffsetAndLength(text.Length - valueStart);
            text = DkimFieldSigner.Insert(text, valueStart + offset, length, Convert.ToBase64String(hasher.Complete()), _options.LineLength);

            // Positions after bh= moved: find b= again in the filled text.
            if (!DkimSignature.TryParseCore(text.AsSpan(valueStart), DkimTagProfiles.DkimSignatureTemplate, out signature, out error))
            {
                return false;
            }
        }

        var range = signature.SignatureValueRange;
        field = DkimFieldSigner.Sign(
            text,
            new Range(valueStart + range.Start.Value, valueStart + range.End.Value),
            message.Headers,
            signature.SignedHeaders,
            signature.HeaderCanonicalization,
            key,
            _options.LineLength);
        return true;
    }

    /// <summary>Signs with an explicit tag template; see <see cref="TrySignTemplate"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="key">The private key.</param>
    /// <param name="template">The field with empty <c>b=</c>, with or without the "DKIM-Signature:" name.</param>
    /// <returns>The signed field (with the name), without a trailing CRLF.</returns>
    /// <exception cref="FormatException">The template is invalid or does not match the key.</exception>
    public string SignTemplate(RawMessage message, DkimSigningKey key, string template) =>
        TrySignTemplate(message, key, template, out string? field, out var error) ? field : throw new FormatException(error.ToString());

    private string SignOne(IReadOnlyList<HeaderField> headers, DkimSigningRequest request, IReadOnlyList<string> signedNames, string bodyHash, long? bodyLength, long now)
    {
        var key = request.Key;
        var algorithm = key.Algorithm;
        var tags = new List<string>(12)
        {
            "v=1",
            "a=" + DkimAlgorithms.GetName(algorithm),
            "c=" + DkimAlgorithms.GetName(_options.HeaderCanonicalization) + "/" + DkimAlgorithms.GetName(_options.BodyCanonicalization),
            "d=" + request.Domain,
            "s=" + request.Selector,
        };
        if (request.Identity is not null)
        {
            // i= is dkim-quoted-printable (RFC 6376 §3.5): an "=" in the local-part is written "=3D".
            tags.Add("i=" + DkimText.EncodeQuotedPrintable(request.Identity));
        }

        if (_options.IncludeTimestamp)
        {
            tags.Add("t=" + now.ToString(CultureInfo.InvariantCulture));
        }

        if (_options.Expiration is { } lifetime)
        {
            tags.Add("x=" + (now + (long)Math.Ceiling(lifetime.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }

        if (bodyLength is { } l)
        {
            tags.Add("l=" + l.ToString(CultureInfo.InvariantCulture));
        }

        var folder = new Folder(_options.LineLength);
        folder.Append(FieldName + ":");
        foreach (string tag in tags)
        {
            folder.AppendWord(tag + ";");
        }

        folder.AppendHeaderList(signedNames);
        folder.AppendWord("bh=" + bodyHash + ";");
        folder.AppendWord("b=");
        string unsigned = folder.ToString();
        return DkimFieldSigner.Sign(
            unsigned, new Range(unsigned.Length, unsigned.Length), headers, signedNames, _options.HeaderCanonicalization, key, _options.LineLength);
    }

    // RFC 6376 §5.4.2, §8.15: each name is listed once per occurrence; once more ("over-signed", matching no field)
    // when it is in OversignedHeaders, or in OversignedWhenPresentHeaders and present. A field of that name added
    // later, above the others, is then covered by the signature and breaks it.
    private List<string> SelectHeaderNames(IReadOnlyList<HeaderField> headers)
    {
        if (_options.SignedHeaders is { } explicitList)
        {
            return [.. explicitList];
        }

        var names = new List<string>();
        foreach (string name in DkimMessageSignerOptions.RecommendedHeaders)
        {
            AddName(names, headers, name);
        }

        foreach (string name in _options.OversignedHeaders)
        {
            if (!DkimMessageSignerOptions.RecommendedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                AddName(names, headers, name);
            }
        }

        return names;
    }

    private void AddName(List<string> names, IReadOnlyList<HeaderField> headers, string name)
    {
        int count = 0;
        foreach (var header in headers)
        {
            if (header.HasName(name))
            {
                count++;
            }
        }

        if (_options.OversignedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase)
            || (count > 0 && _options.OversignedWhenPresentHeaders.Contains(name, StringComparer.OrdinalIgnoreCase)))
        {
            count++;
        }

        for (int i = 0; i < count; i++)
        {
            names.Add(name.ToLowerInvariant());
        }
    }

    private static void Validate(DkimSigningRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Key);
        ValidateDomain(request.Domain, nameof(request));
        ValidateSelector(request.Selector, nameof(request));

        if (request.Identity is { } identity)
        {
            int at = identity.LastIndexOf('@');
            if (at < 0 || !DkimSignature.IsSameOrSubdomain(identity.AsSpan(at + 1), request.Domain)
                || identity.Any(c => c is ';' or < '!' or > '~'))
            {
                throw new ArgumentException($"i={identity} must be [local-part]@domain with the domain equal to or under d={request.Domain} (RFC 6376 §3.5).", nameof(request));
            }
        }
    }

    private static void ValidateDomain(string domain, string parameter)
    {
        ArgumentNullException.ThrowIfNull(domain, parameter);
        if (!DomainName.IsValid(domain, DomainNameRules.AllowUnderscore))
        {
            throw new ArgumentException($"'{domain}' is not a valid signing domain (use A-labels for IDNs).", parameter);
        }
    }

    private static void ValidateSelector(string selector, string parameter)
    {
        ArgumentNullException.ThrowIfNull(selector, parameter);
        if (!DomainName.IsValid(selector, DomainNameRules.AllowUnderscore | DomainNameRules.AllowSingleLabel))
        {
            throw new ArgumentException($"'{selector}' is not a valid selector.", parameter);
        }
    }

    /// <summary>Folds the field at a column: words move to a new line starting with one SP when they do not fit.</summary>
    private sealed class Folder(int lineLength)
    {
        private readonly StringBuilder _text = new(512);
        private int _column;

        public void Append(string text)
        {
            _text.Append(text);
            _column += text.Length;
        }

        public void AppendWord(string word)
        {
            if (_column + 1 + word.Length > lineLength)
            {
                _text.Append("\r\n");
                _column = 0;
            }

            Append(" " + word);
        }

        // h= may be folded at its colons (sig-h-tag allows FWS around ":").
        public void AppendHeaderList(IReadOnlyList<string> names)
        {
            var sb = new StringBuilder("h=");
            for (int i = 0; i < names.Count; i++)
            {
                string piece = names[i] + (i + 1 < names.Count ? ":" : ";");
                if (_column + 1 + sb.Length + piece.Length > lineLength && sb.Length > 2)
                {
                    AppendWord(sb.ToString());
                    sb.Clear();
                }

                sb.Append(piece);
            }

            AppendWord(sb.ToString());
        }

        public override string ToString() => _text.ToString();
    }
}
