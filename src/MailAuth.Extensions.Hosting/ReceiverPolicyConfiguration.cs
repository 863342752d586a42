using System.Text;
using System.Text.Json;
using MailAuth.Policy;
using Microsoft.Extensions.Configuration;

namespace MailAuth.Extensions.Hosting;

/// <summary>
/// The <c>MailAuth:Policy</c> section as last read: the receiver-policy settings, or the errors that keep them from
/// being used. Bound on every configuration change (<c>IOptionsMonitor</c>); never throws, so a bad reload cannot
/// break the configuration provider that fired it.
/// </summary>
internal sealed class ReceiverPolicyConfiguration
{
    /// <summary>The name of the section under <c>MailAuth</c>.</summary>
    public const string SectionName = "Policy";

    // appsettings nesting is a few levels (Policy → Domains → domain → list → item); anything deeper is a mistake.
    private const int MaxDepth = 8;

    /// <summary>The settings, or <see langword="null"/> when <see cref="Errors"/> is not empty.</summary>
    public ReceiverPolicySettings? Settings { get; private set; }

    /// <summary>Every error, each starting with its configuration key (e.g. <c>MailAuth:Policy:Domains:customer.example:AllowedIpRanges:2</c>).</summary>
    public IReadOnlyList<string> Errors { get; private set; } = [];

    /// <summary>
    /// Reads <paramref name="section"/> in the shape of <see cref="ReceiverPolicyJson"/>: the configuration tree is written
    /// as the JSON it came from (children named 0, 1, … become arrays) and loaded by the one policy reader of MailAuth.Core,
    /// so appsettings, a policy file and code are checked by the same rules. No reflection.
    /// </summary>
    public void Load(IConfigurationSection section)
    {
        var errors = new List<string>();
        string json;
        using (var buffer = new MemoryStream())
        {
            using (var writer = new Utf8JsonWriter(buffer))
            {
                Write(writer, section, section.Path, 0, errors);
            }

            json = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        if (errors.Count == 0)
        {
            if (ReceiverPolicyJson.TryLoad(json, null, out ReceiverPolicySettings? settings, out IReadOnlyList<PolicyConfigError> policyErrors))
            {
                Settings = settings;
                Errors = [];
                return;
            }

            errors.AddRange(policyErrors.Select(e => $"{section.Path}:{ConfigurationKey(e)}: {e.Message}"));
        }

        Settings = null;
        Errors = errors;
    }

    // PolicyConfigError names Domains:<domain>:<key> with list items as Key[2]; configuration writes Key:2.
    private static string ConfigurationKey(PolicyConfigError error)
    {
        string key = error.Key;
        int open = key.LastIndexOf('[');
        if (open > 0 && key.EndsWith(']'))
        {
            key = string.Concat(key.AsSpan(0, open), ":", key.AsSpan(open + 1, key.Length - open - 2));
        }

        return error.Domain.Length == 0 ? key : error.Domain == "*" ? "Default:" + key : $"Domains:{error.Domain}:{key}";
    }

    private static void Write(Utf8JsonWriter writer, IConfigurationSection section, string path, int depth, List<string> errors)
    {
        List<IConfigurationSection> children = [.. section.GetChildren()];
        if (children.Count == 0)
        {
            writer.WriteStringValue(section.Value);
            return;
        }

        if (depth >= MaxDepth)
        {
            errors.Add($"{path}: nested deeper than {MaxDepth} levels");
            writer.WriteNullValue();
            return;
        }

        // RFC 8259 arrays: configuration providers flatten them to children 0..n-1.
        bool array = children.All(c => int.TryParse(c.Key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _));
        if (array)
        {
            writer.WriteStartArray();
            foreach (IConfigurationSection child in children.OrderBy(c => int.Parse(c.Key, System.Globalization.CultureInfo.InvariantCulture)))
            {
                Write(writer, child, child.Path, depth + 1, errors);
            }

            writer.WriteEndArray();
            return;
        }

        writer.WriteStartObject();
        foreach (IConfigurationSection child in children)
        {
            // An empty JSON array or object reaches configuration as a key with an empty or no value: the setting's default.
            if (string.IsNullOrEmpty(child.Value) && !child.GetChildren().Any())
            {
                continue;
            }

            writer.WritePropertyName(child.Key);
            Write(writer, child, child.Path, depth + 1, errors);
        }

        writer.WriteEndObject();
    }
}
