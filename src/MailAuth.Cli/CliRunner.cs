using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Reflection;
using MailAuth.Dns;

namespace MailAuth.Cli;

/// <summary>
/// Runs one <c>mailauth</c> command line on System.CommandLine: builds the command tree from <see cref="Program.Commands"/>
/// (help for every command and sub-command, <c>--version</c>, <c>@response-files</c>, the <c>[suggest]</c> completion
/// directive), parses, and maps errors to <see cref="ExitCodes"/> — as one JSON object under <c>--json</c>.
/// Used by <see cref="Program.Main"/> and by tests.
/// </summary>
internal static class CliRunner
{
    private const string ExitCodeHelp = """

        Exit codes:
          0    ok (answer found, check passed)
          1    negative result (no such name or record, check failed, unreadable message)
          2    usage error
          3    failure to get an answer (I/O error, bad zone file, DNS timeout or SERVFAIL)
          130  interrupted
        """;

    /// <summary>Runs a command line.</summary>
    /// <param name="args">The arguments after the program name.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C.</param>
    /// <param name="commands">The command table; <see langword="null"/> for <see cref="Program.Commands"/>.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken, IReadOnlyList<ICommand>? commands = null)
    {
        var tree = new Tree(commands ?? Program.Commands, output, error);
        var invocation = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // Our actions map every exception to an exit code; Program.Main owns Ctrl+C.
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };

