namespace MailAuth.Reports;

/// <summary>Limits of <see cref="DmarcReportReader"/>; each violation is a <see cref="DmarcReportReadError"/>, never an exception.</summary>
public sealed record DmarcReportReaderOptions
{
    /// <summary>The largest document, compressed or decompressed, in bytes.</summary>
    /// <value>Default 64 MiB (about 200,000 records).</value>
    public long MaxDocumentBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The largest ratio of decompressed to compressed size; checked once the output passes 1 MiB.</summary>
    /// <value>Default 1000 (report XML compresses 10–50 times).</value>
    public int MaxCompressionRatio { get; init; } = 1000;

    /// <summary>The most entries a zip archive may list.</summary>
    /// <value>Default 16.</value>
    public int MaxZipEntries { get; init; } = 16;

    /// <summary>The most <c>record</c> elements.</summary>
    /// <value>Default 200,000.</value>
    public int MaxRecords { get; init; } = 200_000;

    /// <summary>The deepest element nesting (<c>feedback</c> is depth 0; the schemas need 5).</summary>
    /// <value>Default 32.</value>
    public int MaxDepth { get; init; } = 32;

    /// <summary>The largest <c>count</c> of one row.</summary>
    /// <value>Default 4,294,967,295 (so totals over <see cref="MaxRecords"/> rows cannot overflow).</value>
    public long MaxRowCount { get; init; } = uint.MaxValue;

    /// <summary>The most warnings kept.</summary>
    /// <value>Default 100.</value>
    public int MaxWarnings { get; init; } = 100;

    /// <summary>The most extension elements kept per report (file and record level together); further ones are skipped with a warning.</summary>
    /// <value>Default 1,000.</value>
    public int MaxExtensions { get; init; } = 1_000;

    /// <summary>The largest extension element kept as text, in characters; a larger one is kept by name only (<see cref="DmarcReportExtension.Xml"/> <see langword="null"/>).</summary>
    /// <value>Default 64 KiB.</value>
    public int MaxExtensionBytes { get; init; } = DmarcReportExtension.MaxLength;

    /// <summary>The defaults.</summary>
    public static DmarcReportReaderOptions Default { get; } = new();

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDocumentBytes, 1024, nameof(MaxDocumentBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCompressionRatio, 1, nameof(MaxCompressionRatio));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxZipEntries, 1, nameof(MaxZipEntries));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRecords, 1, nameof(MaxRecords));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDepth, 5, nameof(MaxDepth));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRowCount, 1, nameof(MaxRowCount));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxWarnings, nameof(MaxWarnings));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxExtensions, nameof(MaxExtensions));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxExtensionBytes, nameof(MaxExtensionBytes));
    }
}
