using System.Net;
using System.Text.Json;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Policy;
using MailAuth.Spf;

namespace MailAuth.Cli.Commands;

/// <summary>
/// <c>mailauth check FILE --ip IP --helo NAME --mail-from ADDR</c>: the receiving side in one call — SPF, DKIM and DMARC
/// through <see cref="MessageAuthenticator"/>, the disposition and the Authentication-Results field.
/// </summary>
internal sealed class CheckCommand : ICommand
{
    internal static readonly OptionSpec Ip = new("ip", "IP", "the SMTP client's IP address (required)");
    internal static readonly OptionSpec Helo = new("helo", "NAME", "the HELO/EHLO name");
    internal static readonly OptionSpec MailFrom = new("mail-from", "ADDR", "the MAIL FROM address; omit or give '' or '<>' for the null reverse-path");
    internal static readonly OptionSpec AuthServId = new("authserv-id", "ID", "the authserv-id of the Authentication-Results field (default: localhost)");
    private static readonly OptionSpec SenderId = new("sender-id", null, "also run the historic Sender ID (PRA) check (RFC 4406)");
    private static readonly OptionSpec PolicyFile = new("policy", "FILE", "a receiver policy (JSON, see docs/hosting.md): print the decision for --recipient");
    private static readonly OptionSpec Recipient = new("recipient", "ADDR", "the recipient (RCPT TO) whose domain selects the policy settings (with --policy)");

    public string Name => "check";

    public string Summary => "authenticate a received message: SPF, DKIM, DMARC, disposition and Authentication-Results";

    public string Usage => "FILE";

    public string Description => """
        Reads the message in FILE ('-' for standard input) once, checks SPF for the MAIL FROM (or HELO for the
        null reverse-path) and the HELO name, verifies every DKIM signature, evaluates DMARC for the From domain
        and prints each result, the DMARC disposition and the Authentication-Results header field to add.
        Exit code 0 when DMARC passed or the domain has no DMARC policy, 1 when DMARC failed or the message
        cannot be evaluated (permerror: no From, unreadable message), 3 when DMARC could not get DNS answers
        (temperror) or FILE cannot be read.

        Example:
          mailauth check samples/message.eml --ip 192.0.2.25 --helo mail.example.com --mail-from alice@example.com --zone samples/example.zone
        """;

    public IReadOnlyList<OptionSpec> Options { get; } = [Ip, Helo, MailFrom, AuthServId, SenderId, PolicyFile, Recipient, CommonOptions.AllowSha1, CommonOptions.MinRsaBits, CommonOptions.Now];

    public IReadOnlyList<ArgumentSpec> Arguments { get; } = [new("FILE", "the message (RFC 5322), '-' for standard input")];

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals(1, 1, Usage);
        string file = context.Arguments.Positionals[0];
        SmtpContext smtp = ParseSmtp(context);
        MessageAuthenticatorOptions options = AuthenticatorOptions(context, context.Arguments.Has(SenderId.Name));

        ReceiverPolicy? policy = LoadPolicy(context);
        string recipient = context.Arguments.Get(Recipient.Name) ?? string.Empty;
        if (policy is not null && recipient.Length == 0)
        {
            throw new UsageException("--policy needs --recipient (the RCPT TO address or domain)");
        }

        var authenticator = new MessageAuthenticator(context.Resolver, options);
        AuthenticationOutcome report;
        if (file == "-")
        {
            using Stream input = Console.OpenStandardInput();
            report = await authenticator.AuthenticateAsync(input, smtp, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            byte[] message = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
            report = await authenticator.AuthenticateAsync(message, smtp, cancellationToken).ConfigureAwait(false);
        }

        int exit = report.Dmarc.Status switch
        {
            DmarcStatus.Pass or DmarcStatus.None => ExitCodes.Ok,
            DmarcStatus.TempError => ExitCodes.Failure,
            _ => ExitCodes.Negative,
        };
        PolicyDecision? decision = policy?.Decide(report, recipient);
        if (context.Json)
        {
            await JsonOutput.WriteAsync(context.Out, w => WriteJson(w, file, report, decision)).ConfigureAwait(false);
        }
        else
        {
            await context.Out.WriteAsync(FormatText(file, report)).ConfigureAwait(false);
            if (decision is not null)
            {
                await context.Out.WriteAsync(FormatDecision(decision)).ConfigureAwait(false);
            }
        }

        return exit;
    }

    /// <summary>The SMTP context from --ip, --helo and --mail-from (shared with <c>report failure</c>).</summary>
    internal static SmtpContext ParseSmtp(CommandContext context)
    {
        string ipText = context.Arguments.Get(Ip.Name) ?? throw new UsageException("--ip is required (the SMTP client's address)");
        if (!IPAddress.TryParse(ipText, out IPAddress? ip) || !ipText.Contains(ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? '.' : ':', StringComparison.Ordinal))
        {
            throw new UsageException($"--ip needs an IPv4 or IPv6 address, not '{ipText}'");
        }

        return new SmtpContext(ip, context.Arguments.Get(Helo.Name), context.Arguments.Get(MailFrom.Name));
    }

