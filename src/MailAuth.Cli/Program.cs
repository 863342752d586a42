using MailAuth.Cli.Commands;

namespace MailAuth.Cli;

/// <summary>The <c>mailauth</c> entry point and its command table.</summary>
internal static class Program
{
    /// <summary>Every command, in the order <c>mailauth --help</c> lists them. Add a command with one line here.</summary>
    internal static readonly IReadOnlyList<ICommand> Commands =
    [
        new CheckCommand(),
        new DnsCommand(),
        new SpfCommand(),
        new DkimCommand(),
        new DkCommand(),
        new AdspCommand(),
        new ArcCommand(),
        new DmarcCommand(),
        new AuditCommand(),
        new SrsCommand(),
        new ReportCommand(),
        new CompletionCommand(),
    ];

    /// <summary>Runs the command line; Ctrl+C cancels the running command.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        return await CliRunner.RunAsync(args, Console.Out, Console.Error, cancellation.Token).ConfigureAwait(false);
    }
}
