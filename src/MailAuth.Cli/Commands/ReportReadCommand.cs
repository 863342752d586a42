using System.Globalization;
using System.Text.Json;
using MailAuth.MimeKit;
using MailAuth.Reports;

namespace MailAuth.Cli.Commands;

/// <summary><c>mailauth report read FILE...</c>: each report's metadata, policy and records, and a summary over all files.</summary>
internal sealed class ReportReadCommand : ICommand
{
    private const int MaxFiles = 10_000;

    private static readonly DmarcReportMessageReader Reader = new();

    public string Name => "read";

    public string Summary => "read aggregate report files (XML, gzip, zip or email, detected by content) and print them with a summary";

    public string Usage => "FILE... [--json]";

    public string Description => """
        Each FILE (or - for standard input) is bare XML, gzip, zip or a whole report email (.eml, every report attachment
        is read), in the RFC 9990 or RFC 7489 format; the kind is detected from the bytes. Hostile files are refused with an error (DTDs, compression bombs, too many records).
        Prints per file the reporter, period, policy and records; then per source IP and From domain the messages,
        aligned SPF and DKIM passes, DMARC passes and how many would be rejected under p=reject.
        Exit code 0 when every file was read, 1 when some file could not be read.
        """;

    public IReadOnlyList<OptionSpec> Options { get; } = [];

    public IReadOnlyList<ArgumentSpec> Arguments { get; } = [new("FILE", "report files; - for standard input", 1, MaxFiles)];

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals(1, MaxFiles, Usage);
        var results = new List<(string File, DmarcReportReadResult Result)>();
        var failureReports = new List<(string File, MimeKit.ArfReport Report)>();
        foreach (string file in context.Arguments.Positionals)
        {
            if (file != "-" && new FileInfo(file) is { Exists: true } info && info.Length > DmarcReportReaderOptions.Default.MaxDocumentBytes)
            {
                results.Add((file, new DmarcReportReadResult { Error = DmarcReportReadError.TooLarge, Reason = $"the file has {info.Length} bytes" }));
                continue;
            }

            byte[] bytes = await CommandFiles.ReadBytesAsync(file, cancellationToken).ConfigureAwait(false);
            List<(string File, DmarcReportReadResult Result)> read = ReadFile(file, bytes, cancellationToken).ToList();
            if (!read.Exists(r => r.Result.Success) && ArfReadOutput.TryRead(file, bytes, failureReports))
            {
                continue;
            }

            results.AddRange(read);
        }

        DmarcReportSummary summary = DmarcReportSummary.Create(results.Where(r => r.Result.Success).Select(r => r.Result.Report!));
        if (context.Json)
        {
            await JsonOutput.WriteAsync(context.Out, w => WriteJson(w, results, summary, failureReports)).ConfigureAwait(false);
        }
        else
        {
            await WriteTextAsync(context.Out, results, summary).ConfigureAwait(false);
            await ArfReadOutput.WriteTextAsync(context.Out, failureReports).ConfigureAwait(false);
        }

