namespace MailAuth.Cli.Commands;

/// <summary>
/// <c>mailauth completion bash|zsh</c>: prints a shell function that completes <c>mailauth</c> command lines through
/// System.CommandLine's <c>[suggest:POSITION]</c> directive (commands, sub-commands and options).
/// </summary>
internal sealed class CompletionCommand : ICommand
{
    private const string Bash = """
        # mailauth completion (bash); add to ~/.bashrc:  source <(mailauth completion bash)
        _mailauth_complete()
        {
            local IFS=$'\n'
            COMPREPLY=( $(mailauth "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null) )
        }
        complete -o default -F _mailauth_complete mailauth
        """;

    private const string Zsh = """
        # mailauth completion (zsh); add to ~/.zshrc:  source <(mailauth completion zsh)
        autoload -Uz bashcompinit && bashcompinit
        _mailauth_complete()
        {
            local IFS=$'\n'
            COMPREPLY=( $(mailauth "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null) )
        }
        complete -o default -F _mailauth_complete mailauth
        """;

    public string Name => "completion";

    public string Summary => "print a shell completion script (bash or zsh)";

    public string Usage => "bash|zsh";

    public string Description => """
        Prints a script that completes mailauth command lines: commands, sub-commands and options. The script asks
        mailauth itself through the [suggest:POSITION] directive, so it always matches the installed version.

        Example:
          source <(mailauth completion bash)
        """;

    public IReadOnlyList<OptionSpec> Options { get; } = [];

    public IReadOnlyList<ArgumentSpec> Arguments { get; } = [new("SHELL", "bash or zsh")];

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        string script = context.Arguments.Positionals[0] switch
        {
            "bash" => Bash,
            "zsh" => Zsh,
            var other => throw new UsageException($"no completion script for shell '{other}' (bash, zsh)"),
        };
        await context.Out.WriteLineAsync(script).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
