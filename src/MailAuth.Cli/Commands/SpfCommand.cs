using System.Net;
using MailAuth.AuthResults;
using MailAuth.Spf;

namespace MailAuth.Cli.Commands;

/// <summary><c>mailauth spf --ip IP --mail-from ADDR [--helo NAME]</c>: check_host() (RFC 7208) and the headers it gives.</summary>
internal sealed class SpfCommand : ICommand
{
    private static readonly OptionSpec Ip = new("ip", "IP", "the SMTP client's IPv4 or IPv6 address (required)");
    private static readonly OptionSpec MailFrom = new("mail-from", "ADDR", "the MAIL FROM address; \"\" or \"<>\" for the null sender (then postmaster@HELO)");
    private static readonly OptionSpec Helo = new("helo", "NAME", "the HELO/EHLO name; alone (without --mail-from) it runs the HELO check");
    private static readonly OptionSpec Receiver = new("receiver", "NAME", "this host's name for Received-SPF, Authentication-Results and %{r} (default: unknown)");

    public string Name => "spf";

    public string Summary => "evaluate SPF (RFC 7208) for a client IP and MAIL FROM or HELO; print the result and headers";

    public string Usage => "--ip IP (--mail-from ADDR [--helo NAME] | --helo NAME)";

    public string Description => """
        Runs check_host() with every limit of RFC 7208 §4.6.4 (10 DNS-querying terms, 2 void look-ups,
        10 MX/PTR names, 20 s) and prints the result, the reason, the matched mechanism, the explanation of a fail,
        the DNS look-ups used, the Received-SPF header field (§9.1) and the Authentication-Results field (RFC 8601).
        With --mail-from the MAIL FROM identity is checked (postmaster@HELO when the address is empty, §2.4);
        with only --helo the HELO identity (§2.3).
        Exit code 0 for pass, 1 for fail, softfail, neutral, none and permerror, 3 for temperror.

        Examples:
          mailauth spf --ip 192.0.2.10 --mail-from alice@example.com --helo mail.example.com
          mailauth spf --ip 2001:db8::25 --helo mail.example.com --zone example.zone --json
        """;

    public IReadOnlyList<OptionSpec> Options { get; } = [Ip, MailFrom, Helo, Receiver];

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals(0, 0, Usage);
        string ipText = context.Arguments.Get(Ip.Name) ?? throw new UsageException("--ip is required");
        if (!IPAddress.TryParse(ipText, out IPAddress? ip) || !(ipText.Contains('.', StringComparison.Ordinal) || ipText.Contains(':', StringComparison.Ordinal)))
        {
            throw new UsageException($"--ip: '{ipText}' is not an IPv4 or IPv6 address");
        }

        string? mailFrom = context.Arguments.Get(MailFrom.Name);
        string? helo = context.Arguments.Get(Helo.Name);
        if (mailFrom is null && helo is null)
        {
            throw new UsageException("give --mail-from (MAIL FROM check) or --helo (HELO check)");
        }

        string receiver = context.Arguments.Get(Receiver.Name) is { } r ? CommonOptions.AuthServId(r, Receiver.Name) : "unknown";
        AuthResultsHeader header;
        try
        {
            header = new AuthResultsHeader(receiver == "unknown" ? "localhost" : receiver);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--receiver: '{receiver}' cannot be an authserv-id ({ex.Message})");
        }

        var evaluator = new SpfEvaluator(context.Resolver, new SpfOptions { ReceiverName = receiver, TimeProvider = context.TimeProvider });
        SpfResult result = mailFrom is not null
            ? await evaluator.CheckMailFromAsync(ip, mailFrom, helo, cancellationToken).ConfigureAwait(false)
            : await evaluator.CheckHeloAsync(ip, helo!, cancellationToken).ConfigureAwait(false);

        string receivedSpf = ReceivedSpfHeader.Format(result, receiver);
        string authResults = AuthResultsFormatter.Format(new AuthResultsHeader(header.AuthServId, [result.ToAuthMethodResult()]));
        string identity = result.Identity == SpfIdentity.Helo ? "helo" : "mailfrom";
        if (context.Json)
        {
            await JsonOutput.WriteAsync(context.Out, w =>
            {
                w.WriteStartObject();
                w.WriteString("result", result.Keyword);
                w.WriteString("reason", result.Reason);
                w.WriteString("identity", identity);
                w.WriteString("domain", result.Domain);
                w.WriteString("sender", result.Sender);
                w.WriteString("clientIp", result.ClientAddress.ToString());
                WriteNullable(w, "helo", result.Helo);
                WriteNullable(w, "mechanism", result.Mechanism);
                WriteNullable(w, "explanation", result.Explanation);
                w.WriteNumber("dnsLookups", result.DnsLookups);
                w.WriteNumber("voidLookups", result.VoidLookups);
                w.WriteString("receivedSpf", receivedSpf);
                w.WriteString("authenticationResults", authResults);
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
        else
        {
            TextWriter o = context.Out;
            await o.WriteLineAsync($"spf: {result.Keyword}").ConfigureAwait(false);
            await o.WriteLineAsync($"reason: {TerminalText.Value(result.Reason)}").ConfigureAwait(false);
            await o.WriteLineAsync($"identity: {identity} (domain {TerminalText.Value(result.Domain)}, sender {TerminalText.Value(result.Sender)})").ConfigureAwait(false);
            if (result.Mechanism is not null)
            {
                await o.WriteLineAsync($"mechanism: {TerminalText.Value(result.Mechanism)}").ConfigureAwait(false);
            }

            if (result.Explanation is not null)
            {
                await o.WriteLineAsync($"explanation: {TerminalText.Value(result.Explanation)}").ConfigureAwait(false);
            }

            await o.WriteLineAsync($"dns lookups: {result.DnsLookups} (void {result.VoidLookups})").ConfigureAwait(false);
            await o.WriteLineAsync(TerminalText.HeaderField(receivedSpf)).ConfigureAwait(false);
            await o.WriteLineAsync(TerminalText.HeaderField(authResults)).ConfigureAwait(false);
        }

        return result.Status switch
        {
            SpfStatus.Pass => ExitCodes.Ok,
            SpfStatus.TempError => ExitCodes.Failure,
            _ => ExitCodes.Negative,
        };
    }

    private static void WriteNullable(System.Text.Json.Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
