using MailAuth.Messages;
using MailAuth.Text;

namespace MailAuth.Dmarc;

/// <summary>
/// The Author Domain(s) taken from the RFC5322.From field (RFC 7489 §3.1 and §6.6.1, RFC 9989 §3.2.2 and §5.3.1):
/// distinct domains in order, or an error. Create with <see cref="Extract(IReadOnlyList{string})"/>.
/// </summary>
public sealed class AuthorDomains
{
    /// <summary>
    /// The most distinct domains <see cref="Extract(IReadOnlyList{string})"/> collects before it stops reading: the upper
    /// bound of <see cref="DmarcOptions.MaxAuthorDomains"/> plus one, so an evaluator with any valid limit can tell that it is exceeded.
    /// </summary>
    public const int DefaultMaxDomains = 101;

    private AuthorDomains(IReadOnlyList<string> domains, int addressCount, AuthorDomainError error, string? message, int fieldCount = 1)
    {
        Domains = domains;
        AddressCount = addressCount;
        Error = error;
        Reason = ReasonText.Escape(message);
        FromFieldCount = fieldCount;
    }

    /// <summary>The distinct domains, lower case, without trailing dots, in order of appearance.</summary>
    public IReadOnlyList<string> Domains { get; }

    /// <summary>The number of mailboxes read (in every From field; reading stops once the domain limit is exceeded).</summary>
    public int AddressCount { get; }

    /// <summary>
    /// The number of From fields the domains were taken from. RFC 5322 §3.6 allows one; with several, every field's
    /// domains are in <see cref="Domains"/> (see <see cref="DmarcOptions.MultipleFromFieldsPermError"/>).
    /// </summary>
    public int FromFieldCount { get; }

    /// <summary>
    /// Why no usable domain was found (RFC 7489 §6.6.1): <see cref="DmarcProblem.NoAuthorDomain"/>,
    /// <see cref="DmarcProblem.InvalidAuthorDomain"/> or <see cref="DmarcProblem.MultipleFromFields"/>; <see cref="DmarcProblem.None"/> when valid.
    /// The same value <see cref="DmarcResult.Problem"/> reports for it.
    /// </summary>
    public DmarcProblem Problem => Error switch
    {
        AuthorDomainError.None => DmarcProblem.None,
        AuthorDomainError.NoFromField or AuthorDomainError.NoAddress => DmarcProblem.NoAuthorDomain,
        AuthorDomainError.MultipleFromFields => DmarcProblem.MultipleFromFields,
        _ => DmarcProblem.InvalidAuthorDomain,
    };

    /// <summary>Why the field is unusable, in words (the offending address is quoted as read); <see langword="null"/> when valid.</summary>
    public string? Reason { get; }

    /// <summary><see langword="true"/> when a domain was found (<see cref="Problem"/> is <see cref="DmarcProblem.None"/>).</summary>
    public bool IsValid => Error == AuthorDomainError.None;

    /// <summary>The finer-grained cause behind <see cref="Problem"/>.</summary>
    internal AuthorDomainError Error { get; }

    /// <summary>A single known domain (for callers that already extracted it).</summary>
    /// <param name="domain">The domain.</param>
    /// <returns>The value.</returns>
    public static AuthorDomains FromDomain(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return new AuthorDomains([DmarcDomain.NormalizeOrKeep(domain)], 1, AuthorDomainError.None, null);
    }

    /// <summary>
    /// Extracts the domains from the values of the message's From header fields (unfolded or folded, without the
    /// <c>From:</c> name). Handles display names, comments, quoted local parts, groups (RFC 6854), obsolete routes and
    /// several mailboxes. Several From fields (which RFC 5322 §3.6 does not allow) are all read, so the evaluator can
    /// apply the strictest policy among their domains. Never throws for bad input.
    /// </summary>
    /// <param name="fromFieldValues">The value of every From field of the message (normally one).</param>
    /// <returns>The domains or an error.</returns>
    public static AuthorDomains Extract(IReadOnlyList<string> fromFieldValues) => Extract(fromFieldValues, DefaultMaxDomains);

