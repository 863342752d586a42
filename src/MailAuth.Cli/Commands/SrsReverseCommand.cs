using MailAuth.Srs;

namespace MailAuth.Cli.Commands;

/// <summary><c>mailauth srs reverse ADDRESS --secret S</c>.</summary>
internal sealed class SrsReverseCommand : ICommand
{
    private static readonly OptionSpec MaxAge = new("max-age", "DAYS", "the oldest timestamp accepted, in days (default 21)");

    public string Name => "reverse";

    public string Summary => "decode an SRS address, checking its hash and timestamp";

    public string Usage => "ADDRESS --secret S [--secret S2 ...] [--max-age DAYS]";

    public string Description => """
        Exit code 0 when decoded, 1 when the address is not SRS, forged, made with another secret, expired or malformed,
        2 for usage errors.
        """;

    public IReadOnlyList<OptionSpec> Options { get; } = [SrsCommand.Secret, SrsCommand.SecretFile, MaxAge, SrsCommand.HashLength, CommonOptions.Now];

    public IReadOnlyList<ArgumentSpec> Arguments { get; } = [new("ADDRESS", "the SRS address")];

    public Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals(1, 1, Usage);
        int? maxAge = null;
        if (context.Arguments.Get(MaxAge.Name) is { } text)
        {
            maxAge = int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int days)
                ? days
                : throw new UsageException($"--max-age needs a number of days, not '{TerminalText.Value(text)}'");
        }

        SrsRewriter rewriter = SrsCommand.CreateRewriter(context, maxAge);
        string address = context.Arguments.Positionals[0];
        return SrsCommand.WriteAsync(context, "reverse", address, rewriter.Reverse(address));
    }
}
