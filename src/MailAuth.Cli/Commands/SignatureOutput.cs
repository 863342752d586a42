using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MailAuth.Cli.Commands;

/// <summary>
/// The output shared by the commands that verify one result per signature field (<c>dkim verify</c>, <c>dk verify</c>):
/// the overall word, the exit code, the JSON document and the text lines. Every value from the message or DNS goes
/// through <see cref="TerminalText"/>.
/// </summary>
internal static class SignatureOutput
{
    // RFC 8601 §2.7.1 words in the order the overall word takes them (docs/cli.md).
    private static readonly string[] Precedence = ["temperror", "fail", "permerror", "policy", "neutral"];

    /// <summary>
    /// The overall word for the results' keywords, always an RFC 8601 word: <c>none</c> without signatures, <c>pass</c>
    /// when every one passes, else the first of temperror, fail, permerror, policy, neutral present.
    /// </summary>
    public static string OverallWord(IReadOnlyList<string> keywords)
    {
        if (keywords.Count == 0)
        {
            return "none";
        }

        if (keywords.All(k => k == "pass"))
        {
            return "pass";
        }

        return Array.Find(Precedence, keywords.Contains) ?? "none";
    }

    /// <summary>0 when there are signatures and all pass, 3 when one is a temperror, 1 otherwise.</summary>
    public static int ExitCode(IReadOnlyList<string> keywords) =>
        keywords.Count > 0 && keywords.All(k => k == "pass") ? ExitCodes.Ok
        : keywords.Contains("temperror") ? ExitCodes.Failure
        : ExitCodes.Negative;

    /// <summary>
    /// Writes the results (the JSON document under <c>--json</c>, else <paramref name="none"/> when there are none and one
    /// line per result from <paramref name="line"/>) and returns the exit code (<see cref="ExitCode"/>).
    /// </summary>
    public static async Task<int> WriteAsync<T>(CommandContext context, IReadOnlyList<T> results, Func<T, string> keyword, string none, Action<Utf8JsonWriter, T> writeResult, Func<T, StringBuilder> line)
    {
        string[] keywords = [.. results.Select(keyword)];
        int exit = ExitCode(keywords);
        if (context.Json)
        {
            await WriteJsonAsync(context.Out, results, keywords, writeResult).ConfigureAwait(false);
            return exit;
        }

        if (results.Count == 0)
        {
            await context.Out.WriteLineAsync(none).ConfigureAwait(false);
        }

        foreach (T r in results)
        {
            await context.Out.WriteLineAsync(line(r).ToString()).ConfigureAwait(false);
        }

        return exit;
    }

    /// <summary>Writes <c>{"result": overall, "signatures": [...]}</c>.</summary>
    public static Task WriteJsonAsync<T>(TextWriter output, IReadOnlyList<T> results, IReadOnlyList<string> keywords, Action<Utf8JsonWriter, T> writeResult) =>
        JsonOutput.WriteAsync(output, w =>
        {
            w.WriteStartObject();
            w.WriteString("result", OverallWord(keywords));
            w.WriteStartArray("signatures");
            foreach (T r in results)
            {
                writeResult(w, r);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });

    /// <summary>Starts a text line <c>method=keyword (reason)</c>.</summary>
    public static StringBuilder Line(string method, string keyword, string? reason)
    {
        var line = new StringBuilder(method).Append('=').Append(keyword);
        if (reason is not null)
        {
            line.Append(" (").Append(TerminalText.Value(reason)).Append(')');
        }

        return line;
    }

    /// <summary>Appends <c> name=value</c> (escaped) when the value is known.</summary>
    public static void Append(StringBuilder line, string name, string? value)
    {
        if (value is not null)
        {
            line.Append(' ').Append(name).Append('=').Append(TerminalText.Value(value));
        }
    }

    /// <summary>Appends <c> key=N-bit</c> when a key was fetched and <c> testing</c> for a key in test mode.</summary>
    public static void AppendKey(StringBuilder line, int keyBits, bool testing)
    {
        if (keyBits > 0)
        {
            line.Append(" key=").Append(keyBits.ToString(CultureInfo.InvariantCulture)).Append("-bit");
        }

        if (testing)
        {
            line.Append(" testing");
        }
    }

    /// <summary>Writes <c>keyBits</c>: the key size, or null when no key was fetched.</summary>
    public static void WriteKeyBits(Utf8JsonWriter w, int keyBits)
    {
        if (keyBits > 0)
        {
            w.WriteNumber("keyBits", keyBits);
        }
        else
        {
            w.WriteNull("keyBits");
        }
    }
}
