using MailAuth.Text;

namespace MailAuth.Messages;

/// <summary>
/// Limits and behaviour of <see cref="MessageReader"/>. Validated once into a frozen copy when the reader is built
/// (docs/options.md); later changes to this object do not affect it.
/// </summary>
public sealed class MessageReaderOptions
{
    /// <summary>Default of <see cref="MaxHeaderBytes"/>: 1 MiB.</summary>
    public const int DefaultMaxHeaderBytes = 1024 * 1024;

    /// <summary>Default of <see cref="MaxHeaderFields"/>: 1000.</summary>
    public const int DefaultMaxHeaderFields = 1000;

    /// <summary>Default of <see cref="MaxHeaderLineLength"/>: 64 KiB.</summary>
    public const int DefaultMaxHeaderLineLength = 64 * 1024;

    /// <summary>Default of <see cref="MaxMessageBytes"/>: 64 MiB.</summary>
    public const long DefaultMaxMessageBytes = 64L * 1024 * 1024;

    /// <summary>
    /// Converts every bare LF (an LF not preceded by CR) to CRLF while reading, so that files with Unix line ends,
    /// as MTAs and mailbox tools hand them over, read as RFC 5322 messages (§2.1: lines end with CRLF).
    /// A bare CR is data and is kept as it is. When off, only CRLF ends a line and a bare LF is part of the line.
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool NormalizeLineEndings { get; init; } = true;

    /// <summary>
    /// The largest header block in bytes (all fields with their CRLFs, without the blank line).
    /// </summary>
    /// <value>Default 1 MiB (<see cref="DefaultMaxHeaderBytes"/>); at least 1.</value>
    public int MaxHeaderBytes { get; init; } = DefaultMaxHeaderBytes;

    /// <summary>The largest number of header fields.</summary>
    /// <value>Default 1000 (<see cref="DefaultMaxHeaderFields"/>); at least 1.</value>
    public int MaxHeaderFields { get; init; } = DefaultMaxHeaderFields;

    /// <summary>
    /// The longest physical header line in bytes, without its CRLF. RFC 5322 §2.1.1 says 998, but real mail (long
    /// unfolded Received, DKIM-Signature or ARC fields) exceeds it, so the default is far larger.
    /// </summary>
    /// <value>Default 64 KiB (<see cref="DefaultMaxHeaderLineLength"/>); at least 78.</value>
    public int MaxHeaderLineLength { get; init; } = DefaultMaxHeaderLineLength;

    /// <summary>The largest message in bytes as handed over (before normalisation); <see langword="null"/> for no limit.</summary>
    /// <value>Default 64 MiB (<see cref="DefaultMaxMessageBytes"/>).</value>
    public long? MaxMessageBytes { get; init; } = DefaultMaxMessageBytes;

    /// <summary>Checks every value and returns a private copy (docs/options.md).</summary>
    /// <param name="path">The path of these options inside enclosing options (e.g. <c>Reader</c>), for exception messages.</param>
    /// <returns>The frozen copy.</returns>
    internal MessageReaderOptions Freeze(string? path = null) => new()
    {
        NormalizeLineEndings = NormalizeLineEndings,
        MaxHeaderBytes = OptionChecks.AtLeast(MaxHeaderBytes, 1, OptionChecks.Name(path, nameof(MaxHeaderBytes))),
        MaxHeaderFields = OptionChecks.AtLeast(MaxHeaderFields, 1, OptionChecks.Name(path, nameof(MaxHeaderFields))),
        MaxHeaderLineLength = OptionChecks.AtLeast(MaxHeaderLineLength, 78, OptionChecks.Name(path, nameof(MaxHeaderLineLength))),
        MaxMessageBytes = MaxMessageBytes is { } max ? OptionChecks.AtLeast(max, 1L, OptionChecks.Name(path, nameof(MaxMessageBytes))) : null,
    };
}
