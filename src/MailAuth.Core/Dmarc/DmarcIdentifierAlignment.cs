namespace MailAuth.Dmarc;

/// <summary>The alignment verdict for one SPF or DKIM identifier against the Author Domain (RFC 9989 §4.4, §4.10.2).</summary>
/// <param name="Kind">SPF or DKIM.</param>
/// <param name="Domain">The identifier's domain as given (MAIL FROM/HELO domain or <c>d=</c>).</param>
/// <param name="Result">The SPF or DKIM result.</param>
/// <param name="Mode">The alignment mode the record asked for (<c>aspf</c>/<c>adkim</c>).</param>
/// <param name="Aligned"><see langword="true"/> when the identifier passed and is aligned.</param>
/// <param name="OrganizationalDomain">The identifier's Organizational Domain, when it was needed for relaxed alignment.</param>
/// <param name="Selector">The DKIM selector, for reports.</param>
/// <param name="Note">Why the identifier is not aligned, or <see langword="null"/>.</param>
public sealed record DmarcIdentifierAlignment(
    DmarcIdentifierKind Kind,
    string? Domain,
    DmarcAuthResult Result,
    DmarcAlignmentMode Mode,
    bool Aligned,
    string? OrganizationalDomain = null,
    string? Selector = null,
    string? Note = null);
