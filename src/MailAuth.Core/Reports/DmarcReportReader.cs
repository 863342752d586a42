using System.IO.Compression;
using System.Runtime.InteropServices;

namespace MailAuth.Reports;

/// <summary>
/// Reads DMARC aggregate reports as they arrive: bare XML, gzip or zip, detected by magic bytes (RFC 9990 §5 / RFC 7489 §7.2.1.1
/// name gzip; zip is what many reporters send), in the RFC 7489 or RFC 9990 format, with the deviations real reporters produce.
/// Hostile input is bounded: DTDs are prohibited (no XXE, no entity expansion), and size, compression ratio, zip entries,
/// records and depth are limited by <see cref="DmarcReportReaderOptions"/>. Every failure is a <see cref="DmarcReportReadResult"/>.
/// Thread-safe.
/// </summary>
public sealed class DmarcReportReader
{
    private const int RatioFloorBytes = 1024 * 1024;
    private readonly DmarcReportReaderOptions _options;

    /// <summary>Creates a reader with the given limits.</summary>
    /// <param name="options">The limits, or <see langword="null"/> for <see cref="DmarcReportReaderOptions.Default"/>.</param>
    public DmarcReportReader(DmarcReportReaderOptions? options = null)
    {
        options ??= DmarcReportReaderOptions.Default;
        options.Validate();
        _options = options;
    }

    /// <summary>Detects what wraps a report from its leading bytes.</summary>
    /// <param name="content">The bytes.</param>
    /// <returns>The container, or <see cref="DmarcReportContainer.Unknown"/>.</returns>
    public static DmarcReportContainer DetectContainer(ReadOnlySpan<byte> content)
    {
        if (content.Length >= 2 && content[0] == 0x1F && content[1] == 0x8B)
        {
            return DmarcReportContainer.Gzip;
        }

        if (content.Length >= 4 && content[0] == (byte)'P' && content[1] == (byte)'K' && content[2] is 3 or 5 && content[3] is 4 or 6)
        {
            return DmarcReportContainer.Zip;
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) || content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return DmarcReportContainer.Xml;
        }

