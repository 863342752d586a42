using System.Text.RegularExpressions;

namespace MailAuth.Reports.PostgreSql;

/// <summary>Options of <see cref="PostgreSqlDmarcReportStore"/>.</summary>
public sealed partial record PostgreSqlDmarcReportStoreOptions
{
    /// <summary>The prefix of the two table names (<c>{prefix}_rows</c>, <c>{prefix}_policies</c>): lower-case letters, digits and <c>_</c>.</summary>
    /// <value>Default <c>dmarc_report</c>.</value>
    public string TablePrefix { get; init; } = "dmarc_report";

    /// <summary>Create the tables when missing (under an advisory lock, so several MTAs may start at once).</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool CreateTables { get; init; } = true;

    internal void Validate()
    {
        if (TablePrefix is null || TablePrefix.Length is 0 or > 40 || !PrefixRule().IsMatch(TablePrefix))
        {
            throw new ArgumentException("The table prefix must be 1 to 40 lower-case letters, digits or '_', starting with a letter.", nameof(TablePrefix));
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixRule();
}
