using System.Text.Json;
using MailAuth.AuthResults;
using MailAuth.Dmarc;

namespace MailAuth.Cli.Commands;

/// <summary><c>mailauth dmarc FROM [--spf RESULT:DOMAIN] [--dkim RESULT:DOMAIN[:SELECTOR]]...</c>: DMARC for given SPF/DKIM results.</summary>
internal sealed class DmarcCommand : ICommand
{
    private static readonly OptionSpec Spf = new("spf", "RESULT:DOMAIN", "the SPF result and the MAIL FROM domain it checked, e.g. pass:bounce.example.com");
    private static readonly OptionSpec Dkim = new("dkim", "RESULT:DOMAIN[:SELECTOR]", "a DKIM signature's result and d= domain, e.g. pass:example.com:sel1", Repeatable: true);
    private static readonly OptionSpec Mode = new("mode", "9989|7489", "RFC 9989 DNS tree walk (default) or RFC 7489 with the Public Suffix List");
    private static readonly OptionSpec AuthServId = new("authserv-id", "NAME", "the authserv-id of the Authentication-Results field (default: localhost)");

    public string Name => "dmarc";

    public string Summary => "evaluate DMARC (RFC 9989 or RFC 7489) for a From domain and given SPF/DKIM results";

    public string Usage => "FROM [--spf RESULT:DOMAIN] [--dkim RESULT:DOMAIN[:SELECTOR]]... [--mode 9989|7489]";

    public string Description => """
        FROM is the RFC5322.From domain, or a whole From field value (anything with an "@", e.g.
        "Alice <alice@example.com>"). Looks up the DMARC record (tree walk or PSL), checks the alignment of the
        SPF and DKIM results given, and prints the result, the policy and disposition, the alignment of every
        identifier, the _dmarc queries and the Authentication-Results field. RESULT words: pass, fail, softfail,
        neutral, none, policy, temperror, permerror.
        Exit code 0 for pass, 1 for fail, none and permerror, 3 for temperror.

        Examples:
          mailauth dmarc example.com --spf pass:bounce.example.com --dkim fail:example.com
          mailauth dmarc "Alice <alice@mail.example.com>" --dkim pass:example.com:sel1 --mode 7489 --zone example.zone --json
        """;

    public IReadOnlyList<OptionSpec> Options { get; } = [Spf, Dkim, Mode, AuthServId, CommonOptions.Now];

    public IReadOnlyList<ArgumentSpec> Arguments { get; } = [new("FROM", "the RFC5322.From domain or From field value")];

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals(1, 1, Usage);
        string from = context.Arguments.Positionals[0];
        DmarcMode mode = context.Arguments.Get(Mode.Name) switch
        {
            null or "9989" => DmarcMode.Rfc9989TreeWalk,
            "7489" => DmarcMode.Rfc7489Psl,
            string other => throw new UsageException($"--mode: '{other}' is not 9989 or 7489"),
        };

        string authServId = context.Arguments.Get(AuthServId.Name) is { } id ? CommonOptions.AuthServId(id, AuthServId.Name) : "localhost";
        DmarcSpfInput spf = DmarcSpfInput.None;
        if (context.Arguments.Get(Spf.Name) is { } spfText)
        {
            string[] parts = SplitResult(spfText, "--spf", 2);
            spf = DmarcSpfInput.FromWord(parts[0], parts[1]);
        }

        var dkim = context.Arguments.GetAll(Dkim.Name).Select(text =>
        {
            string[] parts = SplitResult(text, "--dkim", 3);
            return DmarcDkimInput.FromWord(parts[0], parts[1], parts.Length > 2 ? parts[2] : null);
        }).ToArray();

        AuthorDomains author = from.Contains('@', StringComparison.Ordinal) ? AuthorDomains.Extract(from) : AuthorDomains.FromDomain(from);
        var evaluator = new DmarcEvaluator(context.Resolver, new DmarcOptions { Mode = mode, TimeProvider = context.TimeProvider });
        DmarcResult result = await evaluator.EvaluateAsync(author, spf, dkim, cancellationToken).ConfigureAwait(false);
        string authResults = AuthResultsFormatter.Format(new AuthResultsHeader(authServId, result.ToAuthMethodResults()));

        if (context.Json)
        {
            await JsonOutput.WriteAsync(context.Out, w => WriteJson(w, result, authResults)).ConfigureAwait(false);
        }
        else
        {
            await WriteTextAsync(context.Out, result, authResults).ConfigureAwait(false);
        }

