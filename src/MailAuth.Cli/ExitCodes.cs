namespace MailAuth.Cli;

/// <summary>The exit codes of every <c>mailauth</c> command (documented in docs/cli.md).</summary>
internal static class ExitCodes
{
    /// <summary>Success: the look-up answered with data, the check passed.</summary>
    public const int Ok = 0;

    /// <summary>A definitive negative result: NXDOMAIN or no records, a failed check.</summary>
    public const int Negative = 1;

    /// <summary>Bad command line: unknown command or option, missing or malformed argument.</summary>
    public const int Usage = 2;

    /// <summary>Could not get an answer: file I/O error, bad zone file, DNS timeout or server failure.</summary>
    public const int Failure = 3;

    /// <summary><c>audit</c>: the signal is yellow (warnings, no error).</summary>
    public const int Warning = 4;

    /// <summary>Interrupted (Ctrl+C), as shells report SIGINT.</summary>
    public const int Cancelled = 130;
}
