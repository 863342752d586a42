using System.Text.Json;
using MailAuth.Dmarc;
using MailAuth.MimeKit;
using MailAuth.Reports;

namespace MailAuth.Cli.Commands;

/// <summary>
/// <c>mailauth report failure FILE --ip … --out FILE|DIR</c>: authenticates a received message like <c>check</c>, decides per the
/// DMARC record's <c>fo</c> and <c>ruf</c> whether it gets a failure report (RFC 9991), and writes the AFRF report(s) as <c>.eml</c>.
/// </summary>
internal sealed class ReportFailureCommand : ICommand
{
    private static readonly OptionSpec HeadersOnly = new("headers-only", null, "attach only the header block of the message (text/rfc822-headers) instead of the whole message");
    private static readonly OptionSpec Redact = new("redact", null, "replace the local parts of addresses with 'redacted' in the copy and the report fields (RFC 6590)");
    private static readonly OptionSpec Reporter = new("reporter", "ADDR", "the report's From address (default: dmarc-reports@ the authserv-id)");
    private static readonly OptionSpec Out = new("out", "FILE|DIR", "where to write the report: a file, or an existing directory for one file per From domain (required)");

    public string Name => "failure";

    public string Summary => "write the DMARC failure report (AFRF) for a received message, if its domain asks for one";

    public string Usage => "FILE --ip IP [--helo NAME] [--mail-from ADDR] --out FILE|DIR [--headers-only] [--redact] [--reporter ADDR]";

    public string Description => """
        Authenticates the message in FILE ('-' for standard input) as 'mailauth check' does, then for each From domain
        compares the DMARC result with the record's fo= options (0: SPF and DKIM both failed to give an aligned pass;
        1: either did; d: a DKIM signature failed; s: SPF failed) and checks each ruf destination (mailto: only;
        external destinations must authorize reports under <domain>._report._dmarc.<destination>). For a report it
        writes an RFC 6591 / RFC 9991 message: multipart/report with the feedback fields and the message (or with
        --headers-only its header block). By default the message is copied whole: use --headers-only and --redact
        to expose less. Exit code 0 when a report was written, 1 when none is due (the reason is printed),
        3 when FILE cannot be read.

        Example:
          mailauth report failure forged.eml --ip 203.0.113.9 --mail-from alice@example.com --zone example.zone --out reports/
        """;

    public IReadOnlyList<OptionSpec> Options { get; } =
        [CheckCommand.Ip, CheckCommand.Helo, CheckCommand.MailFrom, CheckCommand.AuthServId, Out, HeadersOnly, Redact, Reporter, CommonOptions.AllowSha1, CommonOptions.MinRsaBits, CommonOptions.Now];

    public IReadOnlyList<ArgumentSpec> Arguments { get; } = [new("FILE", "the received message (RFC 5322), '-' for standard input")];

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals(1, 1, Usage);
        string file = context.Arguments.Positionals[0];
        string output = context.Arguments.Get(Out.Name) ?? throw new UsageException("--out is required (a file, or an existing directory)");
        SmtpContext smtp = CheckCommand.ParseSmtp(context);
        MessageAuthenticatorOptions options = CheckCommand.AuthenticatorOptions(context);
        string reporter = context.Arguments.Get(Reporter.Name) ?? "dmarc-reports@" + options.AuthServId;
        DmarcFailureReportComposer composer;
        try
        {
            composer = new DmarcFailureReportComposer(new DmarcFailureReportComposerOptions
            {
                From = reporter,
                Content = context.Arguments.Has(HeadersOnly.Name) ? DmarcFailureReportContent.HeadersOnly : DmarcFailureReportContent.Message,
                Redaction = context.Arguments.Has(Redact.Name) ? DmarcFailureReportRedaction.Token : DmarcFailureReportRedaction.None,
                ReportingMta = options.AuthServId,
                TimeProvider = context.TimeProvider,
            });
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--reporter: {TerminalText.Value(e.Message)}");
        }

        byte[] message = await CommandFiles.ReadBytesAsync(file, cancellationToken).ConfigureAwait(false);
        AuthenticationOutcome outcome = await new MessageAuthenticator(context.Resolver, options).AuthenticateAsync(message, smtp, cancellationToken).ConfigureAwait(false);
        var decider = new DmarcFailureReportDecider(new DmarcReportAuthorization(context.Resolver), new DmarcFailureReportRateLimiter());
        IReadOnlyList<DmarcFailureReportDecision> decisions = await decider.DecideAsync(outcome, cancellationToken).ConfigureAwait(false);

