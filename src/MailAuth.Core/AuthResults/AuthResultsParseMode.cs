namespace MailAuth.AuthResults;

/// <summary>How <see cref="AuthResultsHeader.TryParse(ReadOnlySpan{char}, AuthResultsParseMode, out AuthResultsHeader?, out IReadOnlyList{AuthResultsParseError}, out AuthResultsParseError?)"/> treats fields that break the RFC 8601 §2.2 grammar.</summary>
public enum AuthResultsParseMode
{
    /// <summary>The RFC 8601 §2.2 grammar (with the usual tolerances: comments anywhere, a trailing ";"): one bad result rejects the field.</summary>
    Strict = 0,

    /// <summary>
    /// Recovers at each ";": a result that does not parse (a method name with a dot, a bare domain between results) is
    /// skipped and reported, the valid results are kept, and a field that starts with a result is read with an empty
    /// authserv-id. Use it only to read fields; trust depends on the authserv-id (RFC 8601 §5), which a field without
    /// one does not have.
    /// </summary>
    Lenient = 1,
}
