using MailAuth.DomainKeys;

namespace MailAuth.Cli.Commands;

/// <summary><c>mailauth adsp DOMAIN</c>: the historic ADSP practice of an author domain (RFC 5617 §4.3).</summary>
internal sealed class AdspCommand : ICommand
{
    public string Name => "adsp";

    public string Summary => "look up the historic ADSP practice of an author domain (RFC 5617)";

    public string Usage => "DOMAIN";

    public string Description => """
        Checks that DOMAIN exists (an MX query; NXDOMAIN gives nxdomain) and reads the record at
        _adsp._domainkey.DOMAIN. The result is the RFC 5617 §5.4 word for a message without an Author Domain
        Signature: none (no record), unknown, fail (dkim=all), discard (dkim=discardable), nxdomain, temperror or
        permerror. ADSP is historic; see docs/legacy.md.
        Exit 0 when the look-up found an answer (none, unknown, fail, discard), 1 for nxdomain and permerror,
        3 for temperror.

        Example:
          mailauth adsp example.com --zone example.com.zone --json
        """;

    public IReadOnlyList<OptionSpec> Options { get; } = [CommonOptions.Now];

    public IReadOnlyList<ArgumentSpec> Arguments { get; } = [new("DOMAIN", "the author domain (the domain of the From address)")];

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals(1, 1, Usage);
        string domain = context.Arguments.Positionals[0];
        var evaluator = new AdspEvaluator(context.Resolver, new AdspOptions { TimeProvider = context.TimeProvider });
        var result = await evaluator.CheckDomainAsync(domain, cancellationToken).ConfigureAwait(false);
        int exit = result.Status switch
        {
            AdspStatus.TempError => ExitCodes.Failure,
            AdspStatus.NxDomain or AdspStatus.PermError => ExitCodes.Negative,
            _ => ExitCodes.Ok,
        };
        string practice = result.Practice switch
        {
            AdspPractice.All => "all",
            AdspPractice.Discardable => "discardable",
            AdspPractice.Unknown => "unknown",
            _ => "none",
        };
        if (context.Json)
        {
            await JsonOutput.WriteAsync(context.Out, w =>
            {
                w.WriteStartObject();
                w.WriteString("result", result.Keyword);
                w.WriteString("domain", result.AuthorDomain ?? domain);
                w.WriteString("practice", practice);
                w.WriteString("problem", result.Problem.ToString());
                CommandFiles.WriteOptional(w, "reason", result.Reason);
                w.WriteNumber("dnsQueries", result.DnsQueries);
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return exit;
        }

        string line = $"dkim-adsp={result.Keyword}" + (result.Reason is null ? string.Empty : $" ({TerminalText.Value(result.Reason)})")
            + $" domain={TerminalText.Value(result.AuthorDomain ?? domain)} practice={practice}";
        await context.Out.WriteLineAsync(line).ConfigureAwait(false);
        return exit;
    }
}