        int i = 0;
        while (i < content.Length && content[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        if (i < content.Length && content[i] == (byte)'<')
        {
            return DmarcReportContainer.Xml;
        }

        // RFC 5322 §2.2: a header field name is printable US-ASCII except ':' followed by ':'.
        int colon = content[i..Math.Min(content.Length, i + 1000)].IndexOf((byte)':');
        if (colon > 0)
        {
            ReadOnlySpan<byte> name = content.Slice(i, colon);
            if (!name.ContainsAnyExceptInRange((byte)33, (byte)126))
            {
                return DmarcReportContainer.Mime;
            }
        }

        return DmarcReportContainer.Unknown;
    }

    /// <summary>Reads one aggregate report.</summary>
    /// <param name="content">Bare XML, gzip or zip bytes.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The report, or the error with its reason.</returns>
    public DmarcReportReadResult Read(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        if (content.IsEmpty)
        {
            return Fail(DmarcReportReadError.Empty, "the input is empty", DmarcReportContainer.Unknown);
        }

        DmarcReportContainer container = DetectContainer(content.Span);
        if (content.Length > _options.MaxDocumentBytes)
        {
            return Fail(DmarcReportReadError.TooLarge, $"the input has {content.Length} bytes, more than {_options.MaxDocumentBytes}", container);
        }

        switch (container)
        {
            case DmarcReportContainer.Xml:
                return ParseXml(content, container, cancellationToken);
            case DmarcReportContainer.Gzip:
            {
                using var gzip = new GZipStream(AsStream(content), CompressionMode.Decompress);
                DmarcReportReadResult? error = Inflate(gzip, content.Length, container, cancellationToken, out byte[] xml);
                if (error is null && !HasGzipTrailer(content.Span, xml.Length))
                {
                    // zlib checks CRC-32 and ISIZE when the trailer is there, but ends quietly when input stops before it.
                    return Fail(DmarcReportReadError.InvalidCompression, "truncated gzip: the trailer (RFC 1952 §2.2 ISIZE) is missing or does not match", container);
                }

                return error ?? ParseInner(xml, container, cancellationToken);
            }

            case DmarcReportContainer.Zip:
                return ReadZip(content, cancellationToken);
            case DmarcReportContainer.Mime:
                return Fail(DmarcReportReadError.MimeMessage, "the input is a MIME message; read its attachment (MailAuth.MimeKit reads report messages)", container);
            default:
                return Fail(DmarcReportReadError.UnknownFormat, "the input is neither XML, gzip nor zip", container);
        }
    }

    // RFC 1952 §2.2: a member ends with CRC32 and ISIZE (the input size modulo 2^32), little-endian. Checked against the last
    // member against the whole output, so multi-member gzip (not seen from DMARC reporters) is refused as InvalidCompression.
    private static bool HasGzipTrailer(ReadOnlySpan<byte> gzip, long decompressedLength) =>
        gzip.Length >= 18 && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(gzip[^4..]) == (uint)decompressedLength;

    private DmarcReportReadResult ParseInner(byte[] xml, DmarcReportContainer container, CancellationToken cancellationToken)
    {
        // One level of wrapping only: the content of a gzip or zip must itself be XML.
        return DetectContainer(xml) == DmarcReportContainer.Xml
            ? ParseXml(xml, container, cancellationToken)
            : Fail(DmarcReportReadError.UnknownFormat, $"the {container} content is not XML", container);
    }

    private DmarcReportReadResult ReadZip(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        const DmarcReportContainer container = DmarcReportContainer.Zip;
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(AsStream(content), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            return Fail(DmarcReportReadError.InvalidCompression, "corrupt zip: " + e.Message, container);
        }

        using (archive)
        {
            if (archive.Entries.Count > _options.MaxZipEntries)
            {
                return Fail(DmarcReportReadError.ZipEntries, $"the zip lists {archive.Entries.Count} entries, more than {_options.MaxZipEntries}", container);
            }

            foreach (ZipArchiveEntry entry in archive.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (entry.FullName.EndsWith('/'))
                {
                    continue;
                }

                byte[] xml;
                try
                {
                    using Stream stream = entry.Open();
                    DmarcReportReadResult? error = Inflate(stream, Math.Max(1, entry.CompressedLength), container, cancellationToken, out xml);
                    if (error is not null)
                    {
                        return error;
                    }
                }
                catch (InvalidDataException e)
                {
                    return Fail(DmarcReportReadError.InvalidCompression, "corrupt zip entry: " + e.Message, container);
                }

                if (DetectContainer(xml) == DmarcReportContainer.Xml)
                {
                    return ParseXml(xml, container, cancellationToken);
                }
            }
        }

        return Fail(DmarcReportReadError.ZipEntries, "the zip holds no XML entry", container);
    }

    // Copies at most MaxDocumentBytes, stopping as soon as the size or the ratio to the compressed size is exceeded, so a
    // 1 KB → 10 GB bomb costs at most MaxDocumentBytes + one buffer. Linear in the output.
    private DmarcReportReadResult? Inflate(Stream source, long compressedLength, DmarcReportContainer container, CancellationToken cancellationToken, out byte[] output)
    {
        output = [];
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = source.Read(chunk, 0, chunk.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (buffer.Length + read > _options.MaxDocumentBytes)
                {
                    return Fail(DmarcReportReadError.TooLarge, $"the decompressed content exceeds {_options.MaxDocumentBytes} bytes", container);
                }

                buffer.Write(chunk, 0, read);
                if (buffer.Length > RatioFloorBytes && buffer.Length / compressedLength > _options.MaxCompressionRatio)
                {
                    return Fail(DmarcReportReadError.CompressionRatio, $"the content decompresses more than {_options.MaxCompressionRatio} times", container);
                }
            }
        }
        catch (InvalidDataException e)
        {
            return Fail(DmarcReportReadError.InvalidCompression, $"corrupt {container} data: {e.Message}", container);
        }

        output = buffer.ToArray();
        return null;
    }

    private DmarcReportReadResult ParseXml(ReadOnlyMemory<byte> xml, DmarcReportContainer container, CancellationToken cancellationToken)
    {
        var parser = new DmarcReportXmlParser(_options, cancellationToken);
        return parser.Parse(xml, container);
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out ArraySegment<byte> segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    internal static DmarcReportReadResult Fail(DmarcReportReadError error, string reason, DmarcReportContainer container, IReadOnlyList<string>? warnings = null) =>
        new() { Error = error, Reason = Text.ReasonText.Escape(reason) ?? string.Empty, Container = container, Warnings = warnings ?? [] };
}
