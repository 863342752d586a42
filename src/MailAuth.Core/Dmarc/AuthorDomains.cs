using MailAuth.Text;

namespace MailAuth.Dmarc;

/// <summary>
/// The Author Domain(s) taken from the RFC5322.From field (RFC 7489 §3.1 and §6.6.1, RFC 9989 §3.2.2 and §5.3.1):
/// distinct domains in order, or an error. Create with <see cref="Extract(IReadOnlyList{string})"/>.
/// </summary>
public sealed class AuthorDomains
{
    private AuthorDomains(IReadOnlyList<string> domains, int addressCount, AuthorDomainError error, string? message)
    {
        Domains = domains;
        AddressCount = addressCount;
        Error = error;
        ErrorMessage = ReasonText.Escape(message);
    }

    /// <summary>The distinct domains, lower case, without trailing dots, in order of appearance.</summary>
    public IReadOnlyList<string> Domains { get; }

    /// <summary>The number of mailboxes in the field.</summary>
    public int AddressCount { get; }

    /// <summary>Why no usable domain was found, or <see cref="AuthorDomainError.None"/>.</summary>
    public AuthorDomainError Error { get; }

    /// <summary>Detail for <see cref="Error"/>.</summary>
    public string? ErrorMessage { get; }

    /// <summary><see langword="true"/> when <see cref="Error"/> is <see cref="AuthorDomainError.None"/>.</summary>
    public bool IsValid => Error == AuthorDomainError.None;

    /// <summary>A single known domain (for callers that already extracted it).</summary>
    /// <param name="domain">The domain.</param>
    /// <returns>The value.</returns>
    public static AuthorDomains FromDomain(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return new AuthorDomains([domain.Trim().TrimEnd('.').ToLowerInvariant()], 1, AuthorDomainError.None, null);
    }

    /// <summary>
    /// Extracts the domains from the values of the message's From header fields (unfolded or folded, without the
    /// <c>From:</c> name). Handles display names, comments, quoted local parts, groups (RFC 6854), obsolete routes and
    /// several mailboxes. Never throws for bad input.
    /// </summary>
    /// <param name="fromFieldValues">The value of every From field of the message (normally one).</param>
    /// <returns>The domains or an error.</returns>
    public static AuthorDomains Extract(IReadOnlyList<string> fromFieldValues)
    {
        ArgumentNullException.ThrowIfNull(fromFieldValues);
        if (fromFieldValues.Count == 0)
        {
            return Fail(AuthorDomainError.NoFromField, "no From header field", 0);
        }

        if (fromFieldValues.Count > 1)
        {
            return Fail(AuthorDomainError.MultipleFromFields, $"{fromFieldValues.Count} From header fields", 0);
        }

        return Extract(fromFieldValues[0]);
    }

    /// <summary>Extracts the domains from one From field value.</summary>
    /// <param name="fromFieldValue">The field value.</param>
    /// <returns>The domains or an error.</returns>
    public static AuthorDomains Extract(string fromFieldValue)
    {
        ArgumentNullException.ThrowIfNull(fromFieldValue);
        var parser = new AddressListParser(fromFieldValue);
        if (!parser.TryParse(out var mailboxes, out string? error))
        {
            return Fail(AuthorDomainError.Malformed, error!, 0);
        }

        if (mailboxes.Count == 0)
        {
            return Fail(AuthorDomainError.NoAddress, "the From field holds no address", 0);
        }

        var domains = new List<string>(mailboxes.Count);
        foreach (var (address, domain) in mailboxes)
        {
            if (domain is null)
            {
                return Fail(AuthorDomainError.AddressWithoutDomain, $"address '{address}' has no domain", mailboxes.Count);
            }

            string normalized = domain.TrimEnd('.').ToLowerInvariant();
            if (!domains.Contains(normalized))
            {
                domains.Add(normalized);
            }
        }

        return new AuthorDomains(domains, mailboxes.Count, AuthorDomainError.None, null);
    }

    private static AuthorDomains Fail(AuthorDomainError error, string message, int count) => new(Array.Empty<string>(), count, error, message);
}
