using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Xml;
using MailAuth.Dmarc;

namespace MailAuth.Reports;

/// <summary>
/// One pass over aggregate report XML with <see cref="XmlReader"/> (streaming; memory bounded by the document). Elements are
/// matched by local name in any namespace order, as both schemas use <c>xs:all</c> in places and reporters reorder the rest.
/// Unknown elements (extensions) are skipped with a depth check. Cost: linear in the document.
/// </summary>
internal sealed class DmarcReportXmlParser
{
    private readonly DmarcReportReaderOptions _options;
    private readonly CancellationToken _cancellationToken;
    private readonly List<string> _warnings = [];
    private int _extensionCount;
    private XmlReader _reader = null!;

    public DmarcReportXmlParser(DmarcReportReaderOptions options, CancellationToken cancellationToken)
    {
        _options = options;
        _cancellationToken = cancellationToken;
    }

    public DmarcReportReadResult Parse(ReadOnlyMemory<byte> xml, DmarcReportContainer container)
    {
        DmarcReportReadResult first = ParseOnce(xml, container, lenientUtf8: false);
        if (first.Error != DmarcReportReadError.InvalidXml || System.Text.Unicode.Utf8.IsValid(xml.Span) || HasUtf16Bom(xml.Span))
        {
            return first;
        }

        // Real reporters send invalid UTF-8 (parsedmarc's invalid_utf_8.xml): read once more with U+FFFD for bad bytes.
        _warnings.Clear();
        DmarcReportReadResult second = ParseOnce(xml, container, lenientUtf8: true);
        return second.Success ? second : first;
    }

    private static bool HasUtf16Bom(ReadOnlySpan<byte> xml) => xml.Length >= 2 && ((xml[0] == 0xFF && xml[1] == 0xFE) || (xml[0] == 0xFE && xml[1] == 0xFF));

    private DmarcReportReadResult ParseOnce(ReadOnlyMemory<byte> xml, DmarcReportContainer container, bool lenientUtf8)
    {
        var settings = new XmlReaderSettings
        {
            // No DTD: no external entities (XXE) and no entity expansion (billion laughs).
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = _options.MaxDocumentBytes,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = true,
        };
        Stream stream = MemoryMarshal.TryGetArray(xml, out ArraySegment<byte> segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(xml.ToArray(), writable: false);
        try
        {
            _reader = lenientUtf8
                ? XmlReader.Create(new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: false), settings)
                : XmlReader.Create(stream, settings);
            using (_reader)
            {
                if (lenientUtf8)
                {
                    Warn("invalid UTF-8 bytes were replaced by U+FFFD");
                }

                DmarcAggregateReport report = ParseFeedback();
                return new DmarcReportReadResult { Report = report, Container = container, Warnings = _warnings.ToArray() };
            }
        }
        catch (ReportException e)
        {
            return DmarcReportReader.Fail(e.Error, e.Message + Where(), container, _warnings.ToArray());
        }
        catch (XmlException e)
        {
            bool dtd = xml.Span[..Math.Min(xml.Length, 64 * 1024)].IndexOf("<!DOCTYPE"u8) >= 0;
            return dtd
                ? DmarcReportReader.Fail(DmarcReportReadError.DtdProhibited, "the document declares a DTD; DTDs are prohibited", container)
                : DmarcReportReader.Fail(DmarcReportReadError.InvalidXml, $"not well-formed XML (line {e.LineNumber}, position {e.LinePosition}): {e.Message}", container, _warnings.ToArray());
        }
        catch (DecoderFallbackException e)
        {
            return DmarcReportReader.Fail(DmarcReportReadError.InvalidXml, "invalid character encoding: " + e.Message, container, _warnings.ToArray());
        }
    }

    private string Where() => _reader is IXmlLineInfo info && info.HasLineInfo() ? $" (line {info.LineNumber}, position {info.LinePosition})" : string.Empty;

