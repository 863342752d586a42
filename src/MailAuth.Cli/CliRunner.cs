using System.Reflection;
using MailAuth.Dns;

namespace MailAuth.Cli;

/// <summary>
/// Runs one <c>mailauth</c> command line: finds the command in <see cref="Program.Commands"/>, parses its options and
/// the global ones, prints help, maps errors to <see cref="ExitCodes"/>. Used by <see cref="Program.Main"/> and by tests.
/// </summary>
internal static class CliRunner
{
    /// <summary>Runs a command line.</summary>
    /// <param name="args">The arguments after the program name.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C.</param>
    /// <param name="commands">The command table; <see langword="null"/> for <see cref="Program.Commands"/>.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken, IReadOnlyList<ICommand>? commands = null)
    {
        commands ??= Program.Commands;
        ICommand? command = null;
        try
        {
            int commandIndex = FindCommandIndex(args);
            if (commandIndex < 0)
            {
                ParsedArguments global = ArgumentParser.Parse(args, GlobalOptions.All);
                if (global.Has(GlobalOptions.Version.Name))
                {
                    await output.WriteLineAsync($"mailauth {Version}").ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                await WriteGeneralHelpAsync(output, commands).ConfigureAwait(false);
                if (!global.Has(GlobalOptions.Help.Name))
                {
                    await error.WriteLineAsync("mailauth: no command given").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                return ExitCodes.Ok;
            }

            string name = args[commandIndex];
            string[] rest = [.. args[..commandIndex], .. args[(commandIndex + 1)..]];
            if (name == "help")
            {
                ParsedArguments helpArgs = ArgumentParser.Parse(rest, GlobalOptions.All);
                if (helpArgs.Positionals.Count == 0)
                {
                    await WriteGeneralHelpAsync(output, commands).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                name = helpArgs.Positionals[0];
                rest = ["--help"];
            }

            command = commands.FirstOrDefault(c => c.Name == name) ?? throw new UsageException($"unknown command '{name}' (commands: {string.Join(", ", commands.Select(c => c.Name))})");
            ParsedArguments parsed = ArgumentParser.Parse(rest, [.. command.Options, .. GlobalOptions.All]);
            if (parsed.Has(GlobalOptions.Help.Name))
            {
                await WriteCommandHelpAsync(output, command).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var context = new CommandContext(parsed, output, error, GlobalOptions.CreateResolverFactory(parsed), TimeProvider.System);
            return await command.RunAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"mailauth: {e.Message}").ConfigureAwait(false);
            await error.WriteLineAsync(command is null ? "Run 'mailauth --help' for usage." : $"Run 'mailauth {command.Name} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (ZoneFileFormatException e)
        {
            await error.WriteLineAsync($"mailauth: bad zone file: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"mailauth: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("mailauth: cancelled").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
    }

    private static string Version =>
        typeof(CliRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    // The command is the first argument that is neither an option nor the value of a global option.
    private static int FindCommandIndex(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                return i + 1 < args.Length ? i + 1 : -1;
            }

            if (arg.StartsWith('-') && arg.Length > 1)
            {
                if (GlobalOptions.TakesNextValue(arg))
                {
                    i++;
                }

                continue;
            }

            return i;
        }

        return -1;
    }

    private static async Task WriteGeneralHelpAsync(TextWriter output, IReadOnlyList<ICommand> commands)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("Usage: mailauth [global options] COMMAND [arguments]");
        text.AppendLine();
        text.AppendLine("Email authentication (SPF, DKIM, DMARC) from the command line.");
        text.AppendLine();
        text.AppendLine("Commands:");
        int width = commands.Count == 0 ? 4 : Math.Max(4, commands.Max(c => c.Name.Length));
        foreach (ICommand c in commands)
        {
            text.Append("  ").Append(c.Name.PadRight(width + 2)).AppendLine(c.Summary);
        }

        text.Append("  ").Append("help".PadRight(width + 2)).AppendLine("show help for a command (also: mailauth COMMAND --help)");
        text.AppendLine();
        AppendOptions(text, "Global options:", GlobalOptions.All);
        text.AppendLine();
        text.AppendLine("Exit codes:");
        text.AppendLine("  0  ok (answer found, check passed)");
        text.AppendLine("  1  negative result (no such name or record, check failed)");
        text.AppendLine("  2  usage error");
        text.AppendLine("  3  failure to get an answer (I/O error, bad zone file, DNS timeout or SERVFAIL)");
        await output.WriteAsync(text.ToString()).ConfigureAwait(false);
    }

    private static async Task WriteCommandHelpAsync(TextWriter output, ICommand command)
    {
        var text = new System.Text.StringBuilder();
        text.Append("Usage: mailauth ").Append(command.Name).Append(" [options] ").AppendLine(command.Usage);
        text.AppendLine();
        text.AppendLine(command.Summary);
        if (command.Description.Length > 0)
        {
            text.AppendLine();
            text.AppendLine(command.Description.TrimEnd());
        }

        text.AppendLine();
        if (command.Options.Count > 0)
        {
            AppendOptions(text, "Options:", command.Options);
            text.AppendLine();
        }

        AppendOptions(text, "Global options:", GlobalOptions.All);
        await output.WriteAsync(text.ToString()).ConfigureAwait(false);
    }

    private static void AppendOptions(System.Text.StringBuilder text, string title, IReadOnlyList<OptionSpec> options)
    {
        text.AppendLine(title);
        var labels = options.Select(o => (o.ShortName is { } s ? $"-{s}, " : string.Empty) + "--" + o.Name + (o.ValueName is null ? string.Empty : " " + o.ValueName)).ToList();
        int width = labels.Max(l => l.Length);
        for (int i = 0; i < options.Count; i++)
        {
            text.Append("  ").Append(labels[i].PadRight(width + 2)).AppendLine(options[i].Help);
        }
    }
}
