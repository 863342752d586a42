namespace MailAuth.Dns;

/// <summary>
/// A zone file (RFC 1035 §5) that <see cref="ZoneFileResolver"/> cannot load. Zone files are configuration
/// written by the caller, so this is the one exception the loader throws for bad input; it names the line.
/// Use <see cref="ZoneFileResolver.TryLoadZone(string, string?, out ZoneFileFormatException?)"/> to get it as a value.
/// </summary>
public sealed class ZoneFileFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">What is wrong, without the location.</param>
    /// <param name="lineNumber">The 1-based line number.</param>
    /// <param name="source">The file name, or <see langword="null"/> for text.</param>
    public ZoneFileFormatException(string reason, int lineNumber, string? source)
        : base($"{source ?? "zone"}({lineNumber}): {reason}")
    {
        Reason = reason;
        LineNumber = lineNumber;
        SourceName = source;
    }

    /// <summary>What is wrong with the line.</summary>
    public string Reason { get; }

    /// <summary>The 1-based line number of the bad line.</summary>
    public int LineNumber { get; }

    /// <summary>The file the line came from, or <see langword="null"/> when loaded from text.</summary>
    public string? SourceName { get; }
}