        var written = new List<(DmarcFailureReportDecision Decision, string? Path)>();
        bool directory = Directory.Exists(output);
        foreach (DmarcFailureReportDecision decided in decisions)
        {
            string? path = null;
            DmarcFailureReportDecision decision = decided;
            global::MimeKit.MimeMessage? composed = null;
            if (decided.ShouldReport)
            {
                string? spfRecord = await SpfRecordAsync(context, decided.Dmarc, cancellationToken).ConfigureAwait(false);

                // A ruf size limit (RFC 7489 §6.4) may leave no destination: no report, each destination marked TooLarge.
                DmarcFailureReportComposition composition = composer.TryCompose(outcome, decided, message, new DmarcFailureReportDetails { SpfRecord = spfRecord });
                decision = composition.Decision with { Reason = decided.Reason + "; " + composition.Reason };
                composed = composition.Message;
            }

            if (composed is not null)
            {
                byte[] report = DmarcFailureReportComposer.ToBytes(composed);
                path = directory ? Path.Combine(output, $"failure-{SafeName(decision.Dmarc.AuthorDomain)}-{written.Count(w => w.Path is not null) + 1}.eml")
                    : written.Any(w => w.Path is not null) ? $"{output}.{written.Count(w => w.Path is not null) + 1}" : output;
                await File.WriteAllBytesAsync(path, report, cancellationToken).ConfigureAwait(false);
            }

            written.Add((decision, path));
        }

        if (context.Json)
        {
            await JsonOutput.WriteAsync(context.Out, w => WriteJson(w, file, outcome, written)).ConfigureAwait(false);
        }
        else
        {
            await WriteTextAsync(context.Out, file, outcome, written).ConfigureAwait(false);
        }

        return written.Any(w => w.Path is not null) ? ExitCodes.Ok : ExitCodes.Negative;
    }

    // RFC 9991 §4 / RFC 6591 §3.2.6: SPF-DNS carries the record behind the SPF result.
    private static async Task<string?> SpfRecordAsync(CommandContext context, DmarcResult dmarc, CancellationToken cancellationToken)
    {
        if (dmarc.Spf is not { Result: not DmarcAuthResult.Pass, Domain: { } domain })
        {
            return null;
        }

        var response = await context.Resolver.QueryTxtAsync(domain, cancellationToken).ConfigureAwait(false);
        return response.Records.Select(r => r.Text).FirstOrDefault(t => t.StartsWith("v=spf1", StringComparison.OrdinalIgnoreCase));
    }

    private static string SafeName(string? domain) =>
        string.IsNullOrEmpty(domain) ? "unknown" : new string(domain.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_').ToArray());

    private static async Task WriteTextAsync(TextWriter o, string file, AuthenticationOutcome outcome, List<(DmarcFailureReportDecision Decision, string? Path)> written)
    {
        await o.WriteLineAsync($"Message:     {TerminalText.Value(file)} ({TerminalText.Value(outcome.Context.ToString())})").ConfigureAwait(false);
        foreach ((DmarcFailureReportDecision decision, string? path) in written)
        {
            await o.WriteLineAsync($"From domain: {TerminalText.Value(decision.Dmarc.AuthorDomain ?? "(none)")} dmarc={decision.Dmarc.Keyword}").ConfigureAwait(false);
            await o.WriteLineAsync($"Decision:    {TerminalText.Value(decision.Reason)}").ConfigureAwait(false);
            foreach (DmarcFailureReportDestination destination in decision.Destinations)
            {
                await o.WriteLineAsync($"  ruf {TerminalText.Value(destination.Uri.ToString())}: {destination.Status}{(destination.Authorization?.Detail is { } detail ? " (" + TerminalText.Value(detail) + ")" : string.Empty)}").ConfigureAwait(false);
            }

            await o.WriteLineAsync(path is null ? "Report:      none" : $"Report:      {TerminalText.Value(path)} to {TerminalText.Value(string.Join(", ", decision.Recipients))}").ConfigureAwait(false);
        }
    }

    private static void WriteJson(Utf8JsonWriter w, string file, AuthenticationOutcome outcome, List<(DmarcFailureReportDecision Decision, string? Path)> written)
    {
        w.WriteStartObject();
        w.WriteString("file", file);
        w.WriteString("dmarc", outcome.Dmarc.Keyword);
        w.WriteStartArray("decisions");
        foreach ((DmarcFailureReportDecision decision, string? path) in written)
        {
            w.WriteStartObject();
            w.WriteString("domain", decision.Dmarc.AuthorDomain);
            w.WriteString("fo", DmarcFailureReportDecider.FormatOptions(decision.Requested));
            w.WriteString("matched", DmarcFailureReportDecider.FormatOptions(decision.Matched));
            w.WriteString("reason", decision.Reason);
            w.WriteStartArray("destinations");
            foreach (DmarcFailureReportDestination destination in decision.Destinations)
            {
                w.WriteStartObject();
                w.WriteString("uri", destination.Uri.ToString());
                w.WriteString("status", destination.Status.ToString());
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("report", path);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
