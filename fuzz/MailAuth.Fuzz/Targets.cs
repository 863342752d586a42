using System.Net;
using System.Text;
using MailAuth.AuthResults;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Messages;
using MailAuth.Spf;
using MailAuth.Text;

namespace MailAuth.Fuzz;

/// <summary>
/// The registry of fuzz targets. Adding a target is one line in <see cref="All"/> (plus a corpus folder and, for a
/// new grammar, a dictionary). Every target calls public API only and throws <see cref="FuzzFindingException"/>
/// when an invariant the library documents is broken; any other exception escaping is a crash as well.
/// </summary>
internal static class Targets
{
    /// <summary>Every target, in the order the smoke pass runs them.</summary>
    public static readonly IReadOnlyList<FuzzTarget> All =
    [
        new("spf-parse", "spf", SpfParse, TimingInputs.Spf),
        new("spf-check-host", "spf", SpfCheckHost, TimingInputs.SpfCheckHost),
        new("dkim-signature", "dkim", DkimSignatureParse, TimingInputs.DkimSignature),
        new("dkim-key", "dkim", DkimKeyParse, TimingInputs.DkimKey),
        new("dmarc-record", "dmarc", DmarcRecordParse, TimingInputs.Dmarc),
        new("dmarc-from", "address", DmarcFrom, TimingInputs.From),
        new("authres-strict", "authres", AuthResStrict, TimingInputs.AuthRes),
        new("authres-lenient", "authres", AuthResLenient, TimingInputs.AuthRes),
        new("message-reader", "message", MessageRead, TimingInputs.Message),
        new("facade", "message", Facade, TimingInputs.Message),
        // Next, as they land (one line each): arc-validate, report-reader, srs-decode.
    ];

    /// <summary>Finds a target by name (ASCII case-insensitive).</summary>
    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    // Record text comes from DNS or header bytes; decoding as UTF-8 reaches non-ASCII and U+FFFD as well as ASCII.
    private static string Text(ReadOnlySpan<byte> input) => Encoding.UTF8.GetString(input);

    private static void Check(bool condition, string invariant)
    {
        if (!condition)
        {
            throw new FuzzFindingException(invariant);
        }
    }

    // RFC 7208 §4.6: parse; a record that parses formats back to text that parses to an equal record.
    private static void SpfParse(ReadOnlySpan<byte> input)
    {
        string text = Text(input);
        if (SpfRecord.TryParse(text, out SpfRecord? record, out SpfParseError error))
        {
            string formatted = record.ToString();
            Check(SpfRecord.TryParse(formatted, out SpfRecord? again, out _) && record.Equals(again), "SPF format/parse round trip");
        }
        else
        {
            Check(error.ToString().Length > 0, "SPF parse error without reason");
        }
    }

    // check_host (RFC 7208 §4) over an in-memory zone; the input's lines are the TXT records of fixed names.
    private static void SpfCheckHost(ReadOnlySpan<byte> input)
    {
        string[] lines = Text(input).Split('\n');
        var zone = FuzzZones.SpfZone();
        for (int i = 0; i < lines.Length && i < FuzzZones.SpfNames.Length; i++)
        {
            zone.AddTxt(FuzzZones.SpfNames[i], SplitTxt(lines[i].TrimEnd('\r')));
        }

        var evaluator = new SpfEvaluator(zone);
        foreach (IPAddress ip in FuzzZones.ClientAddresses)
        {
            SpfResult result = evaluator.CheckHostAsync(ip, FuzzZones.SpfNames[0], "user@" + FuzzZones.SpfNames[0], "helo.example.com").AsTask().GetAwaiter().GetResult();
            Check(Enum.IsDefined(result.Status) && Enum.IsDefined(result.Problem), "SPF status or problem undefined");
            _ = result.ToString();
        }
    }

    // A TXT record is a list of character-strings of at most 255 octets (RFC 1035 §3.3.14).
    private static string[] SplitTxt(string line)
    {
        if (line.Length <= 255)
        {
            return [line];
        }

        var parts = new List<string>();
        for (int i = 0; i < line.Length; i += 255)
        {
            parts.Add(line.Substring(i, Math.Min(255, line.Length - i)));
        }

        return [.. parts];
    }

    // RFC 6376 §3.5
    private static void DkimSignatureParse(ReadOnlySpan<byte> input)
    {
        string text = Text(input);
        bool ok = DkimSignature.TryParse(text, out DkimSignature? signature, out DkimParseError _);
        Check(ok == signature is not null, "DKIM-Signature TryParse result and value disagree");
    }

    // RFC 6376 §3.6.1
    private static void DkimKeyParse(ReadOnlySpan<byte> input)
    {
        string text = Text(input);
        bool ok = DkimPublicKey.TryParse(text, out DkimPublicKey? key, out DkimParseError _);
        Check(ok == key is not null, "DKIM key TryParse result and value disagree");
    }