        return results.All(r => r.Result.Success) ? ExitCodes.Ok : ExitCodes.Negative;
    }

    // An email gives one result per report attachment, or one MimeMessage error saying why it has none.
    private static IEnumerable<(string File, DmarcReportReadResult Result)> ReadFile(string file, byte[] bytes, CancellationToken cancellationToken)
    {
        DmarcReportMessageReadResult read = Reader.Read(bytes, cancellationToken);
        if (read.Error != DmarcReportMessageReadError.None)
        {
            return [(file, new DmarcReportReadResult { Error = DmarcReportReadError.MimeMessage, Reason = $"{read.Error}: {read.Reason}", Container = DmarcReportContainer.Mime })];
        }

        return read.Attachments.Select(a => (a.FileName is null ? file : $"{file} [{a.FileName}]", a.Result));
    }

    private static async Task WriteTextAsync(TextWriter o, List<(string File, DmarcReportReadResult Result)> results, DmarcReportSummary summary)
    {
        foreach ((string file, DmarcReportReadResult result) in results)
        {
            await o.WriteLineAsync($"{TerminalText.Value(file)}: {result.Container}").ConfigureAwait(false);
            if (result.Report is not { } report)
            {
                await o.WriteLineAsync($"  error: {result.Error} ({TerminalText.Value(result.Reason)})").ConfigureAwait(false);
                continue;
            }

            DmarcReportMetadata m = report.Metadata;
            DmarcPublishedPolicy p = report.PolicyPublished;
            await o.WriteLineAsync($"  {report.Format} report {TerminalText.Value(m.ReportId)} from {TerminalText.Value(m.OrgName)} <{TerminalText.Value(m.Email)}>").ConfigureAwait(false);
            await o.WriteLineAsync($"  period {m.Begin:yyyy-MM-dd HH:mm:ss}Z .. {m.End:yyyy-MM-dd HH:mm:ss}Z").ConfigureAwait(false);
            await o.WriteLineAsync($"  policy {TerminalText.Value(p.Domain)}: p={Word(p.Policy)}{(p.SubdomainPolicy is { } sp ? " sp=" + Word(sp) : string.Empty)}{(p.NonExistentSubdomainPolicy is { } np ? " np=" + Word(np) : string.Empty)}").ConfigureAwait(false);
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {report.Records.Count} records, {report.MessageCount} messages")).ConfigureAwait(false);
            foreach (string warning in result.Warnings)
            {
                await o.WriteLineAsync($"  warning: {TerminalText.Value(warning)}").ConfigureAwait(false);
            }
        }

        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"summary: {summary.Messages} messages, {summary.DmarcPass} pass DMARC, {summary.WouldBeRejected} would be rejected under p=reject")).ConfigureAwait(false);
        await o.WriteLineAsync("  source IP                                 From domain                      messages  spf-aligned  dkim-aligned  dmarc-pass  reject").ConfigureAwait(false);
        foreach (DmarcReportSummaryRow row in summary.Rows)
        {
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {TerminalText.Value(row.SourceIp),-41} {TerminalText.Value(row.HeaderFrom),-32} {row.Messages,8}  {row.SpfAlignedPass,11}  {row.DkimAlignedPass,12}  {row.DmarcPass,10}  {row.WouldBeRejected,6}")).ConfigureAwait(false);
        }
    }

    private static void WriteJson(Utf8JsonWriter w, List<(string File, DmarcReportReadResult Result)> results, DmarcReportSummary summary, List<(string File, MimeKit.ArfReport Report)> failureReports)
    {
        w.WriteStartObject();
        w.WriteStartArray("files");
        foreach ((string file, DmarcReportReadResult result) in results)
        {
            w.WriteStartObject();
            w.WriteString("file", file);
            w.WriteString("container", result.Container.ToString().ToLowerInvariant());
            w.WriteString("error", result.Success ? null : result.Error.ToString());
            CommandFiles.WriteOptional(w, "reason", result.Success ? null : result.Reason);
            w.WriteStartArray("warnings");
            foreach (string warning in result.Warnings)
            {
                w.WriteStringValue(warning);
            }

            w.WriteEndArray();
            if (result.Report is { } report)
            {
                WriteReport(w, report);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("summary");
        w.WriteNumber("messages", summary.Messages);
        w.WriteNumber("dmarcPass", summary.DmarcPass);
        w.WriteNumber("wouldBeRejected", summary.WouldBeRejected);
        w.WriteStartArray("rows");
        foreach (DmarcReportSummaryRow row in summary.Rows)
        {
            w.WriteStartObject();
            w.WriteString("sourceIp", row.SourceIp);
            w.WriteString("headerFrom", row.HeaderFrom);
            w.WriteNumber("messages", row.Messages);
            w.WriteNumber("spfAlignedPass", row.SpfAlignedPass);
            w.WriteNumber("dkimAlignedPass", row.DkimAlignedPass);
            w.WriteNumber("dmarcPass", row.DmarcPass);
            w.WriteNumber("wouldBeRejected", row.WouldBeRejected);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        ArfReadOutput.WriteJson(w, failureReports);
        w.WriteEndObject();
    }

    private static void WriteReport(Utf8JsonWriter w, DmarcAggregateReport report)
    {
        w.WriteStartObject("report");
        w.WriteString("format", report.Format == DmarcReportFormat.Rfc9990 ? "rfc9990" : "rfc7489");
        w.WriteString("orgName", report.Metadata.OrgName);
        w.WriteString("email", report.Metadata.Email);
        w.WriteString("reportId", report.Metadata.ReportId);
        w.WriteNumber("begin", report.Metadata.Begin.ToUnixTimeSeconds());
        w.WriteNumber("end", report.Metadata.End.ToUnixTimeSeconds());
        w.WriteString("policyDomain", report.PolicyPublished.Domain);
        w.WriteString("p", Word(report.PolicyPublished.Policy));
        w.WriteNumber("messages", report.MessageCount);
        w.WriteStartArray("records");
        foreach (DmarcReportRecord r in report.Records)
        {
            w.WriteStartObject();
            w.WriteString("sourceIp", r.SourceIp);
            w.WriteNumber("count", r.Count);
            w.WriteString("disposition", r.Disposition.ToString().ToLowerInvariant());
            w.WriteString("dkim", r.DkimAligned ? "pass" : "fail");
            w.WriteString("spf", r.SpfAligned ? "pass" : "fail");
            w.WriteString("headerFrom", r.HeaderFrom);
            CommandFiles.WriteOptional(w, "envelopeFrom", r.EnvelopeFrom);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string Word(Dmarc.DmarcPolicy policy) => policy.ToString().ToLowerInvariant();
}
