using MailAuth.Keys;

namespace MailAuth.Policy;

/// <summary>
/// The sending side for a hosting provider (guide 6.2.2, figure 6-9): per customer domain, sign everything, sign only
/// the customer's own-domain mail, or refuse mail whose From is another domain. Keys come from an <see cref="IKeyStore"/>
/// by domain (its first active key). Immutable and safe to share across threads.
/// </summary>
public sealed class SigningPolicy
{
    private readonly IKeyStore _keys;
    private readonly Dictionary<string, SigningMode> _modes;
    private readonly SigningMode _default;

    /// <summary>Creates a signing policy.</summary>
    /// <param name="keys">Where signing keys come from.</param>
    /// <param name="modes">The mode per customer domain.</param>
    /// <param name="defaultMode">The mode for customer domains not in <paramref name="modes"/>.</param>
    /// <exception cref="ArgumentException">A key of <paramref name="modes"/> is not a domain name, is listed twice, or a mode is undefined.</exception>
    public SigningPolicy(IKeyStore keys, IReadOnlyDictionary<string, SigningMode> modes, SigningMode defaultMode = SigningMode.SignOwnDomainOnly)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(modes);
        _keys = keys;
        _default = Enum.IsDefined(defaultMode) ? defaultMode : throw new ArgumentOutOfRangeException(nameof(defaultMode));
        _modes = new Dictionary<string, SigningMode>(StringComparer.Ordinal);
        foreach ((string domain, SigningMode mode) in modes)
        {
            if (!DomainMatcher.TryNormalize(domain, out string? name) || !Enum.IsDefined(mode) || !_modes.TryAdd(name, mode))
            {
                throw new ArgumentException($"Signing mode for '{Text.ReasonText.Escape(domain)}': not a domain name, listed twice, or an undefined mode.", nameof(modes));
            }
        }
    }

    /// <summary>Decides how to sign a message a customer sends.</summary>
    /// <param name="customerDomain">The customer (sending account's) domain.</param>
    /// <param name="fromDomain">The RFC5322.From domain of the message, or <see langword="null"/> when it has none or it is unusable.</param>
    /// <param name="cancellationToken">Cancels the key look-up.</param>
    /// <returns>The decision; a missing key gives <see cref="SigningAction.SendUnsigned"/> with the reason (or <see cref="SigningAction.Refuse"/> in <see cref="SigningMode.RefuseOtherDomains"/>).</returns>
    public async ValueTask<SigningDecision> DecideAsync(string customerDomain, string? fromDomain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerDomain);
        if (!DomainMatcher.TryNormalize(customerDomain, out string? customer))
        {
            throw new ArgumentException("The customer domain is not a domain name.", nameof(customerDomain));
        }

        SigningMode mode = _modes.TryGetValue(customer, out SigningMode m) ? m : _default;
        bool own = DomainMatcher.TryNormalize(fromDomain, out string? from)
            && (from == customer || from.EndsWith("." + customer, StringComparison.Ordinal));
        if (!own && mode == SigningMode.RefuseOtherDomains)
        {
            return Refused($"From domain {PolicyText.Token(from ?? fromDomain)} is not {customer}");
        }

        if (!own && mode == SigningMode.SignOwnDomainOnly)
        {
            return new SigningDecision { Action = SigningAction.SendUnsigned, Reason = $"From domain {PolicyText.Token(from ?? fromDomain)} is not {customer}: sent unsigned" };
        }

        // Own-domain mail is signed by the From domain (aligned for DMARC); other mail by the customer (third party).
        string signer = own ? from! : customer;
        IReadOnlyList<DkimKeyEntry> entries = await _keys.GetActiveKeysAsync(signer, cancellationToken).ConfigureAwait(false);
        if (entries.Count == 0 && own && signer != customer)
        {
            entries = await _keys.GetActiveKeysAsync(customer, cancellationToken).ConfigureAwait(false);
        }

        if (entries.Count == 0)
        {
            return mode == SigningMode.RefuseOtherDomains
                ? Refused($"no active signing key for {signer}")
                : new SigningDecision { Action = SigningAction.SendUnsigned, Reason = $"no active signing key for {signer}: sent unsigned" };
        }

        DkimKeyEntry key = entries[0];
        bool thirdParty = !own;
        return new SigningDecision
        {
            Action = SigningAction.Sign,
            Domain = key.Domain,
            Selector = key.Selector,
            Key = key.Key,
            ThirdParty = thirdParty,
            Reason = thirdParty ? $"third-party signature by {PolicyText.Token(key.Domain)}" : $"signed by {PolicyText.Token(key.Domain)}",
        };
    }

    // RFC 3463 §3.8: X.7.1 delivery not authorized, message refused.
    private static SigningDecision Refused(string reason)
        => new() { Action = SigningAction.Refuse, SmtpReply = new SmtpReply(550, "5.7.1", "Sender address not allowed for this account"), Reason = reason };
}
