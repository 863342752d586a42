using MailAuth.Cli;

namespace MailAuth.Tests.Cli;

/// <summary>Runs <c>mailauth</c> in-process and captures its output; writes zone files to a temporary folder.</summary>
internal sealed class CliHarness : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mailauth-cli-").FullName;

    public string WriteFile(string name, string content)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await CliRunner.RunAsync(args, output, error, CancellationToken.None);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

internal sealed record CliResult(int ExitCode, string Out, string Error);
