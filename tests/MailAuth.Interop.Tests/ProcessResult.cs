namespace MailAuth.Interop.Tests;

/// <summary>What a program run by <see cref="Peers.RunAsync"/> returned.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="StandardOutput">Everything written to stdout.</param>
/// <param name="StandardError">Everything written to stderr.</param>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Formats the run for assertion messages.</summary>
    /// <returns>Exit code, stdout and stderr.</returns>
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}
