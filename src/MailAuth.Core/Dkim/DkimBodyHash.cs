namespace MailAuth.Dkim;

/// <summary>A computed body hash with what <c>l=</c> checks need.</summary>
/// <param name="Hash">The hash (the <c>bh=</c> value, decoded).</param>
/// <param name="CanonicalLength">The length of the whole canonical body, regardless of <c>l=</c>.</param>
/// <param name="HasUnsignedContent">Whether the canonical octets after <c>l=</c> hold more than whitespace (RFC 6376 §8.2).</param>
internal readonly record struct DkimBodyHash(byte[] Hash, long CanonicalLength, bool HasUnsignedContent);
