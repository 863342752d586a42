namespace MailAuth.MimeKit;

/// <summary>One field of a <c>message/feedback-report</c> part (RFC 5965 §3), unfolded.</summary>
/// <param name="Name">The field name as written.</param>
/// <param name="Value">The value, unfolded, without leading and trailing white space.</param>
public sealed record ArfField(string Name, string Value);
