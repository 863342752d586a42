namespace MailAuth.Cli.Commands;

/// <summary><c>mailauth arc verify|seal</c>: ARC (RFC 8617) from the command line; a group of sub-commands.</summary>
internal sealed class ArcCommand : ICommand
{
    public string Name => "arc";

    public string Summary => "validate or add an ARC chain (RFC 8617)";

    public string Usage => "verify FILE | seal FILE --domain D --selector S (--key PEM | --key-dir DIR) --authserv-id ID";

    public string Description => """
        Examples:
          mailauth arc verify forwarded.eml --zone keys.zone
          mailauth arc seal received.eml --key-dir /etc/mailauth/keys --domain list.example.org --selector arc2026 --authserv-id mx.example.org > sealed.eml
        """;

    public IReadOnlyList<OptionSpec> Options { get; } = [];

    public IReadOnlyList<ICommand> Subcommands { get; } = [new ArcVerifyCommand(), new ArcSealCommand()];

    public Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken) =>
        throw new UsageException($"missing sub-command: expected {Usage}");
}
