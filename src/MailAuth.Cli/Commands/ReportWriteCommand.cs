using System.Globalization;
using System.Text.Json;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Keys;
using MailAuth.Messages;
using MailAuth.MimeKit;
using MailAuth.Reports;
using MailAuth.Reports.Sqlite;

namespace MailAuth.Cli.Commands;

/// <summary>
/// <c>mailauth report write</c>: the aggregate report messages (<c>.eml</c>) of a period from a SQLite report store, one per
/// policy domain and interval, addressed to the authorized <c>rua</c> URIs of each domain's current DMARC record.
/// </summary>
internal sealed class ReportWriteCommand : ICommand
{
    private static readonly OptionSpec Store = new("store", "FILE", "the SQLite report store (MailAuth.Reports.Sqlite; required, must exist)");
    private static readonly OptionSpec From = new("from", "TIME", "report intervals that end after this RFC 3339 time (required)");
    private static readonly OptionSpec To = new("to", "TIME", "... and by this RFC 3339 time (required)");
    private static readonly OptionSpec Out = new("out", "DIR", "write the .eml files here (created if missing; required)");
    private static readonly OptionSpec Email = new("email", "ADDRESS", "the reporter's contact address (report_metadata/email) and the messages' From (required)");
    private static readonly OptionSpec OrgName = new("org-name", "NAME", "the Reporting Organization (org_name; default: the domain of --email)");
    private static readonly OptionSpec Format = new("format", "FORMAT", "rfc9990 (default) or rfc7489");
    private static readonly OptionSpec KeyDir = new("key-dir", "DIR", $"DKIM-sign each message with the keys of a key directory ({DkimKeyDirectory.Layout}) for the domain of --email: the --selector key, or the domain's active keys");
    private static readonly OptionSpec Selector = new("selector", "SELECTOR", "with --key-dir: sign with this selector's key (repeatable)", Repeatable: true);

    public string Name => "write";

    public string Summary => "write the aggregate report messages (.eml) of a period from a SQLite report store";

    public string Usage => "--store FILE --from TIME --to TIME --out DIR --email ADDRESS [--org-name NAME] [--format rfc9990|rfc7489] [--key-dir DIR [--selector S]]";

    public string Description => """
        Builds one report per policy domain and interval that ended after --from and by --to, looks up the domain's DMARC
        record (with --zone FILE offline) and writes one message per report to DIR, named after the report attachment
        (receiver!policy-domain!begin!end.eml). Only mailto: rua URIs are used; a destination outside the domain's
        Organizational Domain must publish <policy-domain>._report._dmarc.<host>; a URI whose !size limit the message exceeds
        is dropped. With --key-dir each message is DKIM-signed for the domain of --email (its From), so that it can pass
        DMARC (RFC 9990 §3.5.2); a report whose domain has no usable key is not written ("NoKey" with the reason).
        Prints each report's destinations with their outcome. Sending the files is the MTA's job.
        Exit code 0 when every report was written, 1 when some report had no destination, 3 when the key directory had
        no usable key.
        Example:
          mailauth report write --store /var/lib/mta/dmarc-reports.db --from 2026-12-01T00:00:00Z --to 2026-12-02T00:00:00Z \
            --out outbox --email dmarc-reports@mx.example.net
        """;

    public IReadOnlyList<OptionSpec> Options { get; } = [Store, From, To, Out, Email, OrgName, Format, KeyDir, Selector, CommonOptions.Now];

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ParsedArguments args = context.Arguments;
        context.Arguments.ExpectPositionals(0, 0, Usage);
        string storePath = args.Get(Store.Name) ?? throw new UsageException("write needs --store FILE");
        DateTimeOffset from = CommonOptions.Time(args.Get(From.Name) ?? throw new UsageException("write needs --from TIME"), From.Name);
        DateTimeOffset to = CommonOptions.Time(args.Get(To.Name) ?? throw new UsageException("write needs --to TIME"), To.Name);
        string outDir = args.Get(Out.Name) ?? throw new UsageException("write needs --out DIR");
        string email = args.Get(Email.Name) ?? throw new UsageException("write needs --email ADDRESS");
        DmarcReportFormat format = args.Get(Format.Name) switch
        {
            null or "rfc9990" => DmarcReportFormat.Rfc9990,
            "rfc7489" => DmarcReportFormat.Rfc7489,
            string other => throw new UsageException($"--format '{other}' is not rfc9990 or rfc7489"),
        };
        if (!File.Exists(storePath))
        {
            throw new UsageException($"--store '{storePath}' does not exist");
        }

