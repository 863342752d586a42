using MailAuth.Srs;

namespace MailAuth.Cli.Commands;

/// <summary><c>mailauth srs forward|reverse</c>: the Sender Rewriting Scheme from the command line; a group of sub-commands.</summary>
internal sealed class SrsCommand : ICommand
{
    internal static readonly OptionSpec Secret = new("secret", "S", "an SRS secret; repeat for rotation: the first signs, all verify", Repeatable: true);
    internal static readonly OptionSpec SecretFile = new("secret-file", "FILE", "read secrets from FILE, one per line (as postsrsd); used after --secret");
    internal static readonly OptionSpec HashLength = new("hash-length", "N", "hash characters to write (default 4, as Mail::SRS)");

    public string Name => "srs";

    public string Summary => "rewrite an envelope sender with SRS, or decode an SRS address";

    public string Usage => "forward ADDRESS --alias DOMAIN --secret S | reverse ADDRESS --secret S [--max-age DAYS]";

    public string Description => """
        Defaults match Mail::SRS and postsrsd: hash length 4, maximum age 21 days, separator '='.
        The encoded or decoded address is the last line of text output.

        Examples:
          mailauth srs forward alice@example.com --alias fwd.example --secret s3cret
          mailauth srs reverse SRS0=HHHH=TT=example.com=alice@fwd.example --secret new --secret old
        """;

    public IReadOnlyList<OptionSpec> Options { get; } = [];

    public IReadOnlyList<ICommand> Subcommands { get; } = [new SrsForwardCommand(), new SrsReverseCommand()];

    public Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken) =>
        throw new UsageException($"missing sub-command: expected {Usage}");

    internal static SrsRewriter CreateRewriter(CommandContext context, int? maxAge)
    {
        var secrets = new List<string>(context.Arguments.GetAll(Secret.Name));
        if (context.Arguments.Get(SecretFile.Name) is { } file)
        {
            try
            {
                secrets.AddRange(File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--secret-file: cannot read '{TerminalText.Value(file)}': {TerminalText.Value(e.Message)}");
            }
        }

        if (secrets.Count == 0)
        {
            throw new UsageException("--secret is required (or --secret-file)");
        }

        int hashLength = 4;
        if (context.Arguments.Get(HashLength.Name) is { } text && !int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out hashLength))
        {
            throw new UsageException($"--hash-length needs a number, not '{TerminalText.Value(text)}'");
        }

        try
        {
            return new SrsRewriter(new SrsOptions
            {
                Secrets = secrets,
                HashLength = hashLength,
                MaxAgeDays = maxAge ?? 21,
                TimeProvider = context.TimeProvider,
            });
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"invalid SRS setting {e.ParamName}: {TerminalText.Value(e.Message)}");
        }
    }

    internal static async Task<int> WriteAsync(CommandContext context, string operation, string input, SrsResult result)
    {
        if (context.Json)
        {
            await JsonOutput.WriteAsync(context.Out, w =>
            {
                w.WriteStartObject();
                w.WriteString("operation", operation);
                w.WriteString("input", input);
                w.WriteBoolean("success", result.Success);
                w.WriteString("address", result.Address);
                w.WriteString("kind", result.Kind.ToString().ToUpperInvariant());
                w.WriteString("error", result.Success ? null : result.Error.ToString());
                w.WriteString("reason", result.Reason);
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
        else
        {
            var text = new System.Text.StringBuilder();
            text.Append("Input:   ").AppendLine(TerminalText.Value(input));
            text.Append("Result:  ").Append(result.Success ? "ok" : result.Error.ToString()).Append(" -- ").AppendLine(TerminalText.Value(result.Reason));
            if (result.Success)
            {
                text.AppendLine(TerminalText.Value(result.Address));
            }

            await context.Out.WriteAsync(text.ToString()).ConfigureAwait(false);
        }

        return result.Success ? ExitCodes.Ok : ExitCodes.Negative;
    }
}

/// <summary><c>mailauth srs forward ADDRESS --alias DOMAIN --secret S</c>.</summary>
internal sealed class SrsForwardCommand : ICommand
{
    private static readonly OptionSpec Alias = new("alias", "DOMAIN", "the forwarder's domain the address is rewritten into (required)");

    public string Name => "forward";

    public string Summary => "rewrite an envelope sender into the forwarder's domain (SRS0, or SRS1 for an SRS address)";

    public string Usage => "ADDRESS --alias DOMAIN --secret S [--secret S2 ...]";

    public string Description => """
        Exit code 0 when the address was rewritten (or left as it is: null sender, or already in the alias domain),
        1 when it cannot be (malformed, too long), 2 for usage errors.
        """;

    public IReadOnlyList<OptionSpec> Options { get; } = [Alias, SrsCommand.Secret, SrsCommand.SecretFile, SrsCommand.HashLength, CommonOptions.Now];

    public IReadOnlyList<ArgumentSpec> Arguments { get; } = [new("ADDRESS", "the envelope sender")];

    public Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals(1, 1, Usage);
        string alias = context.Arguments.Get(Alias.Name) ?? throw new UsageException("--alias is required (the forwarder's domain)");
        SrsRewriter rewriter = SrsCommand.CreateRewriter(context, null);
        string address = context.Arguments.Positionals[0];
        return SrsCommand.WriteAsync(context, "forward", address, rewriter.Forward(address, alias));
    }
}
