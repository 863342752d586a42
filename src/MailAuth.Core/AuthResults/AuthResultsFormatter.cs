using MailAuth.Text;

namespace MailAuth.AuthResults;

/// <summary>
/// Writes Authentication-Results fields (RFC 8601 §2.2). A field that fits in 78 columns is written on one line;
/// otherwise each method result starts a continuation line (CRLF TAB) and longer results fold between words, and
/// inside comments and quoted strings at spaces. Values are written as RFC 2045 tokens when they are one, addresses
/// (<c>local@domain</c>, <c>@domain</c>) as they are, everything else as quoted strings; <c>reason</c> is always quoted.
/// </summary>
public static class AuthResultsFormatter
{
    /// <summary>The target line width (RFC 5322 §2.1.1).</summary>
    public const int LineWidth = HeaderFolder.DefaultWidth;

    /// <summary>Formats a whole field, without a trailing CRLF.</summary>
    /// <param name="results">The field value.</param>
    /// <param name="fieldName">The field name; <c>ARC-Authentication-Results</c> for ARC (RFC 8617 §4.1.1).</param>
    /// <param name="valuePrefix">Text written before the authserv-id, e.g. <c>i=1;</c> for ARC; <see langword="null"/> for none.</param>
    /// <returns>The field text, e.g. <c>Authentication-Results: example.com; spf=pass smtp.mailfrom=example.net</c>.</returns>
    public static string Format(AuthResultsHeader results, string fieldName = AuthResultsHeader.FieldName, string? valuePrefix = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentException.ThrowIfNullOrEmpty(fieldName);

        // authres-header = "Authentication-Results:" [CFWS] authserv-id [ CFWS authres-version ] ( no-result / 1*resinfo )
        var head = new List<string>();
        if (!string.IsNullOrEmpty(valuePrefix))
        {
            head.Add(valuePrefix);
        }

        head.Add(AuthResultsSyntax.Value(results.AuthServId));
        if (results.Version is { } version)
        {
            head.Add(version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        head[^1] += ";";
        var groups = new List<List<string>>();
        if (results.IsNone)
        {
            groups.Add(["none"]);
        }
        else
        {
            foreach (AuthMethodResult result in results.Results)
            {
                groups.Add(Words(result));
            }

            for (int i = 0; i < groups.Count - 1; i++)
            {
                groups[i][^1] += ";";
            }
        }

        string oneLine = fieldName + ": " + string.Join(' ', head.Concat(groups.SelectMany(g => g)));
        if (oneLine.Length <= LineWidth)
        {
            return oneLine;
        }

        var folder = new HeaderFolder(fieldName);
        foreach (string word in head)
        {
            folder.Append(word);
        }

        foreach (List<string> group in groups)
        {
            folder.NewLine();
            folder.AppendRaw(group[0]);
            foreach (string word in group.Skip(1))
            {
                if (word.StartsWith('(') || word.Contains('"', StringComparison.Ordinal))
                {
                    folder.AppendBreakable(word);
                }
                else
                {
                    folder.Append(word);
                }
            }
        }

        return folder.ToString();
    }

    /// <summary>Formats an ARC-Authentication-Results field (RFC 8617 §4.1.1), without a trailing CRLF.</summary>
    /// <param name="results">The payload: the same results as the Authentication-Results field.</param>
    /// <param name="instance">The ARC instance <c>i=</c> (RFC 8617 §4.2.1: 1–50).</param>
    /// <returns>The field text, e.g. <c>ARC-Authentication-Results: i=1; example.com; spf=pass smtp.mailfrom=example.net</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="instance"/> is not 1–50.</exception>
    public static string FormatArc(AuthResultsHeader results, int instance)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(instance, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(instance, 50);
        return Format(results, AuthResultsHeader.ArcFieldName, "i=" + instance.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";");
    }

    // resinfo = methodspec [ CFWS reasonspec ] *( CFWS propspec ), as unbreakable words (comments and quoted strings fold inside).
    internal static List<string> Words(AuthMethodResult result)
    {
        string method = result.MethodVersion is { } v ? result.Method + "/" + v.ToString(System.Globalization.CultureInfo.InvariantCulture) : result.Method;
        var words = new List<string> { method + "=" + result.Result };
        if (result.Comment is not null)
        {
            words.Add(AuthResultsSyntax.Comment(result.Comment));
        }

        if (result.Reason is not null)
        {
            words.Add("reason=" + AuthResultsSyntax.Quote(result.Reason));
        }

        foreach (AuthResultProperty property in result.Properties)
        {
            words.Add(property.FormatSpec());
            if (property.Comment is not null)
            {
                words.Add(AuthResultsSyntax.Comment(property.Comment));
            }
        }

        return words;
    }
}
