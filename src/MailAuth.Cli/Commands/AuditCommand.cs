using System.Globalization;
using System.Net;
using MailAuth.Audit;

namespace MailAuth.Cli.Commands;

/// <summary><c>mailauth audit DOMAIN [--ip IP]... [--envelope-domain D] [--dkim-domain D] [--selector S]...</c>: the domain audit (docs/audit.md).</summary>
internal sealed class AuditCommand : ICommand
{
    private static readonly OptionSpec Ip = new("ip", "IP", "an IP address the domain's mail is sent from (repeatable)", Repeatable: true);
    private static readonly OptionSpec EnvelopeDomain = new("envelope-domain", "DOMAIN", "the MAIL FROM domain of that mail (default: DOMAIN)");
    private static readonly OptionSpec EnvelopeFrom = new("envelope-from", "ADDR", "the MAIL FROM address (its domain is the envelope domain)");
    private static readonly OptionSpec DkimDomain = new("dkim-domain", "DOMAIN", "the DKIM d= domain it is signed with (default: DOMAIN)");
    private static readonly OptionSpec Selector = new("selector", "S", "a DKIM selector it is signed with (repeatable; the first is the current one)", Repeatable: true);
    private static readonly OptionSpec DkimSelector = new("dkim-selector", "S", "the same as --selector", Repeatable: true);
    private static readonly OptionSpec NextSelector = new("next-selector", "S", "the selector of the next key: print a rotation plan");

    public string Name => "audit";

    public string Summary => "audit a domain's SPF, DKIM and DMARC set-up against how its mail is sent; print the signal and findings";

    public string Usage => "DOMAIN [--ip IP]... [--envelope-domain D | --envelope-from ADDR] [--dkim-domain D] [--selector S]... [--next-selector S]";

    public string Description => """
        Checks the SPF record (syntax, worst-case look-ups through includes, void look-ups, all, ptr, type SPF, lengths,
        redirect or include), the DKIM keys of the selectors (size, t=y, h=sha1, revoked, RSA + Ed25519), the DMARC
        record under RFC 9989 and RFC 7489 (policy, pct, rua/ruf authorization, sp/np), whether mail from the IPs with
        that envelope domain and DKIM domain passes SPF and DMARC, TTLs and failing or slow DNS answers, and with
        --next-selector a key rotation plan. Prints the signal (green, yellow, red), the summary and each finding with
        its stable code (docs/audit.md).
        Exit code 0 for green, 4 for yellow, 1 for red.

        Examples:
          mailauth audit example.com --ip 192.0.2.10 --selector s2024
          mailauth audit example.com --ip 203.0.113.5 --envelope-domain bounce.esp.example --selector esp1 --zone example.zone --json
        """;

    public IReadOnlyList<OptionSpec> Options { get; } = [Ip, EnvelopeDomain, EnvelopeFrom, DkimDomain, Selector, DkimSelector, NextSelector, CommonOptions.Now];

    public IReadOnlyList<ArgumentSpec> Arguments { get; } = [new("DOMAIN", "the domain to audit (the From domain)")];

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals(1, 1, Usage);
        string domain = context.Arguments.Positionals[0];
        var addresses = new List<IPAddress>();
        foreach (string text in context.Arguments.GetAll(Ip.Name))
        {
            addresses.Add(IPAddress.TryParse(text, out IPAddress? ip) && (text.Contains('.', StringComparison.Ordinal) || text.Contains(':', StringComparison.Ordinal))
                ? ip
                : throw new UsageException($"--ip: '{text}' is not an IPv4 or IPv6 address"));
        }

        string? envelope = context.Arguments.Get(EnvelopeDomain.Name);
        if (context.Arguments.Get(EnvelopeFrom.Name) is { } from)
        {
            if (envelope is not null)
            {
                throw new UsageException("give --envelope-domain or --envelope-from, not both");
            }

            envelope = from.Trim().TrimStart('<').TrimEnd('>') is var address && address.LastIndexOf('@') is int at and >= 0 ? address[(at + 1)..] : from;
        }