        if (args.Length == 0)
        {
            await tree.Root.Parse(["--help"]).InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
            await error.WriteLineAsync("mailauth: no command given").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        ParseResult parsed = tree.Root.Parse(args, new ParserConfiguration());
        if (parsed.Action is ParseErrorAction)
        {
            string message = parsed.Errors.Count > 0 ? parsed.Errors[0].Message : "bad command line";
            return await ReportAsync(output, error, IsJson(parsed, tree, args), ExitCodes.Usage, message, CommandPath(parsed.CommandResult)).ConfigureAwait(false);
        }

        return await parsed.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The version string (the informational version of this assembly).</summary>
    internal static string Version =>
        typeof(CliRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    // --json counts even when the line did not parse: a script that asked for JSON gets JSON.
    private static bool IsJson(ParseResult parsed, Tree tree, string[] args)
    {
        if (parsed.GetResult(tree.Json) is { Implicit: false })
        {
            return true;
        }

        foreach (string arg in args)
        {
            if (arg == "--")
            {
                break;
            }

            if (arg == "--json")
            {
                return true;
            }
        }

        return false;
    }

    private static string? CommandPath(CommandResult? result)
    {
        var names = new List<string>();
        for (CommandResult? r = result; r is not null && r.Command is not RootCommand; r = r.Parent as CommandResult)
        {
            names.Insert(0, r.Command.Name);
        }

        return names.Count == 0 ? null : string.Join(' ', names);
    }

    /// <summary>
    /// Reports an error: under <c>--json</c> one object <c>{"error": MESSAGE, "exitCode": N}</c> on stdout (and the message on
    /// stderr); otherwise the message (escaped) on stderr, with a pointer to <c>--help</c> for usage errors.
    /// </summary>
    private static async Task<int> ReportAsync(TextWriter output, TextWriter error, bool json, int exitCode, string message, string? command)
    {
        if (json)
        {
            await JsonOutput.WriteAsync(output, w =>
            {
                w.WriteStartObject();
                w.WriteString("error", message);
                w.WriteNumber("exitCode", exitCode);
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }

        await error.WriteLineAsync("mailauth: " + TerminalText.Value(message)).ConfigureAwait(false);
        if (exitCode == ExitCodes.Usage && !json)
        {
            await error.WriteLineAsync(command is null ? "Run 'mailauth --help' for usage." : $"Run 'mailauth {command} --help' for usage.").ConfigureAwait(false);
        }

        return exitCode;
    }

    /// <summary>The System.CommandLine tree for one run: built per run so that actions write to the run's writers.</summary>
    private sealed class Tree
    {
        private readonly TextWriter _output;
        private readonly TextWriter _error;
        private readonly Dictionary<OptionSpec, Option> _globals = [];
        private readonly Dictionary<Command, string> _summaries = [];

        public Tree(IReadOnlyList<ICommand> commands, TextWriter output, TextWriter error)
        {
            _output = output;
            _error = error;
            Root = new RootCommand("Email authentication (SPF, DKIM, DMARC) from the command line." + ExitCodeHelp);
            foreach (OptionSpec spec in GlobalOptions.All)
            {
                Option option = CreateOption(spec);
                option.Recursive = true;
                _globals[spec] = option;
                Root.Options.Add(option);
            }

            Json = (Option<bool>)_globals[GlobalOptions.Json];
            foreach (Option option in Root.Options)
            {
                if (option is VersionOption version)
                {
                    version.Action = new VersionAction();
                }
                else if (option is HelpOption { Action: HelpAction help } helpOption)
                {
                    helpOption.Action = new SummaryHelpAction(help, _summaries);
                }
            }

            foreach (ICommand command in commands)
            {
                Root.Subcommands.Add(Build(command));
            }

            Root.Subcommands.Add(BuildHelp());
        }

        public RootCommand Root { get; }

        public Option<bool> Json { get; }

        private static Option CreateOption(OptionSpec spec)
        {
            Option option = spec switch
            {
                { TakesValue: false } => new Option<bool>("--" + spec.Name),
                { Repeatable: true } => new Option<string[]>("--" + spec.Name) { AllowMultipleArgumentsPerToken = false },
                _ => new Option<string>("--" + spec.Name),
            };
            option.Description = spec.Help;
            option.HelpName = spec.ValueName;
            return option;
        }

        private Command Build(ICommand command)
        {
            var result = new Command(command.Name, command.Description.Length == 0 ? command.Summary : command.Summary + Environment.NewLine + Environment.NewLine + command.Description.TrimEnd());

            _summaries[result] = command.Summary;
            var options = new List<(OptionSpec Spec, Option Option)>();
            foreach (OptionSpec spec in command.Options)
            {
                Option option = CreateOption(spec);
                options.Add((spec, option));
                result.Options.Add(option);
            }

            var arguments = new List<Argument>();
            foreach (ArgumentSpec spec in command.Arguments)
            {
                // A single value is an Argument<string>: System.CommandLine converts one token to string[] only for arity > 1.
                Argument argument = spec.Maximum == 1 ? new Argument<string>(spec.Name) : new Argument<string[]>(spec.Name);
                argument.Description = spec.Help;
                argument.Arity = new ArgumentArity(spec.Minimum, spec.Maximum);
                arguments.Add(argument);
                result.Arguments.Add(argument);
            }

            foreach (ICommand sub in command.Subcommands)
            {
                result.Subcommands.Add(Build(sub));
            }

            if (command.Subcommands.Count == 0)
            {
                result.SetAction((parsed, cancellationToken) => RunCommandAsync(command, parsed, options, arguments, cancellationToken));
            }

            return result;
        }

        // `mailauth help [COMMAND [SUB-COMMAND]]` is `mailauth COMMAND [SUB-COMMAND] --help`.
        private Command BuildHelp()
        {
            var names = new Argument<string[]>("COMMAND") { Description = "the command to describe", Arity = ArgumentArity.ZeroOrMore };
            var help = new Command("help", "show help for a command (also: mailauth COMMAND --help)") { names };
            help.SetAction((parsed, cancellationToken) =>
            {
                string[] path = parsed.GetValue(names) ?? [];
                Command current = Root;
                foreach (string name in path)
                {
                    Command? next = current.Subcommands.FirstOrDefault(c => c.Name == name);
                    if (next is null)
                    {
                        string known = string.Join(", ", current.Subcommands.Select(c => c.Name));
                        return ReportAsync(_output, _error, parsed.GetValue(Json), ExitCodes.Usage, $"unknown command '{name}' (commands: {known})", "help");
                    }

                    current = next;
                }

                return RunAsync([.. path, "--help"], _output, _error, cancellationToken);
            });
            return help;
        }

        private async Task<int> RunCommandAsync(ICommand command, ParseResult parsed, List<(OptionSpec Spec, Option Option)> options, List<Argument> arguments, CancellationToken cancellationToken)
        {
            bool json = parsed.GetValue(Json);
            string path = CommandPath(parsed.CommandResult) ?? command.Name;
            try
            {
                var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                foreach (var (spec, option) in options.Concat(_globals.Select(g => (g.Key, g.Value))))
                {
                    Collect(parsed, spec, option, values);
                }

                var positionals = new List<string>();
                foreach (Argument argument in arguments)
                {
                    if (argument is Argument<string> one)
                    {
                        if (parsed.GetValue(one) is { } value)
                        {
                            positionals.Add(value);
                        }
                    }
                    else
                    {
                        positionals.AddRange(parsed.GetValue((Argument<string[]>)argument) ?? []);
                    }
                }

                var arguments2 = new ParsedArguments(values, positionals);
                var context = new CommandContext(arguments2, _output, _error, GlobalOptions.CreateResolverFactory(arguments2), CommonOptions.Clock(arguments2, TimeProvider.System));
                return await command.RunAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (UsageException e)
            {
                return await ReportAsync(_output, _error, json, ExitCodes.Usage, e.Message, path).ConfigureAwait(false);
            }
            catch (ZoneFileFormatException e)
            {
                return await ReportAsync(_output, _error, json, ExitCodes.Failure, "bad zone file: " + e.Message, path).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return await ReportAsync(_output, _error, json, ExitCodes.Failure, e.Message, path).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return await ReportAsync(_output, _error, json, ExitCodes.Cancelled, "cancelled", path).ConfigureAwait(false);
            }
        }

        private static void Collect(ParseResult parsed, OptionSpec spec, Option option, Dictionary<string, List<string>> values)
        {
            switch (option)
            {
                case Option<bool> flag when parsed.GetValue(flag):
                    values[spec.Name] = [string.Empty];
                    break;
                case Option<string[]> many when parsed.GetValue(many) is { Length: > 0 } all:
                    values[spec.Name] = [.. all];
                    break;
                case Option<string> one when parsed.GetValue(one) is { } value:
                    values[spec.Name] = [value];
                    break;
            }
        }
    }

    /// <summary>
    /// Help where command lists show each command's one-line summary and the command asked about shows its whole
    /// description: the descriptions are set for this one help text (the tree lives for one run).
    /// </summary>
    private sealed class SummaryHelpAction(HelpAction help, Dictionary<Command, string> summaries) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            Command target = parseResult.CommandResult.Command;
            foreach (var (command, summary) in summaries)
            {
                if (command != target)
                {
                    command.Description = summary;
                }
            }

            return help.Invoke(parseResult);
        }
    }

    private sealed class VersionAction : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine($"mailauth {Version}");
            return ExitCodes.Ok;
        }
    }
}
