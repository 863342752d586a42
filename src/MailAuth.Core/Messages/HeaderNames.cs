using System.Text;

namespace MailAuth.Messages;

/// <summary>Field-name strings, shared for the names that occur in nearly every message so they are not allocated per message.</summary>
internal static class HeaderNames
{
    private static readonly string[] Common =
    [
        "From", "To", "Cc", "Subject", "Date", "Message-ID", "Received", "Return-Path", "Reply-To", "Sender",
        "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "DKIM-Signature", "Authentication-Results",
        "ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results", "Received-SPF", "List-Id",
        "List-Unsubscribe", "In-Reply-To", "References", "X-Mailer", "Delivered-To",
    ];

    /// <summary>The name as a string (ASCII; the caller has checked it is <c>ftext</c>).</summary>
    public static string GetString(ReadOnlySpan<byte> name)
    {
        foreach (string common in Common)
        {
            if (common.Length == name.Length && Ascii.Equals(name, common))
            {
                return common;
            }
        }

        return Encoding.ASCII.GetString(name);
    }
}