        string[] selectors = [.. context.Arguments.GetAll(Selector.Name), .. context.Arguments.GetAll(DkimSelector.Name)];
        string? next = context.Arguments.Get(NextSelector.Name);
        bool hasProfile = addresses.Count > 0 || envelope is not null || context.Arguments.Has(DkimDomain.Name) || selectors.Length > 0 || next is not null;
        AuditSendingProfile? profile = hasProfile
            ? new AuditSendingProfile
            {
                Addresses = addresses,
                EnvelopeDomain = envelope,
                DkimDomain = context.Arguments.Get(DkimDomain.Name),
                Selectors = selectors,
                NextSelector = next,
            }
            : null;

        var auditor = new DomainAuditor(context.Resolver, new DomainAuditorOptions { TimeProvider = CommonOptions.Clock(context.Arguments, context.TimeProvider) });
        AuditResult result = await auditor.AuditAsync(domain, profile, cancellationToken).ConfigureAwait(false);
        if (context.Json)
        {
            await WriteJsonAsync(context, result).ConfigureAwait(false);
        }
        else
        {
            await WriteTextAsync(context.Out, result).ConfigureAwait(false);
        }

        return ExitCode(result.Signal);
    }

    internal static int ExitCode(AuditSignal signal) => signal switch
    {
        AuditSignal.Green => ExitCodes.Ok,
        AuditSignal.Yellow => ExitCodes.Warning,
        _ => ExitCodes.Negative,
    };

    private static async Task WriteTextAsync(TextWriter o, AuditResult result)
    {
        await o.WriteLineAsync($"domain: {TerminalText.Value(result.Domain)}").ConfigureAwait(false);
        await o.WriteLineAsync($"signal: {Word(result.Signal)}").ConfigureAwait(false);
        await o.WriteLineAsync($"summary: {TerminalText.Value(result.Summary)}").ConfigureAwait(false);
        foreach (AuditFinding f in result.Findings)
        {
            string where = f.Name is null ? string.Empty : " " + TerminalText.Value(f.Name);
            await o.WriteLineAsync($"{Word(f.Severity),-7} {f.Code}{where}: {TerminalText.Value(f.Message)}").ConfigureAwait(false);
            if (f.Record is not null)
            {
                string at = f.Position is { } p ? $" (at offset {p})" : string.Empty;
                await o.WriteLineAsync($"        record{at}: {TerminalText.Value(Shorten(f.Record))}").ConfigureAwait(false);
            }
        }

        foreach (AuditRotationStep step in result.RotationPlan)
        {
            string when = step.Done ? "done" : "not before " + step.NotBefore.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            await o.WriteLineAsync($"rotation {step.Order}: {TerminalText.Value(step.Action)} ({when})").ConfigureAwait(false);
        }

        await o.WriteLineAsync($"dns queries: {result.DnsQueries}").ConfigureAwait(false);
    }

    private static Task WriteJsonAsync(CommandContext context, AuditResult result) => JsonOutput.WriteAsync(context.Out, w =>
    {
        w.WriteStartObject();
        w.WriteString("domain", result.Domain);
        w.WriteString("signal", Word(result.Signal));
        w.WriteString("summary", result.Summary);
        w.WriteNumber("dnsQueries", result.DnsQueries);
        w.WriteStartArray("findings");
        foreach (AuditFinding f in result.Findings)
        {
            w.WriteStartObject();
            w.WriteString("severity", Word(f.Severity));
            w.WriteString("code", f.Code);
            w.WriteString("message", f.Message);
            w.WriteString("name", f.Name); // null writes JSON null
            w.WriteString("record", f.Record);
            if (f.Position is { } p)
            {
                w.WriteNumber("position", p);
            }
            else
            {
                w.WriteNull("position");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("rotationPlan");
        foreach (AuditRotationStep step in result.RotationPlan)
        {
            w.WriteStartObject();
            w.WriteNumber("order", step.Order);
            w.WriteString("action", step.Action);
            w.WriteString("notBefore", step.NotBefore.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            w.WriteBoolean("done", step.Done);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("exitCode", ExitCode(result.Signal));
        w.WriteEndObject();
    });

    private static string Word<T>(T value)
        where T : struct, Enum
        => value.ToString().ToLowerInvariant();

    // A record can be tens of kilobytes (a 10,000-string TXT); the terminal gets its start.
    private static string Shorten(string record) => record.Length <= 300 ? record : record[..300] + $"... ({record.Length} characters)";
}
