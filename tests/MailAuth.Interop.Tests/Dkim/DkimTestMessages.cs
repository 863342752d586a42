namespace MailAuth.Interop.Tests.Dkim;

/// <summary>The realistic messages of TestData/Dkim/messages (CRLF, 8-bit, folded headers, long lines).</summary>
internal static class DkimTestMessages
{
    /// <summary>Messages every matrix cell runs over.</summary>
    public static readonly string[] Matrix = ["plain-8bit", "multipart-attachment", "header-edge-cases"];

    /// <summary>
    /// Body that does not end in CRLF: RFC 6376 §3.4.4 adds one after relaxed processing. Peers disagree
    /// on it (see docs/dkim-interop.md), so it runs only in the cells where they agree.
    /// </summary>
    public const string UnterminatedBody = "short-no-final-crlf";

    /// <summary>The headers every signer in the matrix is asked to sign (h=).</summary>
    public static readonly string[] SignedHeaders = ["from", "to", "cc", "subject", "date", "message-id", "mime-version", "content-type"];

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Dkim", "messages", name + ".eml");

    public static byte[] Load(string name) => File.ReadAllBytes(PathOf(name));
}
