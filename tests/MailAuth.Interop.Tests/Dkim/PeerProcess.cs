using System.Diagnostics;

namespace MailAuth.Interop.Tests.Dkim;

/// <summary>Runs a peer driver script and captures its exit code and output. No shell, no network.</summary>
internal static class PeerProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public string Output => (StdOut.Trim() + " " + StdErr.Trim()).Trim();
    }

    /// <summary>Runs <paramref name="fileName"/>; a program that cannot start gives exit code -1.</summary>
    public static Result Run(string fileName, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("Process.Start returned null");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new Result(-1, string.Empty, $"cannot start {fileName}: {e.Message}");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return new Result(-1, string.Empty, $"{fileName} timed out after {Timeout.TotalSeconds:0}s");
            }

            return new Result(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
        }
    }
}