    /// <summary>The authenticator options from --authserv-id, --allow-sha1, --min-rsa-bits and --now (shared with <c>report failure</c>).</summary>
    internal static MessageAuthenticatorOptions AuthenticatorOptions(CommandContext context, bool enableSenderId = false) => new()
    {
        EnableSenderId = enableSenderId,
        TimeProvider = context.TimeProvider,
        Dkim = new DkimMessageVerifierOptions
        {
            AllowRsaSha1 = context.Arguments.Has(CommonOptions.AllowSha1.Name),
            MinRsaKeyBits = CommonOptions.MinimumRsaBits(context.Arguments) ?? new DkimMessageVerifierOptions().MinRsaKeyBits,
        },

        // Checked here as well as by the library: a CR/LF in the id must be a usage error, never a crash.
        AuthServId = context.Arguments.Get(AuthServId.Name) is { } id ? CommonOptions.AuthServId(id, AuthServId.Name) : "localhost",
    };

    private static string FormatText(string file, AuthenticationOutcome report)
    {
        var text = new System.Text.StringBuilder();
        text.Append("Message:     ").Append(TerminalText.Value(file)).Append(" (").Append(TerminalText.Value(report.Context.ToString())).AppendLine(")");
        if (report.ReadError is { } readError)
        {
            text.Append("Read error:  ").AppendLine(TerminalText.Value(readError.ToString()));
        }

        text.Append("SPF:         ").AppendLine(Describe(report.Spf));
        if (report.SpfHelo is { } helo && !ReferenceEquals(helo, report.Spf))
        {
            text.Append("SPF (HELO):  ").AppendLine(Describe(helo));
        }

        if (report.Dkim.Count == 0)
        {
            text.AppendLine("DKIM:        none (no DKIM-Signature)");
        }

        foreach (DkimResult dkim in report.Dkim)
        {
            text.Append("DKIM:        ").Append(dkim.Keyword);
            if (dkim.Domain is not null)
            {
                text.Append(" d=").Append(TerminalText.Value(dkim.Domain)).Append(" s=").Append(TerminalText.Value(dkim.Selector)).Append(" a=").Append(TerminalText.Value(dkim.AlgorithmName));
            }

            if (dkim.KeyBits > 0)
            {
                text.Append(" (").Append(dkim.KeyBits).Append("-bit key)");
            }

            text.AppendLine(dkim.Reason is null ? string.Empty : " -- " + TerminalText.Value(dkim.Reason));
        }

        if (report.SenderId is { } senderId)
        {
            text.Append("Sender ID:   ").AppendLine(Describe(senderId));
        }

        DmarcResult dmarc = report.Dmarc;
        text.Append("DMARC:       ").Append(dmarc.Keyword);
        if (dmarc.AuthorDomain is not null)
        {
            text.Append(" header.from=").Append(TerminalText.Value(dmarc.AuthorDomain));
        }

        if (dmarc.Policy is { } policy)
        {
            text.Append(" policy=").Append(Word(policy));
        }

        text.Append(" -- ").AppendLine(TerminalText.Value(dmarc.Reason));
        text.Append("Disposition: ").AppendLine(Word(report.Disposition));
        text.AppendLine();
        text.AppendLine(TerminalText.HeaderField(report.ToAuthenticationResults()));
        return text.ToString();
    }

    private static string Describe(SpfResult spf) =>
        $"{spf.Keyword} {(spf.Identity == SpfIdentity.MailFrom ? "smtp.mailfrom" : spf.Identity == SpfIdentity.Helo ? "smtp.helo" : "pra")}={TerminalText.Value(spf.Identity == SpfIdentity.Helo ? spf.Helo ?? spf.Domain : spf.Sender)} -- {TerminalText.Value(spf.Reason)}";

    private static string Word(DmarcPolicy policy) => policy switch
    {
        DmarcPolicy.Reject => "reject",
        DmarcPolicy.Quarantine => "quarantine",
        _ => "none",
    };

    private static ReceiverPolicy? LoadPolicy(CommandContext context)
    {
        if (context.Arguments.Get(PolicyFile.Name) is not { } path)
        {
            return null;
        }

        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--policy: cannot read '{TerminalText.Value(path)}': {TerminalText.Value(e.Message)}");
        }

        if (!ReceiverPolicyJson.TryLoad(json, null, out ReceiverPolicySettings? settings, out IReadOnlyList<PolicyConfigError> errors))
        {
            throw new UsageException($"--policy: invalid '{TerminalText.Value(path)}': " + string.Join("; ", errors.Select(e => TerminalText.Value(e.ToString()))));
        }

