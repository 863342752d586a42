namespace MailAuth.Cli.Commands;

/// <summary><c>mailauth dk verify</c>: the historic DomainKeys (RFC 4870) from the command line; a group of sub-commands.</summary>
internal sealed class DkCommand : ICommand
{
    public string Name => "dk";

    public string Summary => "verify historic DomainKeys signatures (RFC 4870)";

    public string Usage => "verify FILE";

    public string Description => """
        DomainKeys is historic (replaced by DKIM); see docs/legacy.md.

        Example:
          mailauth dk verify signed.eml --zone example.com.zone
        """;

    public IReadOnlyList<OptionSpec> Options { get; } = [];

    public IReadOnlyList<ICommand> Subcommands { get; } = [new DkVerifyCommand()];

    // System.CommandLine never runs a command that has sub-commands: "mailauth dk" alone is a usage error.
    public Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken) =>
        throw new UsageException($"missing sub-command: expected {Usage}");
}
