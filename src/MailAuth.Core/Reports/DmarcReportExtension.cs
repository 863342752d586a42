using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Xml;

namespace MailAuth.Reports;

/// <summary>
/// One extension element of an aggregate report (RFC 9990 §5): at file level a child of <c>&lt;extension&gt;</c>, at record
/// level an element after <c>auth_results</c>. Extensions are well-formed XML in their own namespace, which names the
/// extension's definition. The reader keeps them (name and bounded raw XML); the writer emits them in RFC 9990 reports.
/// </summary>
public sealed record DmarcReportExtension
{
    /// <summary>The largest extension <see cref="TryCreate"/> accepts, in characters; the reader's bound is <see cref="DmarcReportReaderOptions.MaxExtensionBytes"/>.</summary>
    public const int MaxLength = 64 * 1024;

    // Nesting inside one extension element; the report reader's MaxDepth bounds what it reads.
    private const int MaxDepth = 16;

    /// <summary>The element's namespace URI (the extension's definition, RFC 9990 §5).</summary>
    public required string NamespaceUri { get; init; }

    /// <summary>The element's local name.</summary>
    public required string LocalName { get; init; }

    /// <summary>The element as XML text (outer XML, namespace declared), or <see langword="null"/> when the reader found it larger than its bound.</summary>
    public string? Xml { get; init; }

    /// <summary>Checks caller-supplied extension XML: one well-formed element in a namespace of its own, no DTD, at most <see cref="MaxLength"/> characters and 16 levels deep.</summary>
    /// <param name="xml">The element, e.g. <c>&lt;ext:arc-override xmlns:ext="urn:example:arc"&gt;never&lt;/ext:arc-override&gt;</c>.</param>
    /// <param name="extension">The extension.</param>
    /// <param name="error">Why the XML was refused.</param>
    /// <returns><see langword="true"/> when the XML can be written into a report.</returns>
    public static bool TryCreate(string xml, [NotNullWhen(true)] out DmarcReportExtension? extension, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(xml);
        extension = null;
        if (xml.Length > MaxLength)
        {
            error = $"the extension has {xml.Length} characters, more than {MaxLength}";
            return false;
        }

        try
        {
            using XmlReader reader = CreateReader(xml);
            if (reader.MoveToContent() != XmlNodeType.Element)
            {
                error = "the extension is not an element";
                return false;
            }

            string ns = reader.NamespaceURI, name = reader.LocalName;
            if (!IsExtensionNamespace(ns))
            {
                error = $"the extension <{name}> has no namespace of its own (RFC 9990 §5)";
                return false;
            }

            while (reader.Read())
            {
                if (reader.Depth > MaxDepth)
                {
                    error = $"the extension nests deeper than {MaxDepth}";
                    return false;
                }
            }

            extension = new DmarcReportExtension { NamespaceUri = ns, LocalName = name, Xml = xml.Trim() };
            error = null;
            return true;
        }
        catch (XmlException e)
        {
            error = "the extension is not well-formed XML: " + e.Message;
            return false;
        }
    }

    /// <summary>Writes the element (re-read with DTDs prohibited, so nothing but the checked element reaches the report).</summary>
    internal void WriteTo(XmlWriter writer)
    {
        if (Xml is null)
        {
            return;
        }

        using XmlReader reader = CreateReader(Xml);
        reader.MoveToContent();
        writer.WriteNode(reader, defattr: false);
    }

    /// <summary>A namespace other than none and the two report formats' own.</summary>
    internal static bool IsExtensionNamespace(string ns) =>
        ns.Length > 0 && ns != DmarcReportWords.Rfc9990Namespace && ns != DmarcReportWords.Rfc7489Namespace;

    /// <summary>Copies the element the reader is on into text, stopping at <paramref name="maxLength"/> characters (then <see langword="null"/>) but reading to its end either way. Linear in the element.</summary>
    internal static string? Capture(XmlReader reader, int maxLength, Action onElement)
    {
        var text = new StringBuilder();
        bool over = false;
        int depth = reader.Depth;
        using (XmlWriter writer = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true, ConformanceLevel = ConformanceLevel.Fragment }))
        {
            while (true)
            {
                XmlNodeType type = reader.NodeType;
                bool empty = type == XmlNodeType.Element && reader.IsEmptyElement;
                if (type == XmlNodeType.Element)
                {
                    onElement();
                }

                if (!over)
                {
                    switch (type)
                    {
                        case XmlNodeType.Element:
                            writer.WriteStartElement(reader.Prefix, reader.LocalName, reader.NamespaceURI);
                            writer.WriteAttributes(reader, defattr: false);
                            if (empty)
                            {
                                writer.WriteEndElement();
                            }

                            break;
                        case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace:
                            writer.WriteString(reader.Value);
                            break;
                        case XmlNodeType.EndElement:
                            writer.WriteFullEndElement();
                            break;
                    }

                    writer.Flush();
                    over = text.Length > maxLength;
                }

                bool done = reader.Depth == depth && (empty || type == XmlNodeType.EndElement);
                if (!reader.Read() || done)
                {
                    break;
                }
            }
        }

        return over ? null : text.ToString();
    }

    private static XmlReader CreateReader(string xml) => XmlReader.Create(new StringReader(xml), new XmlReaderSettings
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
    });
}