        return result.Status switch
        {
            DmarcStatus.Pass => ExitCodes.Ok,
            DmarcStatus.TempError => ExitCodes.Failure,
            _ => ExitCodes.Negative,
        };
    }

    private static string[] SplitResult(string text, string option, int maxParts)
    {
        string[] parts = text.Split(':', maxParts);
        return parts.Length >= 2 && parts[0].Length > 0 && parts[1].Length > 0
            ? parts
            : throw new UsageException($"{option}: '{text}' is not RESULT:DOMAIN");
    }

    private static async Task WriteTextAsync(TextWriter o, DmarcResult result, string authResults)
    {
        await o.WriteLineAsync($"dmarc: {result.Keyword}").ConfigureAwait(false);
        await o.WriteLineAsync($"reason: {TerminalText.Value(result.Reason)}").ConfigureAwait(false);
        await o.WriteLineAsync($"mode: {(result.Mode == DmarcMode.Rfc7489Psl ? "RFC 7489 (Public Suffix List)" : "RFC 9989 (DNS tree walk)")}").ConfigureAwait(false);
        if (result.AuthorDomain is not null)
        {
            await o.WriteLineAsync($"author domain: {TerminalText.Value(result.AuthorDomain)} (organizational domain {TerminalText.Value(result.OrganizationalDomain ?? "unknown")})").ConfigureAwait(false);
        }

        if (result.Record is not null)
        {
            await o.WriteLineAsync($"record: _dmarc.{TerminalText.Value(result.PolicyDomain)} \"{TerminalText.Value(result.Record.Text)}\"").ConfigureAwait(false);
            foreach (string problem in result.Record.Problems)
            {
                await o.WriteLineAsync($"  problem: {TerminalText.Value(problem)}").ConfigureAwait(false);
            }

            string flags = (result.TestingModeApplied ? " (lowered by t=y)" : "") + (result.SampledOut ? " (lowered by pct sampling)" : "");
            await o.WriteLineAsync($"policy: {Word(result.Policy)} from {SourceTag(result.PolicySource)}; disposition: {Word(result.Disposition)}{flags}").ConfigureAwait(false);
        }

        foreach (var a in Alignments(result))
        {
            string domain = TerminalText.Value(a.Domain ?? "-");
            string selector = a.Selector is null ? "" : $" s={TerminalText.Value(a.Selector)}";
            string verdict = a.Aligned ? $"aligned ({(a.Mode == DmarcAlignmentMode.Strict ? "strict" : "relaxed")})" : "not aligned" + (a.Note is null ? "" : $": {TerminalText.Value(a.Note)}");
            await o.WriteLineAsync($"{(a.Kind == DmarcIdentifierKind.Spf ? "spf" : "dkim")}: {a.Result.ToString().ToLowerInvariant()} {domain}{selector} — {verdict}").ConfigureAwait(false);
        }

        foreach (var step in result.Discovery)
        {
            await o.WriteLineAsync($"query: _dmarc.{TerminalText.Value(step.Domain)} → {step.Status}{(step.Error is null ? "" : $" ({TerminalText.Value(step.Error)})")}").ConfigureAwait(false);
        }

        await o.WriteLineAsync($"dns queries: {result.DnsQueries}").ConfigureAwait(false);
        await o.WriteLineAsync(TerminalText.HeaderField(authResults)).ConfigureAwait(false);
    }

    private static void WriteJson(Utf8JsonWriter w, DmarcResult result, string authResults)
    {
        w.WriteStartObject();
        w.WriteString("result", result.Keyword);
        w.WriteString("reason", result.Reason);
        w.WriteString("mode", result.Mode == DmarcMode.Rfc7489Psl ? "rfc7489" : "rfc9989");
        WriteNullable(w, "authorDomain", result.AuthorDomain);
        WriteNullable(w, "organizationalDomain", result.OrganizationalDomain);
        WriteNullable(w, "policyDomain", result.PolicyDomain);
        WriteNullable(w, "record", result.Record?.Text);
        WriteNullable(w, "policy", result.Policy is null ? null : Word(result.Policy));
        WriteNullable(w, "policySource", result.Record is null ? null : SourceTag(result.PolicySource));
        w.WriteString("disposition", Word(result.Disposition));
        w.WriteBoolean("testingModeApplied", result.TestingModeApplied);
        w.WriteBoolean("sampledOut", result.SampledOut);
        w.WriteStartArray("alignments");
        foreach (var a in Alignments(result))
        {
            w.WriteStartObject();
            w.WriteString("kind", a.Kind == DmarcIdentifierKind.Spf ? "spf" : "dkim");
            WriteNullable(w, "domain", a.Domain);
            WriteNullable(w, "selector", a.Selector);
            w.WriteString("result", a.Result.ToString().ToLowerInvariant());
            w.WriteBoolean("aligned", a.Aligned);
            WriteNullable(w, "note", a.Note);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("queries");
        foreach (var step in result.Discovery)
        {
            w.WriteStartObject();
            w.WriteString("name", "_dmarc." + step.Domain);
            w.WriteString("status", step.Status.ToString());
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("dnsQueries", result.DnsQueries);
        w.WriteString("authenticationResults", authResults.TrimEnd('\r', '\n'));
        w.WriteEndObject();
    }

    private static IEnumerable<DmarcIdentifierAlignment> Alignments(DmarcResult result)
        => result.Spf is null ? result.Dkim : result.Dkim.Prepend(result.Spf);

    private static string Word(DmarcPolicy? policy) => policy?.ToString().ToLowerInvariant() ?? "-";

    private static string SourceTag(DmarcPolicySource source) => source switch
    {
        DmarcPolicySource.Subdomain => "sp",
        DmarcPolicySource.NonExistentSubdomain => "np",
        _ => "p",
    };

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
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
