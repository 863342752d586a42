namespace MailAuth.Cli.Commands;

/// <summary><c>mailauth dkim verify|sign|keygen</c>: DKIM (RFC 6376, RFC 8463) from the command line; a group of sub-commands.</summary>
internal sealed class DkimCommand : ICommand
{
    public string Name => "dkim";

    public string Summary => "verify or sign DKIM signatures, generate DKIM keys";

    public string Usage => "verify FILE | sign FILE --domain D --selector S --key PEM | keygen [--algorithm rsa|ed25519] [--bits N]";

    public string Description => """
        Examples:
          mailauth dkim keygen --algorithm ed25519 --selector ed2026 --domain example.com --output ed2026.pem
          mailauth dkim sign message.eml --domain example.com --selector ed2026 --key ed2026.pem > signed.eml
          mailauth dkim verify signed.eml --zone example.com.zone
        """;

    public IReadOnlyList<OptionSpec> Options { get; } = [];

    public IReadOnlyList<ICommand> Subcommands { get; } = [new DkimVerifyCommand(), new DkimSignCommand(), new DkimKeygenCommand()];

    // System.CommandLine never runs a command that has sub-commands: "mailauth dkim" alone is a usage error.
    public Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken) =>
        throw new UsageException($"missing sub-command: expected {Usage}");
}
