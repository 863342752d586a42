namespace MailAuth.Cli;

/// <summary>
/// One <c>mailauth</c> command. Register an instance in <see cref="Program.Commands"/>; <see cref="CliRunner"/> turns it into a
/// System.CommandLine <c>Command</c> (options, arguments, help, completion).
/// </summary>
internal interface ICommand
{
    /// <summary>The word that selects the command, e.g. <c>dns</c>.</summary>
    string Name { get; }

    /// <summary>One line for the command list.</summary>
    string Summary { get; }

    /// <summary>The usage line after <c>mailauth NAME</c>, e.g. <c>TYPE NAME</c> (quoted in usage error messages).</summary>
    string Usage { get; }

    /// <summary>Longer help: what the command does and prints; shown by <c>--help</c> after the summary.</summary>
    string Description { get; }

    /// <summary>The command's own options (the global ones are added by the runner).</summary>
    IReadOnlyList<OptionSpec> Options { get; }

    /// <summary>The positional arguments, in order.</summary>
    IReadOnlyList<ArgumentSpec> Arguments => [];

    /// <summary>Sub-commands (<c>dkim verify</c>); a command with sub-commands is never run itself.</summary>
    IReadOnlyList<ICommand> Subcommands => [];

    /// <summary>Runs the command.</summary>
    /// <param name="context">Arguments, output writers and the DNS resolver.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C.</param>
    /// <returns>One of <see cref="ExitCodes"/>.</returns>
    Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken);
}