    private DmarcAggregateReport ParseFeedback()
    {
        _extensionCount = 0;
        if (_reader.MoveToContent() != XmlNodeType.Element)
        {
            throw new ReportException(DmarcReportReadError.NotAggregateReport, "the document has no root element");
        }

        if (_reader.LocalName != "feedback")
        {
            // A reporter (parsedmarc's ikea.com sample) wraps <feedback> in an unclosed <xs:schema>: accept one wrapper level.
            string wrapper = _reader.LocalName;
            if (_reader.IsEmptyElement || !_reader.Read() || _reader.MoveToContent() != XmlNodeType.Element || _reader.LocalName != "feedback")
            {
                throw new ReportException(DmarcReportReadError.NotAggregateReport, $"the root element is <{Printable(wrapper)}>, not <feedback>");
            }

            Warn($"<feedback> is wrapped in <{Printable(wrapper)}>");
        }

        string ns = _reader.NamespaceURI;
        DmarcReportFormat format = ns switch
        {
            DmarcReportWords.Rfc9990Namespace => DmarcReportFormat.Rfc9990,
            DmarcReportWords.Rfc7489Namespace or "" => DmarcReportFormat.Rfc7489,
            _ => throw new ReportException(DmarcReportReadError.NotAggregateReport, $"unknown namespace '{Printable(ns)}'"),
        };

        string? version = null;
        DmarcReportMetadata? metadata = null;
        DmarcPublishedPolicy? policy = null;
        var records = new List<DmarcReportRecord>();
        var extensions = new List<DmarcReportExtension?>();

        // The document ends with </feedback>: what follows (an unclosed wrapper, trailing bytes) is not read.
        ForEachChild(consumeEnd: false, handle: name =>
        {
            switch (name)
            {
                case "version":
                    version = ReadText();
                    break;
                case "report_metadata":
                    metadata = ParseMetadata();
                    break;
                case "policy_published":
                    policy = ParsePolicy();
                    break;
                case "record":
                    if (records.Count >= _options.MaxRecords)
                    {
                        throw new ReportException(DmarcReportReadError.TooManyRecords, $"more than {_options.MaxRecords} records");
                    }

                    _cancellationToken.ThrowIfCancellationRequested();
                    records.Add(ParseRecord());
                    break;
                case "extension":
                    // RFC 9990 §5: every child of <extension> is one extension.
                    ForEachChild(_ => extensions.Add(ReadExtension()));
                    break;
                default:
                    Skip();
                    break;
            }
        });

        if (records.Count == 0)
        {
            Warn("the report has no record");
        }

        return new DmarcAggregateReport
        {
            Format = format,
            Version = version,
            Metadata = metadata ?? throw Missing("report_metadata"),
            PolicyPublished = policy ?? throw Missing("policy_published"),
            Extensions = extensions.OfType<DmarcReportExtension>().ToArray(),
            Records = records,
        };
    }

    private DmarcReportMetadata ParseMetadata()
    {
        string? org = null, email = null, extra = null, id = null, generator = null;
        DateTimeOffset? begin = null, end = null;
        var errors = new List<string>();
        ForEachChild(name =>
        {
            switch (name)
            {
                case "org_name": org = ReadText(); break;
                case "email": email = ReadText(); break;
                case "extra_contact_info": extra = ReadText(); break;
                case "report_id": id = ReadText(); break;
                case "generator": generator = ReadText(); break;
                case "error": errors.Add(ReadText()); break;
                case "date_range":
                    ForEachChild(inner =>
                    {
                        switch (inner)
                        {
                            case "begin": begin = ReadEpoch("begin"); break;
                            case "end": end = ReadEpoch("end"); break;
                            default: Skip(); break;
                        }
                    });
                    break;
                default: Skip(); break;
            }
        });

        if (begin is null)
        {
            throw Missing("date_range/begin");
        }

        if (end is null)
        {
            throw Missing("date_range/end");
        }

        if (end < begin)
        {
            throw new ReportException(DmarcReportReadError.InvalidValue, "date_range/end is before begin");
        }

        return new DmarcReportMetadata
        {
            OrgName = Required(org, "org_name"),
            Email = Required(email, "email"),
            ExtraContactInfo = extra,
            ReportId = Required(id, "report_id"),
            Begin = begin.Value,
            End = end.Value,
            Errors = errors,
            Generator = generator,
        };
    }

