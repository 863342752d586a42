using System.Diagnostics;
using System.Text;
using Xunit;

namespace MailAuth.Interop.Tests;

/// <summary>
/// Shared helpers for tests that need a peer program or service. A missing peer skips the test with a visible
/// reason, except when the environment variable <c>MAILAUTH_INTEROP</c> is <c>required</c> (as in <c>.ci/run</c>):
/// then the test fails, so CI cannot pass without actually talking to the peer.
/// </summary>
public static class Peers
{
    /// <summary>True when <c>MAILAUTH_INTEROP=required</c>: missing peers fail instead of skipping.</summary>
    public static bool Required =>
        string.Equals(Environment.GetEnvironmentVariable("MAILAUTH_INTEROP"), "required", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Skips the calling <c>[SkippableFact]</c>/<c>[SkippableTheory]</c> when <paramref name="available"/> is false,
    /// or fails it when peers are <see cref="Required"/>.
    /// </summary>
    /// <param name="available">Whether the peer can be used.</param>
    /// <param name="reason">What is missing and how to get it, e.g. "nsd not on PATH (apt-get install nsd)".</param>
    public static void Require(bool available, string reason)
    {
        if (available)
        {
            return;
        }

        if (Required)
        {
            Assert.Fail($"MAILAUTH_INTEROP=required but the peer is unavailable: {reason}");
        }

        Skip.If(true, reason);
    }

    /// <summary>Finds an executable on <c>PATH</c>.</summary>
    /// <param name="program">The program name, e.g. <c>python3</c>.</param>
    /// <returns>The full path, or <see langword="null"/> when not found.</returns>
    public static string? FindOnPath(string program)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        if (program.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        }

        string[] extensions = OperatingSystem.IsWindows()
            ? (Environment.GetEnvironmentVariable("PATHEXT") ?? ".EXE;.CMD;.BAT").Split(';', StringSplitOptions.RemoveEmptyEntries).Prepend(string.Empty).ToArray()
            : [string.Empty];
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string extension in extensions)
            {
                string candidate = Path.Combine(dir, program + extension);
                if (File.Exists(candidate) && IsExecutable(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Finds <paramref name="program"/> on PATH, or skips/fails the test with the given install hint.</summary>
    /// <param name="program">The program name.</param>
    /// <param name="installHint">How to get it, e.g. "apt-get install python3-dkim".</param>
    /// <returns>The full path.</returns>
    public static string RequireProgram(string program, string installHint)
    {
        string? path = FindOnPath(program);
        Require(path is not null, $"{program} not found on PATH ({installHint})");
        return path!;
    }

    /// <summary>
    /// Runs a program with arguments (no shell), optional standard input, and a time limit; captures stdout and stderr.
    /// The process tree is killed when the limit passes or <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <param name="fileName">The program.</param>
    /// <param name="arguments">The arguments, passed one by one without shell parsing.</param>
    /// <param name="stdin">Text written to standard input (then closed), or <see langword="null"/> for none.</param>
    /// <param name="timeout">The time limit; <see langword="null"/> for 60 seconds.</param>
    /// <param name="workingDirectory">The working directory, or <see langword="null"/> for the current one.</param>
    /// <param name="environment">Extra environment variables.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The exit code and the captured output.</returns>
    /// <exception cref="TimeoutException">The program did not finish in time.</exception>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? stdin = null,
        TimeSpan? timeout = null,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        Task<string> stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program exited without reading its input; its exit code tells the rest.
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the time limit and the kill.
            }

            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{fileName} did not finish within {timeout ?? TimeSpan.FromSeconds(60)}; stderr: {await stderr.ConfigureAwait(false)}");
        }

        return new ProcessResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    private static bool IsExecutable(string path)
    {
        return OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}
