using System.Text.Json;

namespace MailAuth.Policy;

/// <summary>
/// Loads <see cref="ReceiverPolicySettings"/> from JSON, the shape of an appsettings.json section (keys compared
/// ignoring case, comments allowed):
/// <code>
/// { "Default": { "Action": "FollowDmarc" },
///   "Domains": { "customer.example": { "Filtering": true, "Action": "Mark", "SubjectTag": "[SPOOFED]",
///                                      "AllowedSenderDomains": ["partner.example"], "AllowedIpRanges": ["192.0.2.0/24"],
///                                      "TrustedForwarders": [], "TrustedArcSealers": ["arc.example"], "MailingLists": [] } } }
/// </code>
/// Never throws for bad text: syntax errors, wrong types, unknown keys and invalid values come back as
/// <see cref="PolicyConfigError"/> values naming the domain and the key. Uses no reflection (AOT-safe).
/// </summary>
public static class ReceiverPolicyJson
{
    /// <summary>The longest JSON text accepted, in characters.</summary>
    public const int MaxLength = 64 * 1024 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 16,
    };

    /// <summary>Parses and validates settings.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="section">
    /// The path of the settings object inside the document, with <c>:</c> between keys as in .NET configuration (e.g.
    /// <c>MailAuth:ReceiverPolicy</c>), or <see langword="null"/> when the document is the settings object.
    /// </param>
    /// <param name="settings">The settings when there is no error.</param>
    /// <param name="errors">Every error; empty on success.</param>
    /// <returns><see langword="true"/> when the settings are valid.</returns>
    public static bool TryLoad(string? json, string? section, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ReceiverPolicySettings? settings, out IReadOnlyList<PolicyConfigError> errors)
    {
        settings = null;
        var list = new List<PolicyConfigError>();
        errors = list;
        if (string.IsNullOrWhiteSpace(json) || json.Length > MaxLength)
        {
            list.Add(new PolicyConfigError(string.Empty, "(document)", json is { Length: > MaxLength } ? $"longer than {MaxLength} characters" : "empty"));
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            list.Add(new PolicyConfigError(string.Empty, "(document)", $"not JSON: line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}"));
            return false;
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            foreach (string part in (section ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                if (root.ValueKind != JsonValueKind.Object || !TryGet(root, part, out root))
                {
                    list.Add(new PolicyConfigError(string.Empty, section!, "section not found"));
                    return false;
                }
            }

            ReceiverPolicySettings parsed = ReadSettings(root, list);
            if (list.Count > 0)
            {
                return false;
            }

            list.AddRange(ReceiverPolicy.Validate(parsed));
            if (list.Count > 0)
            {
                return false;
            }

            settings = parsed;
            return true;
        }
    }

    private static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        foreach (JsonProperty property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static ReceiverPolicySettings ReadSettings(JsonElement root, List<PolicyConfigError> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new PolicyConfigError(string.Empty, "(settings)", "must be an object"));
            return new ReceiverPolicySettings();
        }

        DomainPolicySettings fallback = new();
        var domains = new Dictionary<string, DomainPolicySettings>(StringComparer.OrdinalIgnoreCase);
        int maxEntries = 10_000;
        int maxDomains = 100_000;
        foreach (JsonProperty property in root.EnumerateObject())
        {
            switch (property.Name.ToLowerInvariant())
            {
                case "default":
                    fallback = ReadDomain("*", property.Value, errors);
                    break;
                case "domains":
                    if (property.Value.ValueKind != JsonValueKind.Object)
                    {
                        errors.Add(new PolicyConfigError(string.Empty, "Domains", "must be an object of domain → settings"));
                        break;
                    }

                    foreach (JsonProperty domain in property.Value.EnumerateObject())
                    {
                        string name = Text.ReasonText.Escape(domain.Name) ?? string.Empty;
                        if (!domains.TryAdd(domain.Name, ReadDomain(name, domain.Value, errors)))
                        {
                            errors.Add(new PolicyConfigError(name, "(domain)", "listed twice"));
                        }
                    }

                    break;
                case "maxlistentries":
                    maxEntries = ReadInt(string.Empty, "MaxListEntries", property.Value, errors) ?? maxEntries;
                    break;
                case "maxdomains":
                    maxDomains = ReadInt(string.Empty, "MaxDomains", property.Value, errors) ?? maxDomains;
                    break;
                default:
                    errors.Add(new PolicyConfigError(string.Empty, Text.ReasonText.Escape(property.Name) ?? string.Empty, "unknown key"));
                    break;
            }
        }

        return new ReceiverPolicySettings { Default = fallback, Domains = domains, MaxListEntries = maxEntries, MaxDomains = maxDomains };
    }

    private static DomainPolicySettings ReadDomain(string domain, JsonElement value, List<PolicyConfigError> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new PolicyConfigError(domain, "(settings)", "must be an object"));
            return new DomainPolicySettings();
        }

        var d = new DomainPolicySettings();
        foreach (JsonProperty property in value.EnumerateObject())
        {
            JsonElement v = property.Value;
            d = property.Name.ToLowerInvariant() switch
            {
                "filtering" => ReadBool(domain, "Filtering", v, errors) is { } b ? Copy(d, filtering: b) : d,
                "action" => ReadAction(domain, v, errors) is { } a ? Copy(d, action: a) : d,
                "markheader" => ReadString(domain, "MarkHeader", v, errors) is { } h ? Copy(d, markHeader: h) : d,
                "subjecttag" => Copy(d, subjectTag: ReadString(domain, "SubjectTag", v, errors) ?? string.Empty, setSubjectTag: true),
                "rejectcode" => ReadInt(domain, "RejectCode", v, errors) is { } c ? Copy(d, rejectCode: c) : d,
                "rejecttext" => Copy(d, rejectText: ReadString(domain, "RejectText", v, errors) ?? string.Empty, setRejectText: true),
                "allowedsenderdomains" => Copy(d, senders: ReadList(domain, "AllowedSenderDomains", v, errors)),
                "allowedipranges" => Copy(d, ips: ReadList(domain, "AllowedIpRanges", v, errors)),
                "trustedforwarders" => Copy(d, forwarders: ReadList(domain, "TrustedForwarders", v, errors)),
                "trustedarcsealers" => Copy(d, sealers: ReadList(domain, "TrustedArcSealers", v, errors)),
                "mailinglists" => Copy(d, lists: ReadList(domain, "MailingLists", v, errors)),
                _ => Unknown(d, domain, property.Name, errors),
            };
        }

        return d;
    }

    private static DomainPolicySettings Unknown(DomainPolicySettings d, string domain, string key, List<PolicyConfigError> errors)
    {
        errors.Add(new PolicyConfigError(domain, Text.ReasonText.Escape(key) ?? string.Empty, "unknown key"));
        return d;
    }

    private static DomainPolicySettings Copy(
        DomainPolicySettings d,
        bool? filtering = null,
        SpoofedMailAction? action = null,
        string? markHeader = null,
        string? subjectTag = null,
        bool setSubjectTag = false,
        int? rejectCode = null,
        string? rejectText = null,
        bool setRejectText = false,
        IReadOnlyList<string>? senders = null,
        IReadOnlyList<string>? ips = null,
        IReadOnlyList<string>? forwarders = null,
        IReadOnlyList<string>? sealers = null,
        IReadOnlyList<string>? lists = null) => new()
        {
            Filtering = filtering ?? d.Filtering,
            Action = action ?? d.Action,
            MarkHeader = markHeader ?? d.MarkHeader,
            SubjectTag = setSubjectTag ? subjectTag : d.SubjectTag,
            RejectCode = rejectCode ?? d.RejectCode,
            RejectText = setRejectText ? rejectText : d.RejectText,
            AllowedSenderDomains = senders ?? d.AllowedSenderDomains,
            AllowedIpRanges = ips ?? d.AllowedIpRanges,
            TrustedForwarders = forwarders ?? d.TrustedForwarders,
            TrustedArcSealers = sealers ?? d.TrustedArcSealers,
            MailingLists = lists ?? d.MailingLists,
        };

    private static bool? ReadBool(string domain, string key, JsonElement v, List<PolicyConfigError> errors)
    {
        // appsettings binding also accepts "true"/"false" strings; so do we.
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return v.GetBoolean();
        }

        if (v.ValueKind == JsonValueKind.String && bool.TryParse(v.GetString(), out bool b))
        {
            return b;
        }

        errors.Add(new PolicyConfigError(domain, key, "must be true or false"));
        return null;
    }

    private static int? ReadInt(string domain, string key, JsonElement v, List<PolicyConfigError> errors)
    {
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n))
        {
            return n;
        }

        if (v.ValueKind == JsonValueKind.String && int.TryParse(v.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out n))
        {
            return n;
        }

        errors.Add(new PolicyConfigError(domain, key, "must be an integer"));
        return null;
    }

    private static string? ReadString(string domain, string key, JsonElement v, List<PolicyConfigError> errors)
    {
        if (v.ValueKind == JsonValueKind.String)
        {
            return v.GetString();
        }

        if (v.ValueKind != JsonValueKind.Null)
        {
            errors.Add(new PolicyConfigError(domain, key, "must be a string"));
        }

        return null;
    }

    private static SpoofedMailAction? ReadAction(string domain, JsonElement v, List<PolicyConfigError> errors)
    {
        string? text = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (text is not null && !text.Any(char.IsDigit) && Enum.TryParse(text, ignoreCase: true, out SpoofedMailAction action) && Enum.IsDefined(action))
        {
            return action;
        }

        errors.Add(new PolicyConfigError(domain, "Action", $"'{Text.ReasonText.Escape(text ?? v.ValueKind.ToString())}' is not FollowDmarc, Mark, Quarantine, Reject or Discard"));
        return null;
    }

    private static string[]? ReadList(string domain, string key, JsonElement v, List<PolicyConfigError> errors)
    {
        if (v.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new PolicyConfigError(domain, key, "must be an array of strings"));
            return null;
        }

        var items = new List<string>(Math.Min(v.GetArrayLength(), 1024));
        int i = 0;
        foreach (JsonElement item in v.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                items.Add(item.GetString()!);
            }
            else
            {
                errors.Add(new PolicyConfigError(domain, $"{key}[{i}]", "must be a string"));
            }

            i++;
        }

        return items.ToArray();
    }
}
