using System.Text.Json;
using MailAuth.MimeKit;

namespace MailAuth.Cli.Commands;

/// <summary>The failure-report (ARF, RFC 5965/6591/9991) branch of <c>mailauth report read</c>.</summary>
internal static class ArfReadOutput
{
    private static readonly ArfReportReader Reader = new();

    /// <summary>Reads <paramref name="bytes"/> as an ARF message; adds it to <paramref name="reports"/> when it is one.</summary>
    public static bool TryRead(string file, byte[] bytes, List<(string File, ArfReport Report)> reports)
    {
        ArfReadResult result = Reader.Read(bytes);
        if (result.Success)
        {
            reports.Add((file, result.Report));
        }

        return result.Success;
    }

    public static async Task WriteTextAsync(TextWriter o, List<(string File, ArfReport Report)> reports)
    {
        foreach ((string file, ArfReport r) in reports)
        {
            await o.WriteLineAsync($"{TerminalText.Value(file)}: failure report (ARF)").ConfigureAwait(false);
            await o.WriteLineAsync($"  {TerminalText.Value(r.FeedbackType)}{(r.AuthFailure is { } failure ? " auth-failure=" + TerminalText.Value(failure) : string.Empty)} from {TerminalText.Value(r.UserAgent)}").ConfigureAwait(false);
            await o.WriteLineAsync($"  reported domain(s) {TerminalText.Value(string.Join(", ", r.ReportedDomains))}; source IP {r.SourceIp?.ToString() ?? "-"}; mail from {TerminalText.Value(r.OriginalMailFrom ?? "-")}").ConfigureAwait(false);
            if (r.IdentityAlignment.Count > 0)
            {
                await o.WriteLineAsync($"  identity alignment failed for: {TerminalText.Value(string.Join(", ", r.IdentityAlignment))}").ConfigureAwait(false);
            }

            foreach (string authResults in r.AuthenticationResults)
            {
                await o.WriteLineAsync($"  Authentication-Results: {TerminalText.Value(authResults)}").ConfigureAwait(false);
            }

            await o.WriteLineAsync($"  original {(r.OriginalIsHeadersOnly ? "header block" : "message")}: From {TerminalText.Value(r.Original.From.ToString())}, Subject {TerminalText.Value(r.Original.Subject ?? string.Empty)}").ConfigureAwait(false);
        }
    }

    public static void WriteJson(Utf8JsonWriter w, List<(string File, ArfReport Report)> reports)
    {
        w.WriteStartArray("failureReports");
        foreach ((string file, ArfReport r) in reports)
        {
            w.WriteStartObject();
            w.WriteString("file", file);
            w.WriteString("feedbackType", r.FeedbackType);
            w.WriteString("authFailure", r.AuthFailure);
            w.WriteString("userAgent", r.UserAgent);
            w.WriteString("sourceIp", r.SourceIp?.ToString());
            w.WriteString("originalMailFrom", r.OriginalMailFrom);
            w.WriteStartArray("reportedDomains");
            r.ReportedDomains.ToList().ForEach(w.WriteStringValue);
            w.WriteEndArray();
            w.WriteStartArray("identityAlignment");
            r.IdentityAlignment.ToList().ForEach(w.WriteStringValue);
            w.WriteEndArray();
            w.WriteStartArray("fields");
            foreach (ArfField field in r.Fields)
            {
                w.WriteStartObject();
                w.WriteString("name", field.Name);
                w.WriteString("value", field.Value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteBoolean("headersOnly", r.OriginalIsHeadersOnly);
            w.WriteString("originalSubject", r.Original.Subject);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