        return new ReceiverPolicy(settings);
    }

    private static string FormatDecision(PolicyDecision decision)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine();
        text.Append("Policy:      ").Append(TerminalText.Value(decision.PolicyDomain)).Append(" -> ").Append(decision.Action.ToString().ToLowerInvariant())
            .Append(" -- ").AppendLine(TerminalText.Value(decision.Reason));
        if (decision.OverrideKeyword is { } why)
        {
            text.Append("Override:    ").AppendLine(why);
        }

        if (decision.SmtpReply is { } reply)
        {
            text.Append("SMTP reply:  ").AppendLine(TerminalText.Value(reply.ToString()));
        }

        foreach (PolicyHeader header in decision.HeadersToAdd)
        {
            text.Append("Add header:  ").AppendLine(TerminalText.Value(header.ToString()));
        }

        if (decision.SubjectTag is { } tag)
        {
            text.Append("Subject tag: ").AppendLine(TerminalText.Value(tag));
        }

        return text.ToString();
    }

    private static void WriteJson(Utf8JsonWriter w, string file, AuthenticationOutcome report, PolicyDecision? decision)
    {
        w.WriteStartObject();
        w.WriteString("file", file);
        w.WriteStartObject("smtp");
        w.WriteString("ip", report.Context.ClientIp.ToString());
        w.WriteString("helo", report.Context.Helo);
        w.WriteString("mailFrom", report.Context.MailFrom);
        w.WriteEndObject();
        if (report.ReadError is { } readError)
        {
            w.WriteString("readError", readError.ToString());

            // The documented error member: the message could not be read (DMARC permerror, exit 1).
            w.WriteString("error", "message not readable: " + readError);
        }
        else
        {
            w.WriteNull("readError");
        }

        WriteSpf(w, "spf", report.Spf);
        if (report.SpfHelo is { } helo)
        {
            WriteSpf(w, "spfHelo", helo);
        }
        else
        {
            w.WriteNull("spfHelo");
        }

        w.WriteStartArray("dkim");
        foreach (DkimResult dkim in report.Dkim)
        {
            w.WriteStartObject();
            w.WriteString("result", dkim.Keyword);
            w.WriteString("domain", dkim.Domain);
            w.WriteString("selector", dkim.Selector);
            w.WriteString("algorithm", dkim.AlgorithmName);
            w.WriteString("identity", dkim.Identity);
            SignatureOutput.WriteKeyBits(w, dkim.KeyBits);
            w.WriteString("reason", dkim.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (report.SenderId is { } senderId)
        {
            WriteSpf(w, "senderId", senderId);
        }

        DmarcResult dmarc = report.Dmarc;
        w.WriteStartObject("dmarc");
        w.WriteString("result", dmarc.Keyword);
        w.WriteString("reason", dmarc.Reason);
        w.WriteString("headerFrom", dmarc.AuthorDomain);
        w.WriteString("policyDomain", dmarc.PolicyDomain);
        w.WriteString("policy", dmarc.Policy is { } p ? Word(p) : null);
        w.WriteBoolean("spfAligned", dmarc.SpfAligned);
        w.WriteBoolean("dkimAligned", dmarc.DkimAligned);
        w.WriteEndObject();
        w.WriteString("disposition", Word(report.Disposition));
        w.WriteString("authenticationResults", report.ToAuthenticationResults());
        if (decision is not null)
        {
            w.WriteStartObject("policy");
            w.WriteString("domain", decision.PolicyDomain);
            w.WriteString("action", decision.Action.ToString().ToLowerInvariant());
            w.WriteString("reason", decision.Reason);
            w.WriteString("override", decision.OverrideKeyword);
            w.WriteString("smtpReply", decision.SmtpReply?.ToString());
            w.WriteStartArray("headers");
            foreach (PolicyHeader header in decision.HeadersToAdd)
            {
                w.WriteStringValue(header.ToString());
            }

            w.WriteEndArray();
            w.WriteString("subjectTag", decision.SubjectTag);
            w.WriteString("appliedDisposition", Word(decision.AppliedDisposition));
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteSpf(Utf8JsonWriter w, string name, SpfResult spf)
    {
        w.WriteStartObject(name);
        w.WriteString("result", spf.Keyword);
        w.WriteString("identity", spf.Identity switch { SpfIdentity.MailFrom => "mailfrom", SpfIdentity.Helo => "helo", _ => "pra" });
        w.WriteString("domain", spf.Domain);
        w.WriteString("sender", spf.Sender);
        w.WriteString("reason", spf.Reason);
        w.WriteNumber("dnsLookups", spf.DnsLookups);
        w.WriteEndObject();
    }
}
