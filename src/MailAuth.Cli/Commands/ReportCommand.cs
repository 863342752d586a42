namespace MailAuth.Cli.Commands;

/// <summary><c>mailauth report read</c>: DMARC aggregate reports (RFC 9990, RFC 7489 Appendix C); a group of sub-commands.</summary>
internal sealed class ReportCommand : ICommand
{
    public string Name => "report";

    public string Summary => "read DMARC aggregate reports (XML, gzip, zip or email) and summarise them; write report emails";

    public string Usage => "read FILE... [--json] | write --store FILE --from TIME --to TIME --out DIR --email ADDRESS | failure FILE --ip IP --out FILE|DIR";

    public string Description => """
        Examples:
          mailauth report read google.com!example.com!1767225600!1767311999.zip
          mailauth report read reports/*.xml.gz --json
          mailauth report write --store reports.db --from 2026-12-01T00:00:00Z --to 2026-12-02T00:00:00Z --out outbox --email dmarc@mx.example.net
          mailauth report failure forged.eml --ip 203.0.113.9 --mail-from alice@example.com --out reports/
        """;

    public IReadOnlyList<OptionSpec> Options { get; } = [];

    public IReadOnlyList<ICommand> Subcommands { get; } = [new ReportReadCommand(), new ReportWriteCommand(), new ReportFailureCommand()];

    // System.CommandLine never runs a command that has sub-commands: "mailauth report" alone is a usage error.
    public Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken) =>
        throw new UsageException($"missing sub-command: expected {Usage}");
}
