namespace MailAuth.Policy;

/// <summary>One recipient domain's settings, validated and compiled; immutable, shared by every decision of a snapshot.</summary>
internal sealed class CompiledDomainPolicy
{
    internal required string Domain { get; init; }

    internal required bool Filtering { get; init; }

    internal required SpoofedMailAction Action { get; init; }

    internal required string MarkHeader { get; init; }

    internal required string? SubjectTag { get; init; }

    internal required int RejectCode { get; init; }

    internal required string? RejectText { get; init; }

    internal required DomainMatcher AllowedSenderDomains { get; init; }

    internal required IpRangeList AllowedIpRanges { get; init; }

    internal required IpRangeList TrustedForwarders { get; init; }

    internal required DomainMatcher TrustedArcSealers { get; init; }

    internal required DomainMatcher MailingLists { get; init; }

    internal static CompiledDomainPolicy Compile(string domain, DomainPolicySettings? settings, int maxEntries, List<PolicyConfigError> errors)
    {
        if (settings is null)
        {
            errors.Add(new PolicyConfigError(domain, "(settings)", "no settings given"));
            settings = new DomainPolicySettings();
        }

        if (!Enum.IsDefined(settings.Action))
        {
            errors.Add(new PolicyConfigError(domain, nameof(settings.Action), $"'{settings.Action}' is not FollowDmarc, Mark, Quarantine, Reject or Discard"));
        }

        // RFC 5322 §3.6.8: field-name = 1*ftext, ftext = %d33-57 / %d59-126 (printable, no colon).
        string markHeader = settings.MarkHeader ?? string.Empty;
        if (markHeader.Length is 0 or > 76 || markHeader.Any(c => c is <= ' ' or > '~' or ':'))
        {
            errors.Add(new PolicyConfigError(domain, nameof(settings.MarkHeader), "must be a header field name: 1–76 printable ASCII characters without ':' or space"));
        }

        if (settings.SubjectTag is { } tag && (tag.Trim().Length == 0 || tag.Length > 64 || !PolicyText.IsPrintable(tag)))
        {
            errors.Add(new PolicyConfigError(domain, nameof(settings.SubjectTag), "must be 1–64 printable ASCII characters (no CR, LF or other controls)"));
        }

        // RFC 5321 §4.2.2/§4.2.3: 550 mailbox unavailable/policy, 551, 552, 553, 554 transaction failed.
        if (settings.RejectCode is < 550 or > 554)
        {
            errors.Add(new PolicyConfigError(domain, nameof(settings.RejectCode), $"{settings.RejectCode} is not a permanent rejection code (550–554)"));
        }

        if (settings.RejectText is { } text && (text.Length > 200 || !PolicyText.IsPrintable(text)))
        {
            errors.Add(new PolicyConfigError(domain, nameof(settings.RejectText), "must be at most 200 printable ASCII characters (no CR, LF or other controls)"));
        }

        return new CompiledDomainPolicy
        {
            Domain = domain,
            Filtering = settings.Filtering,
            Action = settings.Action,
            MarkHeader = markHeader,
            SubjectTag = settings.SubjectTag?.Trim(),
            RejectCode = settings.RejectCode,
            RejectText = settings.RejectText,
            AllowedSenderDomains = DomainMatcher.Build(List(settings.AllowedSenderDomains, nameof(settings.AllowedSenderDomains)), domain, nameof(settings.AllowedSenderDomains), errors),
            AllowedIpRanges = IpRangeList.Build(List(settings.AllowedIpRanges, nameof(settings.AllowedIpRanges)), domain, nameof(settings.AllowedIpRanges), errors),
            TrustedForwarders = IpRangeList.Build(List(settings.TrustedForwarders, nameof(settings.TrustedForwarders)), domain, nameof(settings.TrustedForwarders), errors),
            TrustedArcSealers = DomainMatcher.Build(List(settings.TrustedArcSealers, nameof(settings.TrustedArcSealers)), domain, nameof(settings.TrustedArcSealers), errors),
            MailingLists = DomainMatcher.Build(List(settings.MailingLists, nameof(settings.MailingLists)), domain, nameof(settings.MailingLists), errors),
        };

        IReadOnlyList<string> List(IReadOnlyList<string>? list, string key)
        {
            if (list is null)
            {
                return Array.Empty<string>();
            }

            if (list.Count > maxEntries)
            {
                errors.Add(new PolicyConfigError(domain, key, $"{list.Count} entries; at most {maxEntries} (MaxListEntries)"));
                return Array.Empty<string>();
            }

            return list;
        }
    }
}