        string? keyDir = args.Get(KeyDir.Name);
        IReadOnlyList<string> selectors = args.GetAll(Selector.Name);
        if (keyDir is null && selectors.Count > 0)
        {
            throw new UsageException("--selector goes with --key-dir");
        }

        if (keyDir is not null && !Directory.Exists(keyDir))
        {
            throw new UsageException($"--key-dir '{keyDir}' is not a directory");
        }

        DmarcReportMessageComposer composer;
        try
        {
            composer = new DmarcReportMessageComposer(new DmarcReportMessageOptions { From = email }, new DmarcReportAuthorization(context.Resolver), context.TimeProvider);
        }
        catch (ArgumentException)
        {
            throw new UsageException($"--email '{email}' is not a local@domain address");
        }

        string orgName = args.Get(OrgName.Name) ?? email[(email.LastIndexOf('@') + 1)..];
        var generator = new DmarcReportGenerator(new DmarcReportGeneratorOptions { OrgName = orgName, Email = email, Format = format });
        var store = new SqliteDmarcReportStore(storePath);
        IReadOnlyList<DmarcAggregateReport> reports = await generator.BuildAsync(store, from, to, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(outDir);
        using PemDirectoryKeyStore? keyStore = keyDir is null ? null : new PemDirectoryKeyStore(keyDir);
        var signer = new DkimMessageSigner(new DkimMessageSignerOptions { TimeProvider = context.TimeProvider });
        string? signingDomain = selectors.Count > 0 ? email[(email.LastIndexOf('@') + 1)..].ToLowerInvariant() : null;

        var written = new List<Written>();
        foreach (DmarcAggregateReport report in reports)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (IReadOnlyList<DmarcReportUri>? uris, string? problem) = await GetAggregateReportUrisAsync(context.Resolver, report.PolicyPublished.Domain, cancellationToken).ConfigureAwait(false);
            if (uris is null)
            {
                written.Add(new Written(report, null, problem, null, null, false));
                continue;
            }

            DmarcReportMessage message = await composer.ComposeAsync(report, uris, cancellationToken).ConfigureAwait(false);
            string? file = null;
            string? failure = message.Success ? null : $"{message.Error}: {message.Reason}";
            DkimSigningResult? signing = null;
            bool unsigned = false;
            if (message.Content is { } content)
            {
                byte[]? bytes = content;
                if (keyStore is not null)
                {
                    (bytes, signing, string? unsignedReason) = await SignAsync(signer, keyStore, signingDomain, selectors, content, cancellationToken).ConfigureAwait(false);
                    failure = unsignedReason ?? failure;
                }

                unsigned = bytes is null;
                if (bytes is not null)
                {
                    // The file name is checked domain names and digits only (RFC 9990 §3.5.2), so it cannot leave DIR.
                    file = Path.Combine(outDir, message.FileName[..^".xml.gz".Length] + ".eml");
                    await File.WriteAllBytesAsync(file, bytes, cancellationToken).ConfigureAwait(false);
                }
            }

            written.Add(new Written(report, file, failure, message, signing, unsigned));
        }

        if (context.Json)
        {
            await JsonOutput.WriteAsync(context.Out, w => WriteJson(w, written)).ConfigureAwait(false);
        }
        else
        {
            await WriteTextAsync(context.Out, written).ConfigureAwait(false);
        }

