namespace MailAuth.Policy;

/// <summary>A validated, compiled configuration: immutable, so a decision that read the reference once sees one whole configuration.</summary>
internal sealed class ReceiverPolicySnapshot
{
    private readonly Dictionary<string, CompiledDomainPolicy> _domains;

    private ReceiverPolicySnapshot(CompiledDomainPolicy fallback, Dictionary<string, CompiledDomainPolicy> domains, long generation)
    {
        Default = fallback;
        _domains = domains;
        Generation = generation;
    }

    internal CompiledDomainPolicy Default { get; }

    internal long Generation { get; }

    internal int DomainCount => _domains.Count;

    internal static ReceiverPolicySnapshot? Compile(ReceiverPolicySettings settings, long generation, List<PolicyConfigError> errors)
    {
        int maxEntries = settings.MaxListEntries;
        if (maxEntries is < 1 or > 1_000_000)
        {
            errors.Add(new PolicyConfigError(string.Empty, nameof(settings.MaxListEntries), "must be 1–1000000"));
            maxEntries = 10_000;
        }

        if (settings.MaxDomains is < 1 or > 10_000_000)
        {
            errors.Add(new PolicyConfigError(string.Empty, nameof(settings.MaxDomains), "must be 1–10000000"));
        }

        CompiledDomainPolicy fallback = CompiledDomainPolicy.Compile("*", settings.Default, maxEntries, errors);
        var domains = new Dictionary<string, CompiledDomainPolicy>(StringComparer.Ordinal);
        IReadOnlyDictionary<string, DomainPolicySettings> configured = settings.Domains ?? new Dictionary<string, DomainPolicySettings>();
        if (configured.Count > settings.MaxDomains)
        {
            errors.Add(new PolicyConfigError(string.Empty, nameof(settings.Domains), $"{configured.Count} domains; at most {settings.MaxDomains} (MaxDomains)"));
            return null;
        }

        foreach ((string key, DomainPolicySettings value) in configured)
        {
            if (!DomainMatcher.TryNormalize(key, out string? name))
            {
                errors.Add(new PolicyConfigError(Text.ReasonText.Escape(key) ?? string.Empty, "(domain)", "the key is not a domain name"));
                continue;
            }

            if (domains.ContainsKey(name))
            {
                errors.Add(new PolicyConfigError(name, "(domain)", "listed twice (names are compared ignoring case and a trailing dot)"));
                continue;
            }

            domains[name] = CompiledDomainPolicy.Compile(name, value, maxEntries, errors);
        }

        return errors.Count == 0 ? new ReceiverPolicySnapshot(fallback, domains, generation) : null;
    }

    /// <summary>The settings of the recipient's domain, and that domain normalized (<see langword="null"/> when it is not a domain name).</summary>
    internal CompiledDomainPolicy Find(string recipient, out string? domain)
    {
        int at = recipient.LastIndexOf('@');
        if (!DomainMatcher.TryNormalize(at >= 0 ? recipient[(at + 1)..] : recipient, out domain))
        {
            return Default;
        }

        return _domains.TryGetValue(domain, out CompiledDomainPolicy? policy) ? policy : Default;
    }
}
