namespace MailAuth.MimeKit;

/// <summary>Limits of <see cref="ArfReportReader"/>.</summary>
public sealed record ArfReportReaderOptions
{
    /// <summary>The largest message read.</summary>
    /// <value>Default 32 MiB; from 1 KiB to 1 GiB.</value>
    public int MaxMessageBytes { get; init; } = 32 << 20;

    /// <summary>The most MIME entities (the message, its parts and those of attached messages).</summary>
    /// <value>Default 256; from 4 to 100,000.</value>
    public int MaxParts { get; init; } = 256;

    /// <summary>The deepest MIME nesting (the report's parts are at depth 1, an attached message's parts at 2 …).</summary>
    /// <value>Default 8; from 2 to 64.</value>
    public int MaxDepth { get; init; } = 8;

    /// <summary>The most fields in the <c>message/feedback-report</c> part.</summary>
    /// <value>Default 1,000; from 3 to 100,000.</value>
    public int MaxFields { get; init; } = 1000;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageBytes, 1024);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxMessageBytes, 1 << 30);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxParts, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxParts, 100_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDepth, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxDepth, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFields, 3);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxFields, 100_000);
    }
}