    // RFC 7489 §6.3 / RFC 9989
    private static void DmarcRecordParse(ReadOnlySpan<byte> input)
    {
        string text = Text(input);
        bool ok = DmarcRecord.TryParse(text, out DmarcRecord? record, out ParseError? error);
        Check(ok ? record is not null : error is not null && !string.IsNullOrEmpty(error.Message) && error.Offset >= 0 && error.Offset <= text.Length, "DMARC TryParse without record, or a reason outside the input");
    }

    // RFC 7489 §6.6.1: the author domain(s) of From field values (one field per input line).
    private static void DmarcFrom(ReadOnlySpan<byte> input)
    {
        string[] fields = Text(input).Split('\n');
        AuthorDomains domains = fields.Length == 1 ? AuthorDomains.Extract(fields[0]) : AuthorDomains.Extract(fields);
        Check(domains.IsValid ? domains.Domains.Count > 0 : domains.Reason is not null, "author domains without domain or reason");
    }

    // RFC 8601 §2.2: the full parser; what parses formats back to a field that parses with the same authserv-id.
    private static void AuthResStrict(ReadOnlySpan<byte> input)
    {
        string text = Text(input);
        if (AuthResultsHeader.TryParse(text, out AuthResultsHeader? value, out AuthResultsParseError? error))
        {
            string formatted = value.ToString();
            Check(AuthResultsHeader.TryParse(formatted, out AuthResultsHeader? again, out _)
                && string.Equals(again.AuthServId, value.AuthServId, StringComparison.OrdinalIgnoreCase)
                && again.Results.Count == value.Results.Count, "Authentication-Results format/parse round trip");
        }
        else
        {
            Check(error.ToString()!.Length > 0, "Authentication-Results error without reason");
        }
    }

    // RFC 8601 §5 forgery filter (authserv-id only, the rest may be broken) and RFC 8617 §4.1.1 ARC-Authentication-Results.
    private static void AuthResLenient(ReadOnlySpan<byte> input)
    {
        string text = Text(input);
        _ = AuthResultsFilter.HasAuthServId(text, "mx.example.org");
        if (AuthResultsHeader.TryParseArc(text, out int instance, out AuthResultsHeader? value, out _))
        {
            Check(instance is >= 1 and <= 50 && value is not null, "ARC-Authentication-Results instance outside 1-50 (RFC 8617 §4.2.1)");
        }
    }

    // RFC 5322 header block and body; the result is a value, the message's parts stay within the input.
    private static void MessageRead(ReadOnlySpan<byte> input)
    {
        using var stream = new MemoryStream(input.ToArray(), writable: false);
        MessageReadResult result = MessageReader.Default.ReadAsync(stream).AsTask().GetAwaiter().GetResult();
        if (result.Message is { } message)
        {
            using (message)
            {
                foreach (HeaderField field in message.Headers)
                {
                    _ = field.GetValueText();
                }

                _ = message.GetFirst("From");
                Check(message.Body.Length <= message.Length, "body longer than the message");
            }
        }
        else
        {
            Check(result.Error is not null, "read failed without an error");
        }
    }

    private static readonly Lazy<MessageAuthenticator> Authenticator = new(() => new MessageAuthenticator(FuzzZones.MessageZone(), new MessageAuthenticatorOptions
    {
        AuthServId = "mx.example.org",
        Timeout = TimeSpan.FromSeconds(10),
        // RFC 8463 Appendix A signatures carry t=1528637909 and no x=; keep the clock fixed for reproducibility.
        TimeProvider = new FixedTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_528_637_909 + 3600)),
    }));

    // Lazy like every use of the library here: instrumented code must not run before SharpFuzz sets up its trace map.
    private static readonly Lazy<SmtpContext> Smtp = new(() => new(IPAddress.Parse("192.0.2.10"), "mail.football.example.com", "joe@football.example.com"));

    // The facade (SPF, DKIM, DMARC, Authentication-Results) on a whole message; the header it writes parses again.
    private static void Facade(ReadOnlySpan<byte> input)
    {
        AuthenticationOutcome report = Authenticator.Value.AuthenticateAsync(input.ToArray(), Smtp.Value).GetAwaiter().GetResult();
        string header = report.ToAuthenticationResults();
        Check(AuthResultsHeader.TryParse(header, out AuthResultsHeader? parsed, out _) && parsed.AuthServId == "mx.example.org",
            "the facade's Authentication-Results does not parse");
    }
}

/// <summary>An invariant of the library does not hold for an input.</summary>
internal sealed class FuzzFindingException(string invariant) : Exception("invariant broken: " + invariant);

/// <summary>A clock that never moves, so results do not depend on when the fuzzer runs.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
