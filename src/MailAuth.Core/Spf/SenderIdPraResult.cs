using MailAuth.Text;

namespace MailAuth.Spf;

/// <summary>
/// The Purported Responsible Address of a message (RFC 4407 §2), or why it cannot be determined.
/// Sender ID is historic; see docs/spf.md.
/// </summary>
public sealed record SenderIdPraResult
{
    internal SenderIdPraResult(string? mailbox, string? fieldName, string? problem)
    {
        Mailbox = mailbox;
        FieldName = fieldName;
        Problem = ReasonText.Escape(problem);
        if (mailbox is not null)
        {
            int at = mailbox.LastIndexOf('@');
            Domain = mailbox[(at + 1)..];
        }
    }

    /// <summary><see langword="true"/> when a PRA was found.</summary>
    public bool Found => Mailbox is not null;

    /// <summary>The PRA mailbox as an addr-spec (local-part@domain), or <see langword="null"/>.</summary>
    public string? Mailbox { get; }

    /// <summary>The domain of the PRA, or <see langword="null"/>.</summary>
    public string? Domain { get; }

    /// <summary>The header field the PRA came from: "Resent-Sender", "Resent-From", "Sender" or "From" (in this spelling).</summary>
    public string? FieldName { get; }

    /// <summary>Why no PRA could be determined, or <see langword="null"/>.</summary>
    public string? Problem { get; }

    /// <inheritdoc />
    public override string ToString() => Found ? $"{FieldName}: {Mailbox}" : $"no PRA: {Problem}";
}