        return written.Any(r => r.Unsigned) ? ExitCodes.Failure
            : written.All(r => r.File is not null) ? ExitCodes.Ok : ExitCodes.Negative;
    }

    // RFC 9990 §3.5.2: the report message should pass DMARC for its From domain, so it is signed for that domain
    // (DkimMessageSigner picks the From domain); without a usable key the report is not written (null content).
    private static async Task<(byte[]? Content, DkimSigningResult? Signing, string? Problem)> SignAsync(DkimMessageSigner signer, PemDirectoryKeyStore keyStore, string? domain, IReadOnlyList<string> selectors, byte[] content, CancellationToken cancellationToken)
    {
        MessageReadResult read = MessageReader.Default.Read(content);
        if (!read.IsSuccess)
        {
            return (null, null, $"{DkimSigningStatus.NoSigningDomain}: the composed message cannot be read: {read.Error}");
        }

        using RawMessage message = read.Message!;
        DkimSigningResult signing = await DkimKeyDirectory.SignAsync(signer, message, keyStore, domain, selectors, cancellationToken).ConfigureAwait(false);
        return signing.IsSigned ? (new PrependedHeaderFields().AddRange(signing.Fields).Prepend(content), signing, null) : (null, signing, $"{signing.Status}: {signing.Reason}");
    }

    // RFC 9989 §4.7 / RFC 7489 §6.6.3: the record at _dmarc.<policy domain>; none or more than one means no report request.
    private static async Task<(IReadOnlyList<DmarcReportUri>? Uris, string? Problem)> GetAggregateReportUrisAsync(IDnsResolver resolver, string policyDomain, CancellationToken cancellationToken)
    {
        DnsResponse<TxtRecord> response = await resolver.QueryTxtAsync("_dmarc." + policyDomain, cancellationToken).ConfigureAwait(false);
        if (!response.IsDefinitive)
        {
            return (null, $"DNS {response.Status} for _dmarc.{policyDomain}; try again later");
        }

        DmarcRecord? found = null;
        int count = 0;
        foreach (TxtRecord txt in response.Records)
        {
            if (txt.Text.StartsWith("v=DMARC1", StringComparison.OrdinalIgnoreCase) && DmarcRecord.TryParse(txt.Text, out DmarcRecord? record, out _))
            {
                found = record;
                count++;
            }
        }

        return count != 1 ? (null, count == 0 ? $"no DMARC record at _dmarc.{policyDomain}" : $"{count} DMARC records at _dmarc.{policyDomain}")
            : found!.AggregateReportUris.Count == 0 ? (null, $"the DMARC record of {policyDomain} has no rua")
            : (found.AggregateReportUris, null);
    }

    private static async Task WriteTextAsync(TextWriter o, List<Written> written)
    {
        foreach ((DmarcAggregateReport report, string? file, string? problem, DmarcReportMessage? message, DkimSigningResult? signing, _) in written)
        {
            string head = string.Create(CultureInfo.InvariantCulture, $"{TerminalText.Value(report.PolicyPublished.Domain)} {report.Metadata.Begin:yyyy-MM-dd HH:mm:ss}Z..{report.Metadata.End:yyyy-MM-dd HH:mm:ss}Z ({report.MessageCount} messages)");
            await o.WriteLineAsync(file is null ? $"{head}: not written: {TerminalText.Value(problem)}" : $"{head}: {TerminalText.Value(file)}").ConfigureAwait(false);
            foreach (DmarcReportMessageDestination d in message?.Destinations ?? [])
            {
                await o.WriteLineAsync($"  {d.Status.ToString().ToLowerInvariant()} {TerminalText.Value(d.Uri)}{(d.Reason.Length > 0 ? " (" + TerminalText.Value(d.Reason) + ")" : string.Empty)}").ConfigureAwait(false);
            }

            if (signing is { IsSigned: true })
            {
                await o.WriteLineAsync($"  dkim-signed d={TerminalText.Value(signing.Domain)} s={TerminalText.Value(string.Join(",", signing.Selectors))}").ConfigureAwait(false);
            }
        }

        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{written.Count(r => r.File is not null)} of {written.Count} reports written")).ConfigureAwait(false);
    }

    private static void WriteJson(Utf8JsonWriter w, List<Written> written)
    {
        w.WriteStartObject();
        w.WriteStartArray("reports");
        foreach ((DmarcAggregateReport report, string? file, string? problem, DmarcReportMessage? message, DkimSigningResult? signing, _) in written)
        {
            w.WriteStartObject();
            w.WriteString("policyDomain", report.PolicyPublished.Domain);
            w.WriteString("reportId", report.Metadata.ReportId);
            w.WriteNumber("begin", report.Metadata.Begin.ToUnixTimeSeconds());
            w.WriteNumber("end", report.Metadata.End.ToUnixTimeSeconds());
            w.WriteNumber("messages", report.MessageCount);
            CommandFiles.WriteOptional(w, "file", file);
            CommandFiles.WriteOptional(w, "problem", problem);
            if (signing is not null)
            {
                w.WriteStartObject("dkim");
                w.WriteString("status", signing.Status.ToString());
                w.WriteString("domain", signing.Domain);
                w.WriteStartArray("selectors");
                foreach (string selector in signing.Selectors)
                {
                    w.WriteStringValue(selector);
                }

                w.WriteEndArray();
                CommandFiles.WriteOptional(w, "reason", signing.Reason);
                w.WriteEndObject();
            }

            w.WriteStartArray("destinations");
            foreach (DmarcReportMessageDestination d in message?.Destinations ?? [])
            {
                w.WriteStartObject();
                w.WriteString("uri", d.Uri);
                CommandFiles.WriteOptional(w, "address", d.Address);
                w.WriteString("status", d.Status.ToString());
                w.WriteString("reason", d.Reason);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private sealed record Written(DmarcAggregateReport Report, string? File, string? Problem, DmarcReportMessage? Message, DkimSigningResult? Signing, bool Unsigned);
}