    /// <summary>
    /// Like <see cref="Extract(IReadOnlyList{string})"/>, but stops reading once more than <paramref name="maxDomains"/>
    /// distinct domains were found (the result then holds <paramref name="maxDomains"/> + 1 domains), so a hostile
    /// field with thousands of addresses costs no more than the limit.
    /// </summary>
    /// <param name="fromFieldValues">The value of every From field of the message (normally one).</param>
    /// <param name="maxDomains">The domain limit, normally <see cref="DmarcOptions.MaxAuthorDomains"/>; at least 1.</param>
    /// <returns>The domains or an error.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDomains"/> is below 1.</exception>
    public static AuthorDomains Extract(IReadOnlyList<string> fromFieldValues, int maxDomains)
    {
        ArgumentNullException.ThrowIfNull(fromFieldValues);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDomains, 1);
        if (fromFieldValues.Count == 0)
        {
            return Fail(AuthorDomainError.NoFromField, "no From header field", 0);
        }

        var collector = new Collector(maxDomains);
        foreach (string value in fromFieldValues)
        {
            ArgumentNullException.ThrowIfNull(value, nameof(fromFieldValues));
            collector.Add(value);
            if (collector.IsFull)
            {
                break;
            }
        }

        if (collector.Error == AuthorDomainError.None && collector.Addresses == 0)
        {
            return Fail(AuthorDomainError.NoAddress, "the From field holds no address", 0);
        }

        // An unusable address next to usable ones keeps the usable domains (with the error), so an added bad address
        // or field cannot hide a domain whose policy would apply: the evaluator still applies a failing domain's policy.
        return new AuthorDomains(collector.Domains, collector.Addresses, collector.Error, collector.ErrorMessage, fromFieldValues.Count);
    }

    /// <summary>Extracts the domains from one From field value.</summary>
    /// <param name="fromFieldValue">The field value.</param>
    /// <returns>The domains or an error.</returns>
    public static AuthorDomains Extract(string fromFieldValue) => Extract(fromFieldValue, DefaultMaxDomains);

    /// <summary>Extracts the domains from one From field value, reading at most <paramref name="maxDomains"/> + 1 distinct domains.</summary>
    /// <param name="fromFieldValue">The field value.</param>
    /// <param name="maxDomains">The domain limit, normally <see cref="DmarcOptions.MaxAuthorDomains"/>; at least 1.</param>
    /// <returns>The domains or an error.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDomains"/> is below 1.</exception>
    public static AuthorDomains Extract(string fromFieldValue, int maxDomains)
    {
        ArgumentNullException.ThrowIfNull(fromFieldValue);
        return Extract([fromFieldValue], maxDomains);
    }

    private static AuthorDomains Fail(AuthorDomainError error, string message, int count) => new(Array.Empty<string>(), count, error, message);

    /// <summary>Collects distinct normalised domains over one or more fields: O(1) per address (a hash set), stopping past the limit.</summary>
    private sealed class Collector(int maxDomains)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public List<string> Domains { get; } = [];

        public int Addresses { get; private set; }

        public AuthorDomainError Error { get; private set; }

        public string? ErrorMessage { get; private set; }

        public bool IsFull => Domains.Count > maxDomains;

        public void Add(string value)
        {
            var parser = new AddressListParser(value, OnMailbox);
            if (!parser.TryParse(out string? error))
            {
                SetError(AuthorDomainError.Malformed, error!);
            }
        }

        private void SetError(AuthorDomainError error, string message)
        {
            if (Error == AuthorDomainError.None)
            {
                Error = error;
                ErrorMessage = message;
            }
        }

        private bool OnMailbox(AddressListMailbox mailbox)
        {
            (string address, string? domain) = (mailbox.Address, mailbox.Domain);
            Addresses++;
            if (domain is null)
            {
                SetError(AuthorDomainError.AddressWithoutDomain, $"address '{address}' has no domain");
                return true;
            }

            // A name that cannot be a DNS domain (an IPv4 address written without brackets, an all-numeric top-level
            // label, over-long labels) is never looked up (RFC 1123 §2.1, RFC 3696 §2).
            if (!DmarcDomain.TryNormalize(domain, out string normalized, out string? problem))
            {
                SetError(AuthorDomainError.InvalidDomain, $"address '{address}': {problem}");
                return true;
            }

            if (_seen.Add(normalized))
            {
                Domains.Add(normalized);
            }

            return !IsFull;
        }
    }
}
