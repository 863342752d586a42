using MailAuth.Dkim;
using MailAuth.Dns;
using MailAuth.Keys;
using Microsoft.Extensions.Options;

namespace MailAuth.Extensions.Hosting;

/// <summary>
/// Checks bound <see cref="MailAuthOptions"/> when the host starts (<c>ValidateOnStart</c>). Every failure names the
/// configuration key it comes from (e.g. <c>MailAuth:Dns:Servers:0</c>), and all failures are reported together as
/// one <see cref="OptionsValidationException"/> — a bad value never reaches a service constructor, so it cannot
/// surface later as a wrapped exception from whichever service is resolved first.
/// </summary>
/// <param name="sectionPath">The path of the bound section (e.g. <c>MailAuth</c>), the prefix of every key in the messages.</param>
internal sealed class MailAuthOptionsValidator(string sectionPath) : IValidateOptions<MailAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, MailAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>(options.BindErrors);
        ValidateDns(options.Dns, failures);

        // The Core options check their own ranges when the objects are built: build them once here, against an
        // empty in-memory resolver, and report what they refuse under the configuration key.
        TimeProvider time = TimeProvider.System;
        Check(failures, "Cache", () => _ = MailAuthServices.CreateCache(new ZoneFileResolver(), options, time));
        Check(failures, string.Empty, () => _ = new MessageAuthenticator(new ZoneFileResolver(), MailAuthServices.ToAuthenticatorOptions(options, time)));
        Check(failures, "Signing", () => _ = new DkimMessageSigner(MailAuthServices.ToSignerOptions(options.Signing, time)));
        ValidateKeys(options.Keys, failures);
        Check(failures, "Statistics", () => _ = MailAuthServices.CreateStatistics(options.Statistics));
        ValidateSigningPolicy(options.SigningPolicy, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void ValidateDns(MailAuthDnsOptions dns, List<string> failures)
    {
        bool serversParse = true;
        for (int i = 0; i < dns.Servers.Count; i++)
        {
            try
            {
                _ = DnsClientResolverOptions.ParseServer((dns.Servers[i] ?? string.Empty).Trim());
            }
            catch (FormatException e)
            {
                failures.Add($"{Key($"Dns:Servers:{i}")}: {e.Message}");
                serversParse = false;
            }
        }

        if (dns.ZoneFiles.Count > 0 && dns.Servers.Count > 0)
        {
            failures.Add($"{Key("Dns:ZoneFiles")}: zone files and {Key("Dns:Servers")} exclude each other; set one.");
        }

        for (int i = 0; i < dns.ZoneFiles.Count; i++)
        {
            ValidateZoneFile(dns.ZoneFiles[i], Key($"Dns:ZoneFiles:{i}"), failures);
        }

        if (string.IsNullOrWhiteSpace(dns.HealthProbeName))
        {
            failures.Add($"{Key("Dns:HealthProbeName")}: must not be empty.");
        }

        if (serversParse)
        {
            Check(failures, "Dns", () => _ = new DnsClientResolver(MailAuthServices.ToResolverOptions(dns)));
        }
    }

    private static void ValidateZoneFile(string? file, string key, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(file) || !File.Exists(file))
        {
            failures.Add($"{key}: the zone file '{file}' does not exist.");
            return;
        }

        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failures.Add($"{key}: the zone file '{file}' cannot be read: {e.Message}");
            return;
        }

        if (!new ZoneFileResolver().TryLoadZone(text, null, out ZoneFileFormatException? error))
        {
            failures.Add($"{key}: {file}: {error.Message}");
        }
    }

    private void ValidateKeys(MailAuthKeyOptions keys, List<string> failures)
    {
        if (keys.Directory is { Length: > 0 } directory && !Directory.Exists(directory))
        {
            failures.Add($"{Key("Keys:Directory")}: the key directory '{directory}' does not exist.");
        }

        for (int i = 0; i < keys.Domains.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(keys.Domains[i]))
            {
                failures.Add($"{Key($"Keys:Domains:{i}")}: must not be empty.");
            }
        }

        if (keys.MaxKeyAge is { } age && age <= TimeSpan.Zero)
        {
            failures.Add($"{Key("Keys:MaxKeyAge")}: must be positive when set (was {age}).");
        }
    }

    private void ValidateSigningPolicy(MailAuthSigningPolicyOptions signing, List<string> failures)
    {
        try
        {
            _ = MailAuthServices.CreateSigningPolicy(new InMemoryKeyStore(), signing);
        }
        catch (ArgumentException e)
        {
            // The message names the domain; the key is the Domains section (or Default for the default mode).
            string key = e.ParamName == "defaultMode" ? "SigningPolicy:Default" : "SigningPolicy:Domains";
            failures.Add($"{Key(key)}: {WithoutParameterSuffix(e.Message)}");
        }
    }

    // Runs a Core constructor; an option it refuses is reported under its configuration key. ParamName is the Core
    // option's name with its path ("Cache.MaxEntries", "Timeout"), which the hosting sections mirror.
    private void Check(List<string> failures, string section, Action build)
    {
        try
        {
            build();
        }
        catch (ArgumentException e)
        {
            string option = (e.ParamName ?? "?").Replace('.', ':');
            string key = Key(section.Length == 0 ? option : section + ":" + option);
            failures.Add($"{key}: {WithoutParameterSuffix(e.Message)}");
        }
    }

    private string Key(string relative) => sectionPath.Length == 0 ? relative : sectionPath + ":" + relative;

    // ArgumentException.Message appends " (Parameter 'x')" and, for ranges, "Actual value was ..."; the key already says which.
    private static string WithoutParameterSuffix(string message)
    {
        int end = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
