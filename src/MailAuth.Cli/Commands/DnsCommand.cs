using System.Globalization;
using System.Net;
using System.Text.Json;
using MailAuth.Dns;

namespace MailAuth.Cli.Commands;

/// <summary><c>mailauth dns TYPE NAME</c>: one look-up through the configured resolver, printed with status and TTL.</summary>
internal sealed class DnsCommand : ICommand
{
    private const string Types = "TXT, A, AAAA, MX, PTR";

    public string Name => "dns";

    public string Summary => "look up DNS records (TXT, A, AAAA, MX, PTR) and print status, TTL and records";

    public string Usage => "TYPE NAME";

    public string Description => $"""
        TYPE is one of {Types}; for PTR, NAME is an IPv4 or IPv6 address.
        Prints the status (NOERROR, NXDOMAIN, SERVFAIL, TIMEOUT, ...), the TTL and one record per line;
        TXT records show their character-strings separately, quoted as in a zone file.
        Exit code 0 when records were found, 1 for NXDOMAIN or no records of TYPE (NODATA),
        3 when no answer could be had (timeout, SERVFAIL, REFUSED, network error).

        Examples:
          mailauth dns TXT example.com
          mailauth dns PTR 192.0.2.1 --zone tests/zones/2.0.192.in-addr.arpa.zone
          mailauth dns MX example.com --dns-server 127.0.0.1:5053 --json
        """;

    public IReadOnlyList<OptionSpec> Options { get; } = [];

    public IReadOnlyList<ArgumentSpec> Arguments { get; } = [new("TYPE", Types), new("NAME", "the domain name; for PTR an IPv4 or IPv6 address")];

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals(2, 2, Usage);
        string type = context.Arguments.Positionals[0].ToUpperInvariant();
        string name = context.Arguments.Positionals[1];
        IDnsResolver resolver = context.Resolver;
        return type switch
        {
            "TXT" => await ReportAsync(context, type, name, await resolver.QueryTxtAsync(name, cancellationToken).ConfigureAwait(false), DnsPresentation.Txt, WriteTxt).ConfigureAwait(false),
            "A" => await ReportAsync(context, type, name, await resolver.QueryAAsync(name, cancellationToken).ConfigureAwait(false), Address, WriteAddress).ConfigureAwait(false),
            "AAAA" => await ReportAsync(context, type, name, await resolver.QueryAaaaAsync(name, cancellationToken).ConfigureAwait(false), Address, WriteAddress).ConfigureAwait(false),
            "MX" => await ReportAsync(context, type, name, await resolver.QueryMxAsync(name, cancellationToken).ConfigureAwait(false), Mx, WriteMx).ConfigureAwait(false),
            "PTR" => await ReportAsync(context, type, name, await resolver.QueryPtrAsync(ParseAddress(name), cancellationToken).ConfigureAwait(false), Host, WriteHost).ConfigureAwait(false),
            _ => throw new UsageException($"unsupported record type '{context.Arguments.Positionals[0]}' (supported: {Types})"),
        };
    }

    private static IPAddress ParseAddress(string text)
    {
        return IPAddress.TryParse(text, out IPAddress? address) && text.Contains(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? '.' : ':', StringComparison.Ordinal)
            ? address
            : throw new UsageException($"PTR needs an IPv4 or IPv6 address, not '{text}'");
    }

    private static async Task<int> ReportAsync<T>(CommandContext context, string type, string name, DnsResponse<T> response, Func<T, string> format, Action<Utf8JsonWriter, T> writeJson)
    {
        int exit = response.Status switch
        {
            DnsStatus.NoError when response.Records.Count > 0 => ExitCodes.Ok,
            DnsStatus.NoError or DnsStatus.NxDomain => ExitCodes.Negative,
            _ => ExitCodes.Failure,
        };
        string owner = type == "PTR" ? DnsNames.ToReverseName(IPAddress.Parse(name)) : name.TrimEnd('.');
        long ttl = (long)response.TimeToLive.TotalSeconds;
        if (context.Json)
        {
            await JsonOutput.WriteAsync(context.Out, w =>
            {
                w.WriteStartObject();
                w.WriteString("name", owner);
                w.WriteString("type", type);
                w.WriteString("status", StatusName(response.Status));
                w.WriteString("rcode", DnsPresentation.StatusWord(response.Status));
                w.WriteNumber("ttl", ttl);
                w.WriteStartArray("records");
                foreach (T record in response.Records)
                {
                    writeJson(w, record);
                }

                w.WriteEndArray();
                if (response.ErrorMessage is { } message)
                {
                    w.WriteString("error", message);
                }
                else
                {
                    w.WriteNull("error");
                }

                w.WriteEndObject();
            }).ConfigureAwait(false);
            return exit;
        }

        string status = DnsPresentation.StatusWord(response.Status);
        string detail = response.Status switch
        {
            DnsStatus.NoError when response.Records.Count == 0 => $"{status} (no {type} records), negative TTL {ttl} s",
            DnsStatus.NoError => $"{status}, TTL {ttl} s, {response.Records.Count} record(s)",
            DnsStatus.NxDomain => $"{status} (no such name), negative TTL {ttl} s",
            _ => $"{status}: {TerminalText.Value(response.ErrorMessage ?? "no detail")}",
        };
        await context.Out.WriteLineAsync($"{TerminalText.Value(owner)} {type}: {detail}").ConfigureAwait(false);
        foreach (T record in response.Records)
        {
            await context.Out.WriteLineAsync($"{TerminalText.Value(owner)}.\t{ttl.ToString(CultureInfo.InvariantCulture)}\tIN\t{type}\t{format(record)}").ConfigureAwait(false);
        }

        return exit;
    }

    // The JSON status is the DnsStatus member name, stable for scripts.
    private static string StatusName(DnsStatus status) => status switch
    {
        DnsStatus.NoError => "NoError",
        DnsStatus.NxDomain => "NxDomain",
        DnsStatus.ServerFailure => "ServerFailure",
        DnsStatus.Refused => "Refused",
        DnsStatus.FormatError => "FormatError",
        DnsStatus.Timeout => "Timeout",
        _ => "OtherError",
    };

    private static string Address(IPAddress address) => address.ToString();

    private static string Mx(MxRecord mx) => $"{mx.Preference.ToString(CultureInfo.InvariantCulture)} {TerminalText.Value(mx.Exchange)}.";

    private static string Host(string host) => TerminalText.Value(host) + ".";

    private static void WriteTxt(Utf8JsonWriter w, TxtRecord record)
    {
        w.WriteStartObject();
        w.WriteStartArray("strings");
        foreach (string s in record.Strings)
        {
            w.WriteStringValue(s);
        }

        w.WriteEndArray();
        w.WriteString("text", record.Text);
        w.WriteEndObject();
    }

    private static void WriteAddress(Utf8JsonWriter w, IPAddress address) => w.WriteStringValue(address.ToString());

    private static void WriteMx(Utf8JsonWriter w, MxRecord mx)
    {
        w.WriteStartObject();
        w.WriteNumber("preference", mx.Preference);
        w.WriteString("exchange", mx.Exchange);
        w.WriteEndObject();
    }

    private static void WriteHost(Utf8JsonWriter w, string host) => w.WriteStringValue(host);
}