    private DmarcPublishedPolicy ParsePolicy()
    {
        string? domain = null;
        DmarcPolicy? p = null, sp = null, np = null;
        DmarcAlignmentMode? adkim = null, aspf = null;
        int? pct = null;
        string? fo = null;
        bool? testing = null;
        DmarcDiscoveryMethod? discovery = null;
        ForEachChild(name =>
        {
            switch (name)
            {
                case "domain": domain = ReadText(); break;
                case "p": p = ReadPolicy(name); break;
                case "sp": sp = ReadPolicy(name); break;
                case "np": np = ReadPolicy(name); break;
                case "adkim": adkim = ReadAlignment(name); break;
                case "aspf": aspf = ReadAlignment(name); break;
                case "fo": fo = ReadText(); break;
                case "pct":
                    string pctText = ReadText();
                    if (pctText.Length == 0)
                    {
                        break;
                    }

                    if (!int.TryParse(pctText, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value > 100)
                    {
                        throw Invalid("pct", pctText);
                    }

                    pct = value;
                    break;
                case "testing":
                    string t = ReadText().ToLowerInvariant();
                    testing = t switch
                    {
                        "y" => true,
                        "n" => false,
                        _ => throw Invalid("testing", t),
                    };
                    break;
                case "discovery_method":
                    string d = ReadText().ToLowerInvariant();
                    discovery = d switch
                    {
                        "psl" => DmarcDiscoveryMethod.Psl,
                        "treewalk" => DmarcDiscoveryMethod.TreeWalk,
                        _ => throw Invalid("discovery_method", d),
                    };
                    break;
                default: Skip(); break;
            }
        });

        if (p is null)
        {
            Warn("policy_published/p is missing; taken as none");
        }

        return new DmarcPublishedPolicy
        {
            Domain = domain ?? throw Missing("policy_published/domain"),
            Policy = p ?? DmarcPolicy.None,
            SubdomainPolicy = sp,
            NonExistentSubdomainPolicy = np,
            DkimAlignment = adkim,
            SpfAlignment = aspf,
            Percentage = pct,
            FailureReportingOptions = fo,
            Testing = testing,
            DiscoveryMethod = discovery,
        };
    }

    private DmarcReportRecord ParseRecord()
    {
        string? ip = null, headerFrom = null, envelopeFrom = null, envelopeTo = null;
        long? count = null;
        bool sawEvaluated = false;
        DmarcReportDisposition disposition = DmarcReportDisposition.None;
        bool dkimAligned = false, spfAligned = false;
        var reasons = new List<DmarcPolicyOverride>();
        var dkim = new List<DmarcReportDkimResult>();
        var spf = new List<DmarcReportSpfResult>();
        var extensions = new List<DmarcReportExtension?>();
        ForEachChild(name =>
        {
            switch (name)
            {
                case "row":
                    ForEachChild(rowChild =>
                    {
                        switch (rowChild)
                        {
                            case "source_ip": ip = ReadText(); break;
                            case "count": count = ReadCount(); break;
                            case "policy_evaluated":
                                sawEvaluated = true;
                                ForEachChild(evaluated =>
                                {
                                    switch (evaluated)
                                    {
                                        case "disposition":
                                            string word = ReadText();
                                            if (!DmarcReportWords.TryParseDisposition(word, out disposition))
                                            {
                                                throw Invalid("disposition", word);
                                            }

                                            break;
                                        case "dkim": dkimAligned = ReadAligned("policy_evaluated/dkim"); break;
                                        case "spf": spfAligned = ReadAligned("policy_evaluated/spf"); break;
                                        case "reason":
                                            if (ParseReason() is { } reason)
                                            {
                                                reasons.Add(reason);
                                            }

                                            break;
                                        default: Skip(); break;
                                    }
                                });
                                break;
                            default: Skip(); break;
                        }
                    });
                    break;
                case "identifiers":
                    ForEachChild(id =>
                    {
                        switch (id)
                        {
                            case "header_from": headerFrom = ReadText(); break;
                            case "envelope_from": envelopeFrom = ReadText(); break;
                            case "envelope_to": envelopeTo = ReadText(); break;
                            default: Skip(); break;
                        }
                    });
                    break;
                case "auth_results":
                    ForEachChild(auth =>
                    {
                        switch (auth)
                        {
                            case "dkim": dkim.Add(ParseDkim()); break;
                            case "spf": spf.Add(ParseSpf()); break;
                            default: Skip(); break;
                        }
                    });
                    break;
                default:
                    // RFC 9990 §5: record-level extensions are elements in a namespace of their own after auth_results.
                    if (DmarcReportExtension.IsExtensionNamespace(_reader.NamespaceURI))
                    {
                        extensions.Add(ReadExtension());
                    }
                    else
                    {
                        Skip();
                    }

                    break;
            }
        });

        if (!sawEvaluated)
        {
            throw Missing("row/policy_evaluated");
        }

        return new DmarcReportRecord
        {
            SourceIp = ip ?? throw Missing("row/source_ip"),
            Count = count ?? throw Missing("row/count"),
            Disposition = disposition,
            DkimAligned = dkimAligned,
            SpfAligned = spfAligned,
            Reasons = reasons,
            HeaderFrom = Required(headerFrom, "identifiers/header_from"),
            EnvelopeFrom = envelopeFrom,
            EnvelopeTo = envelopeTo,
            DkimResults = dkim,
            SpfResults = spf,
            Extensions = extensions.OfType<DmarcReportExtension>().ToArray(),
        };
    }

    private DmarcPolicyOverride? ParseReason()
    {
        string? type = null, comment = null;
        ForEachChild(name =>
        {
            switch (name)
            {
                case "type": type = ReadText(); break;
                case "comment": comment = ReadText(); break;
                default: Skip(); break;
            }
        });

        if (string.IsNullOrEmpty(type))
        {
            // parsedmarc's empty_reason.xml: <reason><type></type><comment></comment></reason>.
            Warn("an empty policy_evaluated/reason was ignored");
            return null;
        }

        if (!DmarcReportWords.TryParseOverride(type, out DmarcOverrideReason reason))
        {
            Warn($"unknown reason type '{Printable(type)}' taken as other");
            comment = comment is null ? type : type + ": " + comment;
        }

        return new DmarcPolicyOverride(reason, string.IsNullOrEmpty(comment) ? null : comment);
    }

    private DmarcReportDkimResult ParseDkim()
    {
        string? domain = null, selector = null, result = null, human = null;
        ForEachChild(name =>
        {
            switch (name)
            {
                case "domain": domain = ReadText(); break;
                case "selector": selector = ReadText(); break;
                case "result": result = ReadText().ToLowerInvariant(); break;
                case "human_result": human = ReadText(); break;
                default: Skip(); break;
            }
        });
        return new DmarcReportDkimResult(domain ?? string.Empty, selector, result ?? throw Missing("auth_results/dkim/result"), string.IsNullOrEmpty(human) ? null : human);
    }

    private DmarcReportSpfResult ParseSpf()
    {
        string? domain = null, scope = null, result = null, human = null;
        ForEachChild(name =>
        {
            switch (name)
            {
                case "domain": domain = ReadText(); break;
                case "scope": scope = ReadText().ToLowerInvariant(); break;
                case "result": result = ReadText().ToLowerInvariant(); break;
                case "human_result": human = ReadText(); break;
                default: Skip(); break;
            }
        });
        return new DmarcReportSpfResult(domain ?? string.Empty, scope, result ?? throw Missing("auth_results/spf/result"), string.IsNullOrEmpty(human) ? null : human);
    }

    // Calls handle(localName) for each child element of the current element; handle must consume the child entirely.
    private void ForEachChild(Action<string> handle) => ForEachChild(consumeEnd: true, handle);

    private void ForEachChild(bool consumeEnd, Action<string> handle)
    {
        CheckDepth();
        if (_reader.IsEmptyElement)
        {
            if (consumeEnd)
            {
                _reader.Read();
            }

            return;
        }

        int depth = _reader.Depth;
        _reader.Read();
        while (true)
        {
            switch (_reader.NodeType)
            {
                case XmlNodeType.EndElement when _reader.Depth == depth:
                    if (consumeEnd)
                    {
                        _reader.Read();
                    }

                    return;
                case XmlNodeType.Element:
                    handle(_reader.LocalName);
                    break;
                case XmlNodeType.None:
                    throw new ReportException(DmarcReportReadError.InvalidXml, "unexpected end of document");
                default:
                    _reader.Read();
                    break;
            }
        }
    }

    private void CheckDepth()
    {
        if (_reader.Depth > _options.MaxDepth)
        {
            throw new ReportException(DmarcReportReadError.TooDeep, $"elements nest deeper than {_options.MaxDepth}");
        }
    }

    // Keeps an extension element (name and text up to MaxExtensionBytes); past MaxExtensions it is skipped with a warning.
    private DmarcReportExtension? ReadExtension()
    {
        if (_extensionCount >= _options.MaxExtensions)
        {
            Warn($"more than {_options.MaxExtensions} extensions; <{Printable(_reader.LocalName)}> skipped");
            Skip();
            return null;
        }

        _extensionCount++;
        string ns = _reader.NamespaceURI, name = _reader.LocalName;
        string? xml = DmarcReportExtension.Capture(_reader, _options.MaxExtensionBytes, CheckDepth);
        if (xml is null)
        {
            Warn($"the extension <{Printable(name)}> is larger than {_options.MaxExtensionBytes} characters; kept by name only");
        }

        return new DmarcReportExtension { NamespaceUri = ns, LocalName = name, Xml = xml };
    }

    // Skips an unknown element and its content, checking the depth of every element inside (no recursion).
    private void Skip()
    {
        CheckDepth();
        if (_reader.IsEmptyElement)
        {
            _reader.Read();
            return;
        }

        int depth = _reader.Depth;
        while (_reader.Read())
        {
            if (_reader.NodeType == XmlNodeType.Element)
            {
                CheckDepth();
            }
            else if (_reader.NodeType == XmlNodeType.EndElement && _reader.Depth == depth)
            {
                _reader.Read();
                return;
            }
        }

        throw new ReportException(DmarcReportReadError.InvalidXml, "unexpected end of document");
    }

    private string ReadText()
    {
        if (_reader.IsEmptyElement)
        {
            _reader.Read();
            return string.Empty;
        }

        return _reader.ReadElementContentAsString().Trim();
    }

    private DmarcPolicy ReadPolicy(string name)
    {
        string word = ReadText();
        return DmarcReportWords.TryParsePolicy(word, out DmarcPolicy policy) ? policy : throw Invalid(name, word);
    }

    private DmarcAlignmentMode ReadAlignment(string name)
    {
        string word = ReadText().ToLowerInvariant();
        return word switch
        {
            "r" or "relaxed" => DmarcAlignmentMode.Relaxed,
            "s" or "strict" => DmarcAlignmentMode.Strict,
            _ => throw Invalid(name, word),
        };
    }

    private bool ReadAligned(string name)
    {
        string word = ReadText();
        if (word.Equals("pass", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!word.Equals("fail", StringComparison.OrdinalIgnoreCase))
        {
            Warn($"{name} '{Printable(word)}' taken as fail");
        }

        return false;
    }

    private long ReadCount()
    {
        string text = ReadText();
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value > _options.MaxRowCount)
        {
            throw new ReportException(DmarcReportReadError.InvalidValue, $"row/count '{Printable(text)}' is not an integer from 0 to {_options.MaxRowCount}");
        }

        return value;
    }

    // RFC 9990 DateRangeType: seconds since the epoch, UTC.
    private DateTimeOffset ReadEpoch(string name)
    {
        string text = ReadText();
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seconds)
            || seconds < 0 || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw new ReportException(DmarcReportReadError.InvalidValue, $"date_range/{name} '{Printable(text)}' is not a time in seconds since the epoch");
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds);
    }

    private string Required(string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            Warn($"{name} is missing or empty");
        }

        return value ?? string.Empty;
    }

    private void Warn(string warning)
    {
        if (_warnings.Count < _options.MaxWarnings)
        {
            _warnings.Add(warning);
        }
    }

    private static ReportException Missing(string name) => new(DmarcReportReadError.MissingElement, $"{name} is missing");

    private static ReportException Invalid(string name, string value) => new(DmarcReportReadError.InvalidValue, $"{name} '{Printable(value)}' is not a valid value");

    // Attacker text in a reason: bounded length; control characters are escaped by ReasonText.
    private static string Printable(string value) => value.Length > 64 ? value[..64] + "…" : value;

    private sealed class ReportException(DmarcReportReadError error, string message) : Exception(message)
    {
        public DmarcReportReadError Error { get; } = error;
    }
}
