namespace MailAuth.Policy;

/// <summary>A header field to add to a delivered message. Name and value are printable US-ASCII without CR or LF.</summary>
/// <param name="Name">The field name, e.g. <c>X-Spoofed</c>.</param>
/// <param name="Value">The field value.</param>
public sealed record PolicyHeader(string Name, string Value)
{
    /// <summary>The field as <c>Name: Value</c>, without CRLF.</summary>
    /// <returns>The field text.</returns>
    public override string ToString() => $"{Name}: {Value}";
}
