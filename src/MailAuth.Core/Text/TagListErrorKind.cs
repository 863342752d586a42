namespace MailAuth.Text;

/// <summary>Why a tag-list (RFC 6376 §3.2) failed to parse.</summary>
internal enum TagListErrorKind
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>An empty tag-spec (";;" or a leading ";"); the ABNF requires a tag-name in every tag-spec.</summary>
    EmptyTagSpec,

    /// <summary>A tag-name that is not <c>ALPHA *ALNUMPUNC</c>.</summary>
    InvalidTagName,

    /// <summary>A tag-name not followed by "=".</summary>
    MissingEquals,

    /// <summary>A character that is neither VALCHAR nor FWS inside a tag-value.</summary>
    InvalidValueCharacter,

    /// <summary>A CR or LF that is not part of FWS (<c>CRLF</c> followed by WSP).</summary>
    InvalidFolding,

    /// <summary>A tag name occurs twice; RFC 6376 §3.2 makes the whole tag-list invalid.</summary>
    DuplicateTag,

    /// <summary>More tags than the caller's buffer holds.</summary>
    TooManyTags,
}
